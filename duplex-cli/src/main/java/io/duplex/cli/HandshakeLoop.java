package io.duplex.cli;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;

/**
 * One closed loop of {@code duplex bench --handshakes}: opens a connection (TCP, TLS for
 * {@code wss://}, the upgrade), closes it with 1000 as soon as it is open, waits for the server's
 * Close, and starts the next one, until the phase stops sending. Each connection's latency is from the
 * call to connect to its open; it is recorded while the phase measures.
 *
 * <p>Every step is bounded by the client's own timeouts (the handshake 10 s, connecting included;
 * the Close 10 s), so a cycle always ends. A cycle that fails counts one error, whatever else then
 * goes wrong with the same connection, so that errors count failed connections.
 */
final class HandshakeLoop {

    /**
     * After a connection could not be opened, the next attempt waits this long: a server that
     * refuses at once would otherwise be hammered by a loop that does nothing but count errors.
     */
    private static final long RETRY_PAUSE_MILLIS = 10;

    private final int id;
    private final WebSocketClient client;
    private final URI url;
    private final ConnectOptions options;
    private final boolean compressionWanted;
    private final LoadPhase phase;
    private final ErrorLog errors;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong opened = new AtomicLong();
    /** Completed when the loop has seen the phase stop sending, after its last cycle ended. */
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /**
     * @param id                which loop, for the error messages
     * @param client            the client that opens the connections
     * @param url               where to
     * @param options           what the handshake offers
     * @param compressionWanted whether permessage-deflate was offered (and must be agreed)
     * @param phase             when to record latencies and when to stop
     * @param errors            where failed connections are counted
     */
    HandshakeLoop(int id, WebSocketClient client, URI url, ConnectOptions options, boolean compressionWanted,
                  LoadPhase phase, ErrorLog errors) {
        this.id = id;
        this.client = client;
        this.url = url;
        this.options = options;
        this.compressionWanted = compressionWanted;
        this.phase = phase;
        this.errors = errors;
    }

    /** Starts the first cycle; the loop then runs on the client's event loops. */
    void start() {
        next();
    }

    /** @return completed once the loop stopped (after the phase stopped sending and the last cycle ended) */
    CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** @return the connect-to-open latencies recorded while measuring */
    LatencyHistogram latencies() {
        return latencies;
    }

    /** @return how many connections opened, in every phase */
    long opened() {
        return opened.get();
    }

    private void next() {
        if (!phase.sending()) {
            stopped.complete(null);
            return;
        }
        Cycle cycle = new Cycle(System.nanoTime());
        CompletableFuture<WebSocket> opening;
        try {
            opening = client.connect(url, cycle, options);
        } catch (RuntimeException e) { // the client is shutting down
            cycle.connectFailed(e);
            return;
        }
        opening.whenComplete((ws, error) -> {
            if (error != null) {
                cycle.connectFailed(error);
            }
        });
    }

    /** One connection of the loop: its listener, which closes it once open and starts the next one once closed. */
    private final class Cycle implements WebSocketListener {
        private final long connectNanos;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Cycle(long connectNanos) {
            this.connectNanos = connectNanos;
        }

        @Override
        public void onOpen(WebSocket ws) {
            long now = System.nanoTime();
            if (phase.measuring()) {
                latencies.record(now - connectNanos);
            }
            opened.incrementAndGet();
            boolean deflate = ws.extensions().startsWith("permessage-deflate");
            if (deflate != compressionWanted) {
                fail("the server agreed extensions \"" + ws.extensions() + "\" where "
                        + (compressionWanted ? "permessage-deflate was asked for" : "none were offered"));
            }
            try {
                ws.close(1000, "");
            } catch (RuntimeException e) {
                fail("cannot close: " + e); // onClose still ends the cycle
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            fail(String.valueOf(error));
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            if (code != 1000) {
                fail("closed with " + code + (reason.isEmpty() ? "" : " " + reason) + " instead of 1000");
            }
            end(0);
        }

        /** The connection never opened: refused, timed out, the TLS handshake or the upgrade failed. */
        void connectFailed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String message = cause.getMessage();
            fail(message == null || message.isEmpty() ? cause.toString() : message);
            end(RETRY_PAUSE_MILLIS);
        }

        private void fail(String problem) {
            if (failed.compareAndSet(false, true)) {
                errors.add("loop " + id + ": " + problem);
            }
        }

        /** Starts the next cycle, at once or after a pause; only once per cycle. */
        private void end(long pauseMillis) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (pauseMillis == 0) {
                next(); // on the event loop that closed this one: connect hands the work to a loop anyway
            } else {
                CompletableFuture.runAsync(HandshakeLoop.this::next,
                        CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS));
            }
        }
    }
}
