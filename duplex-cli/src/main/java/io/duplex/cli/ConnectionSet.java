package io.duplex.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.duplex.WebSocket;

/**
 * The connections of one benchmark, once the ramp is over: which are ready, why the others are not,
 * and closing them all with a bounded wait.
 */
final class ConnectionSet {

    private final List<BenchConnection> connections;
    private final int requested;

    /**
     * @param connections the connections attempted
     * @param requested   how many were asked for (more than attempted when the ramp stopped early)
     */
    ConnectionSet(List<BenchConnection> connections, int requested) {
        this.connections = List.copyOf(connections);
        this.requested = requested;
    }

    /** @return the connections attempted */
    List<BenchConnection> all() {
        return connections;
    }

    /** @return how many connections had their first message echoed */
    int readyCount() {
        return (int) connections.stream().filter(ConnectionRamp::isReady).count();
    }

    /** @return whether every connection asked for is ready */
    boolean allReady() {
        return readyCount() == requested;
    }

    /** @return the extensions the first ready connection agreed, or {@code ""} */
    String extensions() {
        for (BenchConnection c : connections) {
            if (ConnectionRamp.isReady(c)) {
                return c.ready.join().extensions();
            }
        }
        return "";
    }

    /**
     * @return why the first connection that is not ready is not, in a few words; {@code null} when
     *         all attempted are ready
     */
    String firstProblem() {
        for (BenchConnection c : connections) {
            if (!c.ready.isDone()) {
                return "no echo of its first message in time";
            }
            if (c.ready.isCompletedExceptionally()) {
                return message(c.ready);
            }
        }
        return connections.size() < requested ? "stopped before all connections were attempted" : null;
    }

    /** @return whether the first problem is compression the server did not agree to (or added) */
    boolean extensionMismatch() {
        for (BenchConnection c : connections) {
            if (c.ready.isCompletedExceptionally()) {
                return cause(c.ready) instanceof BenchConnection.ExtensionMismatch;
            }
        }
        return false;
    }

    /**
     * Closes every connection with 1000 and waits, at most until the deadline, for the server's Close.
     *
     * @param deadlineNanos the {@link System#nanoTime()} after which waiting stops
     * @return how many closed with 1000
     * @throws InterruptedException when interrupted while waiting
     */
    int closeAll(long deadlineNanos) throws InterruptedException {
        connections.forEach(BenchConnection::close);
        int clean = 0;
        for (BenchConnection c : connections) {
            if (!c.opened()) {
                continue; // never opened: nothing to close
            }
            try {
                Integer code = c.closed.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (code == 1000) {
                    clean++;
                }
            } catch (ExecutionException | TimeoutException e) {
                // counted as not clean
            }
        }
        return clean;
    }

    /**
     * Waits until no connection has a message in flight.
     *
     * @param deadlineNanos the {@link System#nanoTime()} after which waiting stops
     * @return how many connections still had messages in flight then
     * @throws InterruptedException when interrupted while waiting
     */
    int awaitDrained(long deadlineNanos) throws InterruptedException {
        int stuck = 0;
        for (BenchConnection c : connections) {
            try {
                c.drained.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                stuck++;
            }
        }
        return stuck;
    }

    private static Throwable cause(CompletableFuture<WebSocket> failed) {
        try {
            failed.join();
            return null;
        } catch (CompletionException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    private static String message(CompletableFuture<WebSocket> failed) {
        Throwable t = cause(failed);
        String m = t == null ? null : t.getMessage();
        return m == null || m.isEmpty() ? String.valueOf(t) : m;
    }
}
