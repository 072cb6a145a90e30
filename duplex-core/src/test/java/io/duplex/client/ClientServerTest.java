package io.duplex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.duplex.ReadyState;
import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.server.WebSocketServer;

/** Our client against our server, over loopback: the client's own rules and lifecycle. */
class ClientServerTest {

    static WebSocketServer server;
    static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        server = WebSocketServer.builder().loops(1).endpoint("/echo", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("bye")) {
                    ws.close(4002, "as you wish");
                } else {
                    ws.sendText(text);
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ws.sendBinary(data);
            }
        }, "v2", "v1").start();
        client = WebSocketClient.builder().build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /** Records what the client's listener hears. */
    static final class Recorder implements WebSocketListener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final CompletableFuture<Void> opened = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket ws) {
            opened.complete(null);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            received.add(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.add(b);
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer payload) {
            received.add("pong:" + payload.remaining());
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            closed.complete(code + " " + reason);
        }

        Object next() throws InterruptedException {
            Object o = received.poll(20, TimeUnit.SECONDS);
            assertThat(o).as("a message within 20 s").isNotNull();
            return o;
        }
    }

    URI echo() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/echo?x=1");
    }

    @Test
    void exchangesMessagesAndClosesCleanly() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = client.connect(echo(), r, ConnectOptions.defaults().subprotocols("v1", "v2")
                .header("Origin", "http://127.0.0.1")).get(20, TimeUnit.SECONDS);
        assertThat(r.opened).isDone();
        assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(ws.subprotocol()).isEqualTo("v2"); // the server's preference among those offered
        assertThat(ws.extensions()).as("no extension offered, none agreed").isEmpty();
        ws.sendText("héllo");
        assertThat(r.next()).isEqualTo("héllo");
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big));
        assertThat((byte[]) r.next()).isEqualTo(big);
        ws.ping(ByteBuffer.wrap(new byte[5]));
        assertThat(r.next()).isEqualTo("pong:5");
        ws.close(1000, "done");
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1000 ");
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void serverInitiatedCloseReachesTheClient() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = client.connect(echo(), r).get(20, TimeUnit.SECONDS);
        ws.sendText("bye");
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).isEqualTo("4002 as you wish");
    }

    @Test
    void handshakeRejectionFailsTheFuture() {
        CompletableFuture<WebSocket> f = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/none"),
                new Recorder());
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketException.class).hasMessageContaining("404");
    }

    @Test
    void refusedConnectionFailsTheFuture() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CompletableFuture<WebSocket> f = client.connect(URI.create("ws://127.0.0.1:" + closedPort + "/"), new Recorder());
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketException.class).hasMessageContaining("cannot connect");
    }

    @Test
    void sendsAfterCloseAreDropped() throws Exception {
        Recorder r = new Recorder();
        WebSocket ws = client.connect(echo(), r).get(20, TimeUnit.SECONDS);
        ws.close(1000, "");
        r.closed.get(20, TimeUnit.SECONDS);
        assertThat(ws.sendText("late")).isEqualTo(io.duplex.SendResult.DROPPED);
    }

    @Test
    void onlyWsUrisAreTaken() {
        assertThatThrownBy(() -> client.connect(URI.create("http://127.0.0.1/"), new Recorder()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1/#frag"), new Recorder()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
