package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.WebSocketClient;

/**
 * Timeouts, each shown by what the peer sees (the socket ending, a Ping, a Close), never by sleeping:
 * slow and silent peers are dropped, dead peers are noticed, closes end even when the peer is mute.
 */
class TimeoutsTest {

    static final Duration SHORT = Duration.ofMillis(300);
    WebSocketServer server;

    /** Records the server side's close. */
    static final class ServerSide implements WebSocketListener {
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();
        final boolean closeOnOpen;

        ServerSide(boolean closeOnOpen) {
            this.closeOnOpen = closeOnOpen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            if (closeOnOpen) {
                ws.close(1000, "");
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable e) {
            error.complete(e);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            closed.complete(code + " " + reason);
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    WebSocketServer.Builder builder() {
        return WebSocketServer.builder().loops(1).keepalive(Duration.ZERO, Duration.ZERO);
    }

    static Socket rawUpgrade(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        s.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(SamePortHttpTest.readHead(s.getInputStream())).startsWith("HTTP/1.1 101 ");
        return s;
    }

    @Test
    void silentClientIsDroppedAfterTheHandshakeTimeout() throws Exception {
        server = builder().handshakeTimeout(SHORT).endpoint("/ws", new ServerSide(false)).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void clientSendingHalfAHeadIsDropped() throws Exception {
        server = builder().handshakeTimeout(SHORT).endpoint("/ws", new ServerSide(false)).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void deadPeerIsPingedThenDropped() throws Exception {
        ServerSide side = new ServerSide(false);
        server = builder().keepalive(SHORT, SHORT).endpoint("/ws", side).start();
        try (Socket s = rawUpgrade(server.port())) {
            InputStream in = s.getInputStream();
            // RFC 6455 5.5.2: a Ping (opcode 9) with an 8-byte payload, unmasked from a server.
            assertThat(in.readNBytes(2)).containsExactly(0x89, 8);
            in.readNBytes(8);
            // This peer never answers: the server drops the socket.
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(side.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1006 ");
        assertThat(side.error.get(20, TimeUnit.SECONDS)).hasMessageContaining("keepalive");
    }

    @Test
    void livePeerAnswersPingsAndStaysConnected() throws Exception {
        ServerSide side = new ServerSide(false);
        server = builder().keepalive(Duration.ofMillis(100), SHORT).endpoint("/ws", side).start();
        CountDownLatch pings = new CountDownLatch(3);
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onPing(java.net.http.WebSocket w, ByteBuffer message) {
                        pings.countDown(); // the JDK client answers with a Pong by itself
                        w.request(1);
                        return null;
                    }
                }).join();
        assertThat(pings.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(side.closed).isNotDone();
        ws.abort();
    }

    @Test
    void idleConnectionIsClosedWith1001() throws Exception {
        server = builder().idleTimeout(SHORT).endpoint("/ws", new ServerSide(false)).start();
        CompletableFuture<String> clientSaw = new CompletableFuture<>();
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                        clientSaw.complete(code + " " + reason);
                        return null;
                    }
                }).join();
        assertThat(clientSaw.get(20, TimeUnit.SECONDS)).isEqualTo("1001 idle timeout");
    }

    @Test
    void muteCloseHandshakeEndsAfterTheCloseTimeout() throws Exception {
        ServerSide side = new ServerSide(true);
        server = builder().closeTimeout(SHORT).endpoint("/ws", side).start();
        try (Socket s = rawUpgrade(server.port())) {
            InputStream in = s.getInputStream();
            assertThat(in.readNBytes(4)).containsExactly(0x88, 2, 0x03, 0xE8); // Close 1000
            // This peer never answers the Close: the server closes TCP anyway.
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(side.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1006 ");
    }

    @Test
    void clientGivesUpOnAServerThatNeverAnswers() throws Exception {
        try (ServerSocket mute = new ServerSocket(0);
             WebSocketClient client = WebSocketClient.builder().handshakeTimeout(SHORT).build()) {
            CompletableFuture<WebSocket> f = client.connect(URI.create("ws://127.0.0.1:" + mute.getLocalPort() + "/"),
                    new WebSocketListener() { });
            try (Socket accepted = mute.accept()) {
                assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("timed out");
            }
        }
    }
}
