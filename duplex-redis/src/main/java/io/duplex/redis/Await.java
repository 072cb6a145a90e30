package io.duplex.redis;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounded waits for closing: each step waits at most until a deadline its caller sets, so that
 * closing the broker takes a bounded time in all, even with Redis gone. A step that fails or runs out
 * of time is given up; what it was for (a clean unsubscribe, a graceful shutdown) is not worth more
 * waiting.
 */
final class Await {

    private Await() {
    }

    /**
     * @param future   what to wait for
     * @param deadline the {@link System#nanoTime()} to give up at
     * @return whether it completed normally in time
     */
    static boolean until(Future<?> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @param deadline a {@link System#nanoTime()}
     * @return the milliseconds left until it, at least 0
     */
    static long millisLeft(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
