package io.duplex.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;

/**
 * The echo endpoint the interop tests run their peers against: echoes text and binary messages,
 * and on the text {@code close-me:CODE:REASON} closes the connection with that code and reason.
 * Records every close the server reports, as {@code "CODE REASON"}, for {@link #awaitClose}.
 */
public final class EchoEndpoint implements WebSocketListener {

    /** The path {@link #startServer()} serves this endpoint on. */
    public static final String PATH = "/echo";
    /** The subprotocol {@link #startServer()} agrees to. */
    public static final String SUBPROTOCOL = "chat";

    /** Reported closes not yet taken by {@link #awaitClose}; guarded by itself. */
    private final List<String> closes = new ArrayList<>();

    /**
     * Starts a server on a free port of 127.0.0.1, with two loops, messages up to 32 MiB and this
     * endpoint on {@link #PATH} speaking {@link #SUBPROTOCOL}.
     *
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public WebSocketServer startServer() throws IOException {
        return startServer(null);
    }

    /**
     * Starts a server as {@link #startServer()} does, over TLS when given ({@code wss://}).
     *
     * @param tls the server's certificate and settings, or {@code null} for plain {@code ws://}
     * @return the running server
     * @throws IOException when it cannot bind
     */
    public WebSocketServer startServer(ServerTls tls) throws IOException {
        return WebSocketServer.builder()
                .loops(2)
                .tls(tls)
                .maxMessageSize(32L * 1024 * 1024)
                .endpoint(PATH, this, SUBPROTOCOL)
                .start();
    }

    @Override
    public void onText(WebSocket ws, String text) {
        if (text.startsWith("close-me:")) {
            String[] parts = text.split(":", 3);
            ws.close(Integer.parseInt(parts[1]), parts[2]);
        } else {
            ws.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ws.sendBinary(data);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        synchronized (closes) {
            closes.add(code + " " + reason);
            closes.notifyAll();
        }
    }

    /**
     * Waits for the server to report a close matching a predicate, and takes it: each reported close
     * satisfies one wait. Closes of other connections, in any order, are left for other waits.
     *
     * @param description what is expected, for the failure message
     * @param matches     the test on {@code "CODE REASON"}
     * @param seconds     how long to wait
     * @return the matching close
     * @throws InterruptedException when interrupted
     */
    public String awaitClose(String description, Predicate<String> matches, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (closes) {
            while (true) {
                for (Iterator<String> it = closes.iterator(); it.hasNext(); ) {
                    String seen = it.next();
                    if (matches.test(seen)) {
                        it.remove();
                        return seen;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the server did not report the close " + description + " within "
                            + seconds + " s; it reported " + closes);
                }
                TimeUnit.NANOSECONDS.timedWait(closes, left);
            }
        }
    }

    /**
     * Waits up to 20 s for the server to report exactly this close.
     *
     * @param expected {@code "CODE REASON"}, such as {@code "1000 done"}
     * @throws InterruptedException when interrupted
     */
    public void awaitClose(String expected) throws InterruptedException {
        awaitClose('"' + expected + '"', expected::equals, 20);
    }
}
