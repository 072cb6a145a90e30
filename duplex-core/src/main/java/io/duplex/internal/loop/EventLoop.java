package io.duplex.internal.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.duplex.internal.timer.Timeout;
import io.duplex.internal.timer.TimerWheel;

/**
 * One selector thread that owns its channels outright: reads, writes, timers and the connections'
 * state are touched by this thread only, so the read and write paths take no locks. Other threads
 * hand work over with {@link #execute(Runnable)}, which queues it and wakes the selector.
 *
 * <p>Memory: reads of every channel of the loop go into one direct buffer, {@link #readBuffer()};
 * a connection keeps only what a partial frame or head needs.
 */
public final class EventLoop {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** The size of the loop's shared read buffer: a socket read rarely brings more at once. */
    static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Timer resolution: timeouts fire at most this late. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** 512 ticks of 10 ms: one turn of the wheel is about 5 s; longer timeouts take several turns. */
    private static final int WHEEL_SIZE = 512;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Set while a wakeup is on its way, so that a burst of tasks wakes the selector once. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final CountDownLatch terminated = new CountDownLatch(1);
    /** Every timeout of every connection of this loop, in one wheel: no scheduled task per connection. */
    private final TimerWheel timers = new TimerWheel(TICK_NANOS, WHEEL_SIZE, System.nanoTime());
    private volatile boolean running = true;

    /**
     * Opens the selector and starts the thread.
     *
     * @param name the thread's name
     * @throws IOException when no selector can be opened
     */
    public EventLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return whether the caller is this loop's thread */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs a task on the loop: at once when called from the loop, otherwise queued in call order.
     * Tasks queued after the loop stopped are dropped.
     *
     * @param task the work
     */
    public void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Registers a channel with this loop. Must be called on the loop.
     *
     * @param channel a non-blocking channel
     * @param ops     the interest set
     * @param handler what to call when the channel is ready
     * @return the key
     * @throws ClosedChannelException when the channel is already closed
     */
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        assert inLoop();
        return channel.register(selector, ops, handler);
    }

    /**
     * Schedules a task on this loop's timer wheel. Must be called on the loop.
     *
     * @param delayNanos how long from now
     * @param task       what to run, on the loop
     * @return the handle, to cancel or reschedule it
     */
    public Timeout schedule(long delayNanos, Runnable task) {
        assert inLoop();
        return timers.schedule(System.nanoTime(), delayNanos, task);
    }

    /**
     * Moves a timeout to a new deadline without allocating. Must be called on the loop.
     *
     * @param timeout    the timeout, pending or not
     * @param delayNanos how long from now
     */
    public void reschedule(Timeout timeout, long delayNanos) {
        assert inLoop();
        timeout.reschedule(System.nanoTime(), delayNanos);
    }

    /**
     * The loop's read buffer, shared by all its channels: valid until the handler returns.
     *
     * @return the buffer, to be cleared before use
     */
    public ByteBuffer readBuffer() {
        assert inLoop();
        return readBuffer;
    }

    /**
     * Tells every channel of the loop that its owner is going away ({@link IoHandler#goingAway()}).
     * Returns at once; the handlers act on the loop.
     */
    public void goingAway() {
        execute(() -> {
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                if (key.isValid() && key.attachment() instanceof IoHandler handler) {
                    try {
                        handler.goingAway();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "handler failed while going away", e);
                    }
                }
            }
        });
    }

    /**
     * Stops the loop: each channel's handler gets {@link IoHandler#onLoopClosed()}, the selector is
     * closed and the thread ends.
     *
     * @param timeoutMillis how long to wait for the thread to end
     * @return whether it ended in time
     */
    public boolean shutdown(long timeoutMillis) {
        running = false;
        selector.wakeup();
        if (inLoop()) {
            return false;
        }
        try {
            return terminated.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        try {
            while (running) {
                select();
                wakeupPending.set(false);
                runTasks();
                timers.advance(System.nanoTime());
            }
        } catch (IOException e) {
            LOG.log(Level.ERROR, "event loop " + thread.getName() + " failed", e);
        } finally {
            closeAll();
            terminated.countDown();
        }
    }

    /** Waits for I/O, for queued work, or for the next timer deadline, whichever comes first. */
    private void select() throws IOException {
        if (!tasks.isEmpty()) {
            selector.selectNow(this::dispatch);
            return;
        }
        long wait = timers.nanosUntilNextDeadline(System.nanoTime());
        if (wait < 0) {
            selector.select(this::dispatch);
        } else if (wait == 0) {
            selector.selectNow(this::dispatch);
        } else {
            // select(0) would mean "forever": round up to at least a millisecond.
            selector.select(this::dispatch, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
        }
    }

    private void dispatch(SelectionKey key) {
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key.readyOps());
        } catch (RuntimeException e) {
            // A handler bug must not take the loop and every other connection down with it.
            LOG.log(Level.ERROR, "handler failed; closing its channel", e);
            closeQuietly(key);
        }
    }

    private void runTasks() {
        // Only the tasks queued so far: a task that queues another does not starve the selector.
        for (int n = tasks.size(); n > 0; n--) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "task failed on " + thread.getName(), e);
            }
        }
    }

    private void closeAll() {
        runTasks();
        List<SelectionKey> keys = new ArrayList<>(selector.keys());
        for (SelectionKey key : keys) {
            if (key.attachment() instanceof IoHandler handler) {
                try {
                    handler.onLoopClosed();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "handler failed while closing", e);
                }
            }
            closeQuietly(key);
        }
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // Closing is best effort: the channel is being dropped either way.
        }
    }
}
