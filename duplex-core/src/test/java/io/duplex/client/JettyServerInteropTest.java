package io.duplex.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.WebSocket;

/** Our client against a server we did not write: Jetty 12's WebSocket server. */
class JettyServerInteropTest {

    static Server jetty;
    static int port;
    static final BlockingQueue<String> jettyCloses = new LinkedBlockingQueue<>();
    static WebSocketClient client;

    /** Jetty's side: echoes, closes on request, records the closes it sees. */
    public static final class JettyEcho implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            if (message.startsWith("close-me:")) {
                String[] parts = message.split(":", 3);
                session.close(Integer.parseInt(parts[1]), parts[2], Callback.NOOP);
            } else {
                session.sendText(message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            jettyCloses.add(code + " " + reason);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(WebSocketUpgradeHandler.from(jetty, container -> {
            container.setIdleTimeout(Duration.ofMinutes(1));
            container.setMaxTextMessageSize(32 << 20);
            container.setMaxBinaryMessageSize(32 << 20);
            container.addMapping("/echo", (req, resp, cb) -> {
                if (req.getSubProtocols().contains("chat")) {
                    resp.setAcceptedSubProtocol("chat");
                }
                return new JettyEcho();
            });
        }));
        jetty.start();
        port = connector.getLocalPort();
        client = WebSocketClient.builder().maxMessageSize(32L << 20).build();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        jetty.stop();
    }

    WebSocket connect(ClientServerTest.Recorder r) throws Exception {
        return client.connect(URI.create("ws://127.0.0.1:" + port + "/echo"), r,
                ConnectOptions.defaults().subprotocols("chat")).get(20, TimeUnit.SECONDS);
    }

    @Test
    void textPingAndClientClose() throws Exception {
        ClientServerTest.Recorder r = new ClientServerTest.Recorder();
        WebSocket ws = connect(r);
        assertThat(ws.subprotocol()).isEqualTo("chat");
        ws.sendText("héllo €");
        assertThat(r.next()).isEqualTo("héllo €");
        ws.ping(ByteBuffer.wrap(new byte[3]));
        assertThat(r.next()).isEqualTo("pong:3");
        ws.close(4000, "client done");
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).startsWith("4000");
        awaitJettyClose("4000 client done");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20})
    void binaryEchoOfEverySize(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        ClientServerTest.Recorder r = new ClientServerTest.Recorder();
        WebSocket ws = connect(r);
        ws.sendBinary(ByteBuffer.wrap(data));
        assertThat((byte[]) r.next()).isEqualTo(data);
        ws.close(1000, "");
        r.closed.get(20, TimeUnit.SECONDS);
    }

    @Test
    void serverInitiatedCloseWithCodeAndReason() throws Exception {
        ClientServerTest.Recorder r = new ClientServerTest.Recorder();
        WebSocket ws = connect(r);
        ws.sendText("close-me:4001:bye from jetty");
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).isEqualTo("4001 bye from jetty");
    }

    /** Closes of earlier tests may still be arriving: look for this one among them. */
    static void awaitJettyClose(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0) {
            if (expected.equals(jettyCloses.poll(1, TimeUnit.SECONDS))) {
                return;
            }
        }
        throw new AssertionError("Jetty did not report the close " + expected);
    }
}
