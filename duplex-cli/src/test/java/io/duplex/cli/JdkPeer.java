package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.duplex.testing.JdkMessageListener;

/** The JDK's {@code java.net.http.WebSocket} as a peer we did not write: collects whole messages. */
final class JdkPeer extends JdkMessageListener {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket ws;

    /** Opens a connection to the URL. */
    static JdkPeer connect(String url) {
        JdkPeer peer = new JdkPeer();
        peer.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), peer).orTimeout(30, TimeUnit.SECONDS).join();
        return peer;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** @return the next whole message: a String or a byte[] */
    Object next() throws InterruptedException {
        Object m = messages.poll(30, TimeUnit.SECONDS);
        assertThat(m).as("a message within 30 s").isNotNull();
        return m;
    }

    /** Closes with 1000 and waits for the server's Close. */
    void close() throws Exception {
        ws.sendClose(1000, "").get(30, TimeUnit.SECONDS);
        assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
    }
}
