package io.duplex.internal.loop;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: one per connection whose
 * callbacks leave the event loop, so that its callbacks never overlap or reorder while different
 * connections still run in parallel.
 */
public final class SerialExecutor implements Executor {

    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>(4);
    /** Whether a drain is submitted or running; guarded by {@code this}. */
    private boolean draining;

    /** @param executor where the tasks run */
    public SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            queue.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            next.run();
        }
    }
}
