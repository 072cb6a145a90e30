package io.duplex.internal.timer;

/**
 * A task scheduled on a {@link TimerWheel}: the handle its owner keeps, and at the same time the
 * wheel's list node. Being the node is what makes {@link #cancel()} O(1) and keeps scheduling down
 * to one small object: no wrapper, no entry in a map, nothing allocated per tick.
 *
 * <p>Like its wheel, a timeout belongs to the event loop thread that owns the wheel: every method
 * must be called on that thread.
 *
 * <p>A timeout can be used again after it fired or was cancelled: {@link #reschedule(long, long)}
 * arms it anew without allocating, so a connection can keep one timeout for its whole life.
 */
public final class Timeout {

    /** {@link #slot} of a timeout in no list: never armed, already run, or cancelled. */
    static final int IDLE = -1;

    // Fields are package-private because the wheel links and unlinks nodes itself. They are kept to
    // the minimum (two references for the owner and the work, the deadline, two links, one index),
    // about 40 bytes with compressed references, because an idle server can hold millions of these.
    final TimerWheel wheel;
    final Runnable task;
    /** The System.nanoTime() value at or after which the task may run. */
    long deadline;
    Timeout prev;
    Timeout next;
    /** Which of the wheel's lists holds this node, or {@link #IDLE}. */
    int slot = IDLE;

    Timeout(TimerWheel wheel, Runnable task) {
        this.wheel = wheel;
        this.task = task;
    }

    /**
     * Cancels the task if it has not run yet. Works in O(1); also stops a task that is due in the
     * {@link TimerWheel#advance(long)} now running but has not started yet.
     *
     * @return {@code true} if the timeout was pending and now will not run, {@code false} if it had
     *     already run (or was running) or had been cancelled
     */
    public boolean cancel() {
        return wheel.cancel(this);
    }

    /**
     * Tells whether the task is still to run.
     *
     * @return {@code true} from scheduling until the task starts or the timeout is cancelled
     */
    public boolean isPending() {
        return slot != IDLE;
    }

    /**
     * The deadline last set: the task runs at the first {@link TimerWheel#advance(long)} whose time is
     * at or after it. Compare it with other {@code System.nanoTime()} values by subtraction only.
     *
     * @return the deadline, in the wheel's clock ({@code System.nanoTime()} values)
     */
    public long deadlineNanos() {
        return deadline;
    }

    /**
     * Moves the deadline to {@code nowNanos + delayNanos}, or arms the timeout again if it already ran
     * or was cancelled, without allocating. This is the cheap "touch" of an idle timeout: pushing the
     * deadline back only rewrites it, and the node moves to its new bucket once, when its old bucket
     * comes up (a node may sit too early in the wheel, never too late). Bringing it forward relinks it
     * in O(1), except into the current tick, whose short list is kept sorted.
     *
     * <p>A connection that sees traffic all the time can avoid even this: record the time of the last
     * activity in the connection and, when the idle timeout fires, check that time and reschedule for
     * the remainder instead of closing. That costs one wheel operation per idle period rather than one
     * per message.
     *
     * <p>Called from a task during {@link TimerWheel#advance(long)}, including the timeout's own task
     * (a periodic timer), the timeout is not run by that same {@code advance} even if already due.
     *
     * @param nowNanos   the current time, a {@code System.nanoTime()} value
     * @param delayNanos how long from {@code nowNanos}; negative counts as 0, and delays beyond
     *     {@link TimerWheel#MAX_DELAY_NANOS} are shortened to it
     * @return {@code true} if the timeout was pending and was moved, {@code false} if it was armed
     *     anew
     */
    public boolean reschedule(long nowNanos, long delayNanos) {
        return wheel.reschedule(this, nowNanos, delayNanos);
    }

    @Override
    public String toString() {
        return "Timeout[deadline=" + deadline + (slot == IDLE ? ", not pending]" : ", pending]");
    }
}
