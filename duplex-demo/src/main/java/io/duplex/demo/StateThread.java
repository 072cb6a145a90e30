package io.duplex.demo;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns an app's state. Connection callbacks (on the server's event loops) and
 * topic listeners (on publishing or broker threads) hand their work here, so the state needs no
 * lock, and what the app publishes from here reaches each subscriber in the order it happened: a
 * presence list is never overtaken by an older one. Publishing from here also keeps a broker that
 * delivers synchronously from calling back into an app that is holding a lock.
 */
final class StateThread implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StateThread.class.getName());

    private final String name;
    private final ScheduledExecutorService executor;

    /** @param name the thread's name, as thread dumps show it */
    StateThread(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            // A demo server must never keep the JVM alive by itself.
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs a task on the thread, after those handed over before it. Once closed, does nothing: the
     * server is stopping, and the connections the task would serve are gone.
     *
     * @param task the work
     */
    void execute(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // One bad message must not stop the app for everybody.
                    LOG.log(System.Logger.Level.ERROR, name + ": a task failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, name + " is closed; a task was dropped");
        }
    }

    /**
     * Runs a task on the thread every period, from one period on, until the thread is closed.
     *
     * @param period the time between two runs
     * @param task   the work
     */
    void every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        try {
            executor.scheduleAtFixedRate(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // Thrown out of a periodic task, it would cancel every later run.
                    LOG.log(System.Logger.Level.ERROR, name + ": a periodic task failed", e);
                }
            }, nanos, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, name + " is closed; a periodic task was dropped");
        }
    }

    /** Runs the tasks already handed over (at most 5 s), then ends the thread. */
    @Override
    public void close() {
        // Periodic tasks stop here (the executor's default); what was handed over with execute still runs.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
