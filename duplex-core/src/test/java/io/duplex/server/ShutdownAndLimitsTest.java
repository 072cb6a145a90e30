package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/** The connection limit and the graceful shutdown (Close 1001, wait, then close the rest). */
class ShutdownAndLimitsTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A JDK client connection and the close it receives. */
    record Peer(java.net.http.WebSocket ws, CompletableFuture<String> closed) {
    }

    static Peer connect(WebSocketServer server) {
        CompletableFuture<String> closed = new CompletableFuture<>();
        java.net.http.WebSocket ws = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
                        closed.complete(code + " " + reason);
                        return null; // the JDK client then answers with its own Close
                    }
                }).join();
        return new Peer(ws, closed);
    }

    @Test
    void connectionsPastTheLimitGet503UntilOneCloses() throws Exception {
        CompletableFuture<String> firstClosed = new CompletableFuture<>();
        try (WebSocketServer server = WebSocketServer.builder().loops(1).maxConnections(2)
                .endpoint("/ws", new WebSocketListener() {
                    @Override
                    public void onClose(WebSocket ws, int code, String reason) {
                        firstClosed.complete(reason);
                    }
                }).start()) {
            Peer a = connect(server);
            connect(server);
            assertThatThrownBy(() -> connect(server)).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(503));
            a.ws().sendClose(1000, "making room").join();
            assertThat(firstClosed.get(20, TimeUnit.SECONDS)).isEqualTo("making room");
            // The server counts the closed one out once its socket is closed; then there is room again.
            awaitCount(server, 1);
            assertThat(connect(server).ws().isOutputClosed()).isFalse();
        }
    }

    @Test
    void closeSays1001ToEveryConnectionAndWaitsForThem() throws Exception {
        WebSocketServer server = WebSocketServer.builder().loops(2).endpoint("/ws", new WebSocketListener() { }).start();
        Peer a = connect(server);
        Peer b = connect(server);
        server.close(Duration.ofSeconds(20));
        assertThat(a.closed().get(20, TimeUnit.SECONDS)).isEqualTo("1001 shutting down");
        assertThat(b.closed().get(20, TimeUnit.SECONDS)).isEqualTo("1001 shutting down");
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void closeDoesNotWaitPastItsGraceForAMutePeer() throws Exception {
        WebSocketServer server = WebSocketServer.builder().loops(1).closeTimeout(Duration.ofMinutes(5))
                .endpoint("/ws", new WebSocketListener() { }).start();
        try (Socket mute = TimeoutsTest.rawUpgrade(server.port())) {
            long start = System.nanoTime();
            server.close(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            InputStream in = mute.getInputStream();
            assertThat(in.readNBytes(2)).containsExactly(0x88, 15); // Close: 1001 "shutting down"
            in.readNBytes(15);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** Waits for the server's count, which follows the sockets' closing on the loops. */
    static void awaitCount(WebSocketServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.connectionCount() != expected) {
            assertThat(System.nanoTime() - deadline).as("count reaches %d", expected).isNegative();
            Thread.onSpinWait();
            Thread.sleep(1); // polling a counter that the loops update: no event to wait on
        }
    }
}
