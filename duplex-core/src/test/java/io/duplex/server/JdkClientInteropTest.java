package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.interop.EchoEndpoint;
import io.duplex.testing.JdkMessageListener;

/**
 * Our server against a client we did not write: the JDK's {@code java.net.http.WebSocket}, on the
 * shared {@link EchoEndpoint} of the interop tests.
 */
class JdkClientInteropTest {

    static final EchoEndpoint echo = new EchoEndpoint();
    static WebSocketServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = echo.startServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Collects whole messages and the close the JDK client receives. */
    static final class Collector extends JdkMessageListener {
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }
    }

    static WebSocket connect(Collector collector) {
        return http.newWebSocketBuilder().subprotocols("chat")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), collector).join();
    }

    @Test
    void textEchoAndSubprotocol() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c);
        assertThat(ws.getSubprotocol()).isEqualTo("chat");
        ws.sendText("héllo €", true).join();
        assertThat(c.next()).isEqualTo("héllo €");
        ws.sendClose(1000, "done").join();
        assertThat(c.closed.get(20, TimeUnit.SECONDS)).isEqualTo("1000 ");
        awaitServerClose("1000 done");
    }

    /** Other tests' closes may still be arriving: look for this one among them. */
    static void awaitServerClose(String expected) throws InterruptedException {
        echo.awaitClose(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20})
    void binaryEchoOfEverySize(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Collector c = new Collector();
        WebSocket ws = connect(c);
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        assertThat((byte[]) c.next()).isEqualTo(data);
        ws.sendClose(1000, "").join();
        c.closed.get(20, TimeUnit.SECONDS);
    }

    @Test
    void fragmentedMessagesArriveWhole() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c);
        ws.sendText("frag", false).join();
        ws.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8))).join();
        ws.sendText("mented", true).join();
        assertThat(List.of(c.next(), c.next())).containsExactlyInAnyOrder("pong:p", "fragmented");
        ws.sendClose(1000, "").join();
        c.closed.get(20, TimeUnit.SECONDS);
    }

    @Test
    void serverClosesWithCodeAndReason() throws Exception {
        Collector c = new Collector();
        WebSocket ws = connect(c);
        ws.sendText("close-me:4001:going now", true).join();
        assertThat(c.closed.get(20, TimeUnit.SECONDS)).isEqualTo("4001 going now");
    }

    @Test
    void unknownPathFailsTheHandshakeWith404() {
        assertThatThrownBy(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/nowhere"), new Collector()).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void plainHttpRequestGets404AndTheServerStaysUp() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            // Connection: close, so that the server ends the kept-alive connection after its answer.
            out.write("GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 404 ");
        }
        textEchoAndSubprotocol();
    }

    @Test
    void malformedHeadGets400() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 400 ");
        }
    }
}
