package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.interop.EchoEndpoint;

/**
 * Our server against a client we did not write: Jetty 12's WebSocket client, on the shared
 * {@link EchoEndpoint} of the interop tests. Text and binary of 0 B to 16 MiB, a fragmented message
 * with a Ping between its fragments, and closes with codes and reasons started by either side.
 */
class JettyClientInteropTest {

    static final EchoEndpoint echo = new EchoEndpoint();
    static WebSocketServer server;
    static WebSocketClient jetty;

    @BeforeAll
    static void start() throws Exception {
        server = echo.startServer();
        jetty = new WebSocketClient();
        jetty.setMaxTextMessageSize(32 << 20);
        jetty.setMaxBinaryMessageSize(32 << 20);
        jetty.setIdleTimeout(Duration.ofMinutes(1));
        jetty.start();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        server.close();
    }

    /** Jetty's side: collects whole messages, pongs and the close it receives. */
    public static final class Collector implements Session.Listener.AutoDemanding {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            messages.add(copy);
            callback.succeed();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            messages.add("pong:" + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            closed.complete(code + " " + reason);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.completeExceptionally(cause);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }
    }

    static Session connect(Collector collector) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        request.setSubProtocols(EchoEndpoint.SUBPROTOCOL);
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + EchoEndpoint.PATH);
        return jetty.connect(collector, uri, request).get(20, TimeUnit.SECONDS);
    }

    /** Sends through Jetty and waits for its callback. */
    static void send(Consumer<Callback.Completable> sending) throws Exception {
        Callback.Completable.with(sending::accept).get(20, TimeUnit.SECONDS);
    }

    /**
     * Starts a close from Jetty's side. Its callback is not awaited: when our answer and the end of
     * TCP arrive before Jetty has completed the write of its own Close, Jetty fails that callback with
     * {@code ClosedChannelException} although the handshake completed. Both ends' reports of the
     * close are what the tests assert.
     */
    static void startClose(Session session, int code, String reason) {
        session.close(code, reason, Callback.NOOP);
    }

    /** A text of exactly {@code size} UTF-8 bytes, mixing 1- to 4-byte characters. */
    static String textOfSize(int size) {
        String[] pieces = {"a", "é", "€", "😀"};
        Random random = new Random(size);
        StringBuilder text = new StringBuilder();
        int left = size;
        while (left > 0) {
            String piece = pieces[random.nextInt(Math.min(left, pieces.length))];
            text.append(piece);
            left -= piece.getBytes(StandardCharsets.UTF_8).length;
        }
        return text.toString();
    }

    @Test
    void textPingSubprotocolAndClientClose() throws Exception {
        Collector c = new Collector();
        Session session = connect(c);
        assertThat(session.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo(EchoEndpoint.SUBPROTOCOL);
        send(cb -> session.sendText("héllo €", cb));
        assertThat(c.next()).isEqualTo("héllo €");
        send(cb -> session.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8)), cb));
        assertThat(c.next()).isEqualTo("pong:are you there");
        startClose(session, 4000, "jetty-bye");
        assertThat(c.closed.get(20, TimeUnit.SECONDS)).startsWith("4000");
        echo.awaitClose("4000 jetty-bye");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20})
    void textAndBinaryEchoOfEverySize(int size) throws Exception {
        Collector c = new Collector();
        Session session = connect(c);
        String text = textOfSize(size);
        send(cb -> session.sendText(text, cb));
        assertThat((String) c.next()).isEqualTo(text);
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        send(cb -> session.sendBinary(ByteBuffer.wrap(data), cb));
        assertThat((byte[]) c.next()).isEqualTo(data);
        startClose(session, 1000, "size " + size);
        assertThat(c.closed.get(20, TimeUnit.SECONDS)).startsWith("1000");
        echo.awaitClose("1000 size " + size);
    }

    @Test
    void fragmentedMessagesWithAPingBetweenFragmentsArriveWhole() throws Exception {
        Collector c = new Collector();
        Session session = connect(c);
        send(cb -> session.sendPartialText("frag", false, cb));
        send(cb -> session.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8)), cb));
        send(cb -> session.sendPartialText("mented", true, cb));
        assertThat(List.of(c.next(), c.next())).containsExactlyInAnyOrder("pong:p", "fragmented");
        send(cb -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {1, 2}), false, cb));
        send(cb -> session.sendPartialBinary(ByteBuffer.wrap(new byte[] {3}), true, cb));
        assertThat((byte[]) c.next()).containsExactly(1, 2, 3);
        startClose(session, 1000, "fragments");
        assertThat(c.closed.get(20, TimeUnit.SECONDS)).startsWith("1000");
        echo.awaitClose("1000 fragments");
    }

    @Test
    void serverClosesWithCodeAndReasonAndJettyAnswers() throws Exception {
        Collector c = new Collector();
        Session session = connect(c);
        send(cb -> session.sendText("close-me:4001:going now", cb));
        assertThat(c.closed.get(20, TimeUnit.SECONDS)).isEqualTo("4001 going now");
        // Jetty echoes the code in its answer (section 5.5.1), which the server reports.
        echo.awaitClose("4001 (Jetty's answer)", seen -> seen.startsWith("4001 "), 20);
    }
}
