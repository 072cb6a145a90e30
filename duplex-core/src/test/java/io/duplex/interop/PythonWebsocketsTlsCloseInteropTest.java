package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.client.ClientTls;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;
import io.duplex.tls.TestCertificates;

/**
 * The end of a {@code wss://} connection our client closes, against Python's {@code websockets}
 * server on asyncio's TLS (OpenSSL, TLS 1.3). That server answers our Close frame and at once
 * sends close_notify, then waits for ours (or for TCP to close) before it closes TCP itself, for up
 * to its close timeout (10 s in {@code ws_server.py}). TLS 1.3 makes close_notify a half-close:
 * the JDK's engine does not answer it by itself, so our client must see it as the end of input and
 * close, which sends its own.
 *
 * <p>A {@link CountingRelay} batching the server's bytes makes the Close frame and the close_notify
 * reach our client in one read, every time: without it they do now and then (it is how this was
 * found: {@code clientInitiatedClose} of {@link PythonWebsocketsTlsServerInteropTest} took 10 s in
 * one run of several).
 *
 * <p>The transport asks the wire, after handling the data of each read, whether the input ended
 * below it ({@code Wire.inputEnded}); without that the close_notify kept as a flag would only be seen
 * by a later read, which never comes, and both sides would wait for the server's close timeout.
 */
class PythonWebsocketsTlsCloseInteropTest {

    /** What the relay holds the server's bytes for: far longer than the server takes between the two. */
    static final Duration BATCH = Duration.ofMillis(100);
    /** A prompt close takes well under a second; a missed close_notify takes the server's 10 s. */
    static final Duration PROMPT = Duration.ofSeconds(5);

    ExternalServer server;
    CountingRelay relay;
    WebSocketClient client;

    @BeforeEach
    void start() throws Exception {
        server = ExternalServer.startTls("python-websockets-tls", PythonWebsocketsServerInteropTest.SCRIPT);
        TestCertificates certs = TestCertificates.get();
        relay = new CountingRelay(new InetSocketAddress("127.0.0.1", server.port()), BATCH);
        // Our close timeout above the server's, so that it is the server that gives up on a stall.
        client = ExternalServer.Checks.clientBuilder().tls(ClientTls.trustingPem(certs.ca()))
                .closeTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (relay != null) {
                relay.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void ourCloseEndsTheConnectionPromptlyWhenTheServersCloseAndCloseNotifyComeInOneRead() throws Exception {
        ExternalServer.Recorder r = new ExternalServer.Recorder();
        URI uri = URI.create("wss://localhost:" + relay.port() + ExternalServer.PATH);
        WebSocket ws = client.connect(uri, r, ConnectOptions.defaults().subprotocols("chat"))
                .get(ExternalServer.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        ws.sendText("before the close");
        assertThat(r.next(ExternalServer.Text.class, "the echo").text()).isEqualTo("before the close");

        int mark = server.mark();
        long started = System.nanoTime();
        ws.close(4000, "client-bye");
        assertThat(r.awaitClose()).isEqualTo(new ExternalServer.Close(4000, "client-bye"));
        // The server prints its CLOSE line once TCP has closed: after our close_notify, or after its
        // own timeout when that never comes.
        server.awaitOutput(mark, "CLOSE 4000 client-bye", "CLOSE 4000 client-bye"::equals);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("close to TCP closed, through a relay batching by " + BATCH.toMillis() + " ms: "
                + took.toMillis() + " ms");
        assertThat(took).as("from our Close to the server seeing the connection end").isLessThan(PROMPT);
    }
}
