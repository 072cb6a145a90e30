package io.duplex.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.duplex.client.WebSocketClient;

/**
 * Opens a benchmark's connections: the first alone (so that a wrong URL, a refused connection or
 * compression the server declines is reported once, at once), then the rest with a bounded number of
 * handshakes in flight (a server's accept queue overflows if thousands arrive at the same instant,
 * and then the ramp, not the server, is measured). Every wait is bounded by a deadline.
 */
final class ConnectionRamp {

    private final WebSocketClient client;
    private final BenchTarget target;
    private final int maxHandshakes;
    private final CliIo io;

    /**
     * @param client        the client that opens the connections
     * @param target        where to, what to offer and what to send
     * @param maxHandshakes how many handshakes may be under way at once
     * @param io            for the stop signal
     */
    ConnectionRamp(WebSocketClient client, BenchTarget target, int maxHandshakes, CliIo io) {
        this.client = client;
        this.target = target;
        this.maxHandshakes = maxHandshakes;
        this.io = io;
    }

    /**
     * Opens the connections, each a {@link BenchConnection} sending the target's messages, and waits
     * until each has had its first message echoed, or failed, or the deadline passed, or a stop was
     * asked for.
     *
     * @param count         how many connections
     * @param depth         messages in flight per connection
     * @param messageLimit  messages each connection sends at most
     * @param phase         when the connections send and record
     * @param errors        where their problems are counted
     * @param deadlineNanos the {@link System#nanoTime()} by which all must be ready
     * @return every connection attempted (ready or not); fewer than {@code count} when the first one
     *         failed, the deadline passed or a stop was asked for
     * @throws InterruptedException when interrupted while waiting
     */
    ConnectionSet open(int count, int depth, long messageLimit, LoadPhase phase, ErrorLog errors, long deadlineNanos)
            throws InterruptedException {
        List<BenchConnection> all = new ArrayList<>(count);
        Semaphore handshakes = new Semaphore(maxHandshakes);
        for (int i = 0; i < count && !io.stopRequested().isDone(); i++) {
            if (!handshakes.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            BenchConnection connection =
                    new BenchConnection(i, target.pool(), depth, messageLimit, phase, target.compression(), errors);
            all.add(connection);
            CompletableFuture<?> opening;
            try {
                opening = client.connect(target.url(), connection, target.options());
            } catch (RuntimeException e) {
                connection.connectFailed(e);
                handshakes.release();
                break;
            }
            opening.whenComplete((ws, error) -> {
                handshakes.release();
                if (error != null) {
                    connection.connectFailed(error);
                }
            });
            if (i == 0 && !(settle(connection, deadlineNanos) && isReady(connection))) {
                break; // the first connection says what is wrong; the others would only repeat it
            }
        }
        for (BenchConnection connection : all) {
            if (!settle(connection, deadlineNanos)) {
                break; // deadline or stop: the rest are reported as not ready
            }
        }
        return new ConnectionSet(all, count);
    }

    /**
     * @param connection a connection
     * @return whether its first echo came back right
     */
    static boolean isReady(BenchConnection connection) {
        return connection.ready.isDone() && !connection.ready.isCompletedExceptionally();
    }

    /** @return whether the connection became ready or failed; false on deadline or stop */
    private boolean settle(BenchConnection connection, long deadlineNanos) throws InterruptedException {
        CompletableFuture<?> settled = CompletableFuture.anyOf(connection.ready.handle((ws, e) -> null),
                io.stopRequested());
        try {
            settled.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        return connection.ready.isDone();
    }
}
