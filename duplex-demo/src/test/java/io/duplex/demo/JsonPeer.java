package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.duplex.ReadyState;
import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.WebSocketClient;

/**
 * One app's client in a test: duplex-core's own client, sending and reading the apps' JSON. Every
 * wait is bounded by {@link #TIMEOUT} and fails with what did arrive.
 */
final class JsonPeer implements AutoCloseable {

    /** The longest any single wait may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<Map<String, Object>> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private JsonPeer(WebSocketClient client, URI uri) {
        this.ws = client.connect(uri, new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                inbox.add(Json.parse(text));
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                closed.complete(code);
            }
        }).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /**
     * @param client the client
     * @param server the demo server
     * @param path   {@code /chat}, {@code /counter} or {@code /ticker}
     * @return an open connection
     */
    static JsonPeer connect(WebSocketClient client, DemoServer server, String path) {
        return new JsonPeer(client, URI.create("ws://127.0.0.1:" + server.port() + path));
    }

    /**
     * Sends a JSON object.
     *
     * @param namesAndValues its fields, each name followed by its value
     */
    void send(Object... namesAndValues) {
        sendRaw(Json.write(namesAndValues));
    }

    /** @param text sent as it is, JSON or not */
    void sendRaw(String text) {
        ws.sendText(text);
    }

    /** @return the connection, for what the JSON methods do not cover */
    WebSocket socket() {
        return ws;
    }

    /** @return the next message, whatever it is */
    Map<String, Object> next() {
        try {
            Map<String, Object> message = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Reads messages until one of the type that matches, dropping the others on the way.
     *
     * @param type      the {@code type} wanted
     * @param condition what else it must satisfy
     * @return that message
     */
    Map<String, Object> await(String type, Predicate<Map<String, Object>> condition) {
        List<Map<String, Object>> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                Map<String, Object> message = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
                if (message == null) {
                    throw new AssertionError("no \"" + type + "\" message as expected within " + TIMEOUT
                            + "; received " + skipped);
                }
                if (type.equals(message.get("type")) && condition.test(message)) {
                    return message;
                }
                skipped.add(message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * @param type the {@code type} wanted
     * @return the next message of that type
     */
    Map<String, Object> await(String type) {
        return await(type, m -> true);
    }

    /** @return the close code once the connection is closed, waiting at most {@link #TIMEOUT} */
    int awaitClose() {
        return closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Closes with 1000 and waits for the closing handshake. */
    @Override
    public void close() {
        if (ws.readyState() == ReadyState.OPEN) {
            ws.close(1000, "");
        }
        awaitClose();
    }
}
