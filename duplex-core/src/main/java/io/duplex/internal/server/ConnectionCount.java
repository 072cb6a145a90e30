package io.duplex.internal.server;

/**
 * How many connections the server holds, against its limit; a graceful shutdown waits for it to reach
 * zero. Touched by every loop, so it is synchronized; it changes once per connection, not per message.
 */
public final class ConnectionCount {

    private final int max;
    private int open;

    /** @param max the most connections held at once */
    public ConnectionCount(int max) {
        this.max = max;
    }

    /** @return whether a connection may be taken (and is now counted) */
    synchronized boolean tryAcquire() {
        if (open >= max) {
            return false;
        }
        open++;
        return true;
    }

    /** A counted connection has closed. */
    synchronized void release() {
        open--;
        if (open == 0) {
            notifyAll();
        }
    }

    /** @return the connections held now */
    public synchronized int open() {
        return open;
    }

    /**
     * Waits until no connection is left, or the deadline passes.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return whether none is left
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized boolean awaitZero(long deadlineNanos) throws InterruptedException {
        long left;
        while (open > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return open == 0;
    }
}
