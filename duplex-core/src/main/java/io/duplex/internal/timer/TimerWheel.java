package io.duplex.internal.timer;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A hashed timer wheel: the one timer of an event loop, shared by the handshake, idle, ping/pong and
 * close timeouts of all its connections, so that no connection needs a scheduled task of its own.
 *
 * <p><b>Threading.</b> Not thread-safe, on purpose: the event loop thread that owns the wheel is the
 * only one to call it (and its {@link Timeout}s). Other threads hand work to the loop instead. Tasks
 * run on that thread, inside {@link #advance(long)}.
 *
 * <p><b>No clock inside.</b> Every method takes the current time from the caller, a
 * {@code System.nanoTime()} value, so the loop reads the clock once per iteration and tests run on
 * made-up times. Such values may wrap around, so they are only ever compared by subtraction
 * ({@code a - b < 0}); deadlines must lie within {@link #MAX_DELAY_NANOS} of the times passed in.
 *
 * <p><b>Layout.</b> A deadline falls in a tick ({@code tickNanos} wide, counted from
 * {@code startNanos}), and the tick, modulo the number of buckets, picks a bucket. A bucket is an
 * intrusive doubly-linked list of {@link Timeout} nodes, so scheduling and cancelling are O(1) and
 * one object is allocated per schedule, none per tick. Deadlines beyond one rotation share a bucket
 * with nearer ones; they are told apart by their deadline, so no round counter is kept. Three more
 * lists sit beside the buckets: <i>near</i> (deadlines of the current, partly elapsed tick, and
 * overdue ones, sorted by deadline), <i>staging</i> (timeouts scheduled by tasks while
 * {@code advance} runs) and <i>firing</i> (due timeouts of the bucket being expired, still
 * cancellable until each one starts).
 *
 * <p>A node may sit in a bucket earlier than its deadline, never later: pushing a deadline back only
 * rewrites the field, and the scan of the old bucket, due by the old deadline, moves the node on.
 *
 * <p><b>Firing is exact.</b> A task runs at the first {@code advance(now)} with {@code now} at or
 * after its deadline: never earlier, and not rounded up to a tick either. That is what lets
 * {@link #nanosUntilNextDeadline(long)} report the real deadline to {@code Selector.select} without
 * the loop ever waking up to find nothing to do and spinning until the end of the tick.
 *
 * <p><b>Cost.</b> Each bucket keeps a lower bound of its deadlines (exact after the bucket was
 * scanned, lowered by every insert, left alone by removals and postponements). {@code advance} checks
 * the buckets of the ticks that elapsed (at most one rotation) and scans only those whose bound is
 * due, so buckets holding only far deadlines are not walked each rotation. A scan sends the due nodes
 * to run, the not-yet-due nodes of the current tick to the near list (sorted there in one go), and
 * pushed-back nodes to their new bucket. Within a tick, each later {@code advance} then only pops the
 * due head of the near list instead of rescanning a bucket full of far deadlines. A cancelled or
 * pushed-back node can leave a bound too low; that costs at most one early wakeup and one scan, after
 * which the bound is exact again.
 *
 * <p>A sensible size for connection timeouts is a 10 ms tick and 512 buckets, one rotation every
 * 5.12 s; longer timeouts simply span several rotations.
 */
public final class TimerWheel {

    /**
     * The longest delay honoured, about 146 years: longer ones are shortened to it, so that deadlines
     * stay comparable with {@code System.nanoTime()} values by subtraction.
     */
    public static final long MAX_DELAY_NANOS = 1L << 62;

    private static final int MAX_WHEEL_SIZE = 1 << 30;

    private static final System.Logger LOG = System.getLogger(TimerWheel.class.getName());

    private final long tickNanos;
    private final long startNanos;
    private final int mask;
    /**
     * Index of the near list in {@link #heads}: timeouts whose tick is at or before {@link #cursor},
     * sorted by deadline, so that its head is its earliest and expiring it pops only what is due.
     */
    private final int near;
    /** Index of the staging list: scheduled by tasks during {@link #advance}, placed when it ends. */
    private final int staging;
    /** Index of the firing list: due timeouts about to run, one at a time from the head. */
    private final int firing;
    /** Heads of the buckets, then of the near, staging and firing lists. */
    private final Timeout[] heads;
    /**
     * Per list, a lower bound of its deadlines; meaningful only while the list is non-empty, and unused
     * for the near list, whose head is its earliest.
     */
    private final long[] mins;
    private final Consumer<Throwable> errorHandler;
    /** The last node of the near list, where sorted inserts usually land. */
    private Timeout nearTail;

    /** The tick of {@link #lastNow}, counted from {@link #startNanos}; never decreases. */
    private long cursor;
    /** The latest time passed to {@link #advance}; later calls never see time go backwards. */
    private long lastNow;
    private int size;
    /** Lower bound of all pending deadlines, trusted only while {@link #earliestValid}. */
    private long earliest;
    private boolean earliestValid;
    private boolean advancing;

    /**
     * Creates a wheel whose task failures are logged as warnings through {@link System.Logger}.
     *
     * @param tickNanos  the width of a bucket in nanoseconds, e.g. 10 ms: coarser ticks mean fewer
     *     buckets to step over, finer ones fewer deadlines sharing a bucket
     * @param wheelSize  the number of buckets, rounded up to a power of two (at most 2^30)
     * @param startNanos the current time, a {@code System.nanoTime()} value
     * @throws IllegalArgumentException if {@code tickNanos} or {@code wheelSize} is not positive, or
     *     {@code wheelSize} is above 2^30
     */
    public TimerWheel(long tickNanos, int wheelSize, long startNanos) {
        this(tickNanos, wheelSize, startNanos, null);
    }

    /**
     * Creates a wheel.
     *
     * @param tickNanos    the width of a bucket in nanoseconds, e.g. 10 ms
     * @param wheelSize    the number of buckets, rounded up to a power of two (at most 2^30)
     * @param startNanos   the current time, a {@code System.nanoTime()} value
     * @param errorHandler told about every exception a task throws; {@code null} logs them as
     *     warnings through {@link System.Logger}
     * @throws IllegalArgumentException if {@code tickNanos} or {@code wheelSize} is not positive, or
     *     {@code wheelSize} is above 2^30
     */
    public TimerWheel(long tickNanos, int wheelSize, long startNanos, Consumer<Throwable> errorHandler) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos must be positive: " + tickNanos);
        }
        if (wheelSize <= 0 || wheelSize > MAX_WHEEL_SIZE) {
            throw new IllegalArgumentException("wheelSize must be in [1, 2^30]: " + wheelSize);
        }
        // A power of two turns "tick modulo size" into a mask.
        int buckets = wheelSize == 1 ? 1 : Integer.highestOneBit(wheelSize - 1) << 1;
        this.tickNanos = tickNanos;
        this.startNanos = startNanos;
        this.mask = buckets - 1;
        this.near = buckets;
        this.staging = buckets + 1;
        this.firing = buckets + 2;
        this.heads = new Timeout[buckets + 3];
        this.mins = new long[buckets + 3];
        this.lastNow = startNanos;
        this.errorHandler = errorHandler != null
                ? errorHandler
                : failure -> LOG.log(Level.WARNING, "a timeout task failed", failure);
    }

    /**
     * Schedules a task to run at the first {@link #advance(long)} whose time is at or after
     * {@code nowNanos + delayNanos}: never earlier. A task scheduled by another task while
     * {@code advance} runs waits for the next {@code advance}, even when already due, so that a task
     * rescheduling itself with no delay cannot keep one call running forever.
     *
     * @param nowNanos   the current time, a {@code System.nanoTime()} value
     * @param delayNanos how long from {@code nowNanos}; negative counts as 0, and delays beyond
     *     {@link #MAX_DELAY_NANOS} are shortened to it
     * @param task       what to run, on the wheel's thread; it should be quick and must not block
     * @return the handle, to cancel or reschedule the task
     */
    public Timeout schedule(long nowNanos, long delayNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        Timeout timeout = new Timeout(this, task);
        timeout.deadline = deadline(nowNanos, delayNanos);
        insert(timeout);
        return timeout;
    }

    /**
     * Runs every pending task whose deadline is at or before {@code nowNanos}, earlier ticks first
     * (tasks due in the same tick run in no particular order). A task may schedule, reschedule or
     * cancel any timeout, including ones due in this very call, which then do not run. A task that
     * throws is reported to the error handler and the others still run; nothing is rethrown.
     *
     * <p>Cheap when nothing is due: O(1) while the earliest deadline is known to lie ahead, otherwise a
     * check per elapsed tick (at most one per bucket) plus the walk of the buckets that have work.
     *
     * @param nowNanos the current time, a {@code System.nanoTime()} value; a time before one passed
     *     earlier counts as that earlier time
     * @return how many tasks ran (including those that threw)
     * @throws IllegalStateException if called from a task of this wheel
     */
    public int advance(long nowNanos) {
        if (advancing) {
            throw new IllegalStateException("advance() called from one of the wheel's own tasks");
        }
        // nanoTime does not go backwards, but a caller mixing clocks must not move the cursor back.
        long now = nowNanos - lastNow < 0 ? lastNow : nowNanos;
        long nowTick = tickOf(now);
        lastNow = now;
        if (size == 0 || (earliestValid && earliest - now > 0)) {
            // Nothing can be due: every list's bound is at or after the earliest, so checking each list
            // would skip it anyway. Only the cursor moves.
            cursor = nowTick;
            return 0;
        }
        advancing = true;
        int ran = 0;
        try {
            long tickEnd = startNanos + (nowTick + 1) * tickNanos;
            ran += expireNear(now);
            // A node due by now sits in the near list or in the bucket of a tick from cursor to nowTick
            // (its own tick, or an earlier one if it was pushed back): walk those buckets in tick
            // order, each bucket once even after a gap longer than a rotation.
            long last = cursor + Math.min(nowTick - cursor, mask);
            for (long tick = cursor; tick <= last; tick++) {
                ran += expire((int) (tick & mask), now, tickEnd);
            }
        } finally {
            cursor = nowTick;
            placeStaged();
            advancing = false;
            // After this call nothing pending is due, so a bound at or before now is stale.
            if (earliestValid && earliest - now <= 0) {
                earliestValid = false;
            }
        }
        return ran;
    }

    /**
     * How long the event loop may sleep: nanoseconds from {@code nowNanos} to the earliest pending
     * deadline, for {@code Selector.select}. The answer may be earlier than the real deadline (after
     * cancellations and postponements) but never later. Right after {@code advance(now)} it is
     * positive unless a task scheduled something already due, so a loop that sleeps as told never
     * spins.
     *
     * <p>Cheap: the earliest deadline is cached and kept up to date on scheduling; only when it may
     * have moved (something ran, or the timeout holding it was cancelled) are the per-bucket bounds
     * walked again, from the current tick until one is found whose bound lies in its own tick, which
     * no later bucket can beat. The walk reads two arrays and at most one timeout.
     *
     * @param nowNanos the current time, a {@code System.nanoTime()} value
     * @return the nanoseconds until the earliest deadline, 0 if one is already due, or -1 when nothing
     *     is pending
     */
    public long nanosUntilNextDeadline(long nowNanos) {
        if (size == 0) {
            return -1;
        }
        if (!earliestValid) {
            recomputeEarliest();
        }
        long remaining = earliest - nowNanos;
        return remaining > 0 ? remaining : 0;
    }

    /**
     * How many timeouts are pending: scheduled and neither run (or started) nor cancelled.
     *
     * @return the count
     */
    public int size() {
        return size;
    }

    /**
     * The number of buckets, a power of two.
     *
     * @return the wheel size after rounding
     */
    public int wheelSize() {
        return mask + 1;
    }

    /**
     * The width of a bucket.
     *
     * @return the tick in nanoseconds
     */
    public long tickNanos() {
        return tickNanos;
    }

    // ---- operations on behalf of Timeout --------------------------------------------------------

    boolean cancel(Timeout timeout) {
        if (timeout.slot == Timeout.IDLE) {
            return false;
        }
        unlink(timeout);
        removed();
        return true;
    }

    boolean reschedule(Timeout timeout, long nowNanos, long delayNanos) {
        long deadline = deadline(nowNanos, delayNanos);
        int slot = timeout.slot;
        if (slot == Timeout.IDLE) {
            timeout.deadline = deadline;
            insert(timeout);
            return false;
        }
        if (slot != firing && slot != near && deadline - timeout.deadline >= 0) {
            // Later, the usual "touch" of an idle timeout: the node's list gets scanned by the old
            // deadline at the latest, and that scan moves it to where the new deadline belongs. So a
            // connection touched a thousand times per idle period is relinked once, not a thousand
            // times, and a touch writes no reference (with G1 those cost a barrier each).
            timeout.deadline = deadline;
            return true;
        }
        int target = advancing ? staging : slotFor(deadline);
        if (target == slot && slot != near) {
            // Earlier but still in the same list: the list's bound only has to go down.
            timeout.deadline = deadline;
            lowerBound(slot, deadline);
        } else {
            unlink(timeout);
            timeout.deadline = deadline;
            link(timeout, target);
        }
        return true;
    }

    // ---- internals --------------------------------------------------------------------------------

    private static long deadline(long nowNanos, long delayNanos) {
        long delay = delayNanos < 0 ? 0 : Math.min(delayNanos, MAX_DELAY_NANOS);
        return nowNanos + delay; // may wrap, like nanoTime itself; only differences are compared
    }

    /** The tick of a time, counted from the start; the difference is taken first so wrapping is harmless. */
    private long tickOf(long nanos) {
        return Math.floorDiv(nanos - startNanos, tickNanos);
    }

    /**
     * The list a deadline belongs in when no {@code advance} is running: the near list for the current
     * tick and anything overdue (its bucket may already have been passed), else the deadline's bucket.
     */
    private int slotFor(long deadline) {
        long tick = tickOf(deadline);
        return tick <= cursor ? near : (int) (tick & mask);
    }

    /** Links a timeout that was not pending and counts it. */
    private void insert(Timeout timeout) {
        if (size == 0) {
            // The only deadline is the earliest one: no walk needed to know it.
            earliest = timeout.deadline;
            earliestValid = true;
        }
        link(timeout, advancing ? staging : slotFor(timeout.deadline));
        size++;
    }

    /** Called after a pending timeout left the wheel without being moved elsewhere. */
    private void removed() {
        if (--size == 0) {
            earliestValid = false;
        }
    }

    private void link(Timeout timeout, int slot) {
        if (slot == near) {
            linkNear(timeout);
            return;
        }
        Timeout head = heads[slot];
        timeout.slot = slot;
        timeout.prev = null;
        timeout.next = head;
        if (head == null) {
            mins[slot] = timeout.deadline;
            if (earliestValid && timeout.deadline - earliest < 0) {
                earliest = timeout.deadline;
            }
        } else {
            head.prev = timeout;
            lowerBound(slot, timeout.deadline);
        }
        heads[slot] = timeout;
    }

    /**
     * Inserts one node into the sorted near list, searching from the tail: deadlines of the current
     * tick mostly arrive in order, and overdue ones go straight to the head.
     */
    private void linkNear(Timeout timeout) {
        long deadline = timeout.deadline;
        Timeout head = heads[near];
        Timeout after = nearTail;
        if (head != null && deadline - head.deadline < 0) {
            after = null;
        } else {
            while (after != null && deadline - after.deadline < 0) {
                after = after.prev;
            }
        }
        Timeout before = after == null ? head : after.next;
        timeout.slot = near;
        timeout.prev = after;
        timeout.next = before;
        if (after == null) {
            heads[near] = timeout;
        } else {
            after.next = timeout;
        }
        if (before == null) {
            nearTail = timeout;
        } else {
            before.prev = timeout;
        }
        if (earliestValid && deadline - earliest < 0) {
            earliest = deadline;
        }
    }

    private void lowerBound(int slot, long deadline) {
        if (deadline - mins[slot] < 0) {
            mins[slot] = deadline;
        }
        if (earliestValid && deadline - earliest < 0) {
            earliest = deadline;
        }
    }

    private void unlink(Timeout timeout) {
        Timeout prev = timeout.prev;
        Timeout next = timeout.next;
        if (prev == null) {
            heads[timeout.slot] = next;
        } else {
            prev.next = next;
        }
        if (next != null) {
            next.prev = prev;
        } else if (timeout.slot == near) {
            nearTail = prev;
        }
        timeout.prev = null;
        timeout.next = null;
        timeout.slot = Timeout.IDLE;
        // The cached earliest may have been this one; finding the next costs a walk, so do it lazily.
        if (earliestValid && timeout.deadline == earliest) {
            earliestValid = false;
        }
    }

    /**
     * Runs the due head of the near list, in deadline order. Tasks cannot add to the near list while
     * {@code advance} runs (their timeouts wait in staging), and whatever they cancel is unlinked, so
     * re-reading the head after each task is safe.
     */
    private int expireNear(long now) {
        int ran = 0;
        Timeout timeout;
        while ((timeout = heads[near]) != null && timeout.deadline - now <= 0) {
            run(timeout);
            ran++;
        }
        return ran;
    }

    /**
     * Scans one bucket if its bound says something may be due: due timeouts go to the firing list and
     * run; not-yet-due timeouts of the current tick go to the near list, so that the rest of the tick
     * does not rescan the bucket's far deadlines; pushed-back ones go to their new bucket. The bucket's
     * bound becomes exact.
     *
     * @param tickEnd the first time after the current tick
     * @return how many tasks ran
     */
    private int expire(int slot, long now, long tickEnd) {
        Timeout timeout = heads[slot];
        if (timeout == null || mins[slot] - now > 0) {
            return 0;
        }
        earliestValid = false;
        long min = 0;
        boolean hasMin = false;
        // Nodes for the near list are gathered on a chain (through next) and sorted once, rather than
        // each inserted into a sorted list.
        Timeout toNear = null;
        // No task runs during this walk, so holding on to next is safe.
        while (timeout != null) {
            Timeout next = timeout.next;
            long deadline = timeout.deadline;
            if (deadline - now <= 0) {
                unlink(timeout);
                link(timeout, firing);
            } else if (deadline - tickEnd < 0) {
                unlink(timeout);
                timeout.next = toNear;
                toNear = timeout;
            } else {
                // A later round of this bucket, or a deadline pushed back since the node was placed.
                int home = (int) (tickOf(deadline) & mask);
                if (home != slot) {
                    unlink(timeout);
                    link(timeout, home);
                } else if (!hasMin || deadline - min < 0) {
                    min = deadline;
                    hasMin = true;
                }
            }
            timeout = next;
        }
        if (hasMin) {
            mins[slot] = min;
        }
        if (toNear != null) {
            mergeIntoNear(sortByDeadline(toNear));
        }
        return runFiring();
    }

    /** Merges a chain sorted by deadline (linked through next only) into the near list. */
    private void mergeIntoNear(Timeout sorted) {
        Timeout timeout = mergeByDeadline(heads[near], sorted);
        heads[near] = timeout;
        Timeout prev = null;
        for (; timeout != null; prev = timeout, timeout = timeout.next) {
            if (timeout.prev != prev) {
                timeout.prev = prev;
            }
            timeout.slot = near;
        }
        nearTail = prev;
    }

    /** Merge sort of a chain linked through next; stable, O(n log n), allocates nothing. */
    private static Timeout sortByDeadline(Timeout head) {
        if (head == null || head.next == null) {
            return head;
        }
        Timeout slow = head;
        Timeout fast = head.next;
        while (fast != null && fast.next != null) {
            slow = slow.next;
            fast = fast.next.next;
        }
        Timeout second = slow.next;
        slow.next = null;
        return mergeByDeadline(sortByDeadline(head), sortByDeadline(second));
    }

    /** Merges two chains sorted by deadline; on ties the first chain's node comes first. */
    private static Timeout mergeByDeadline(Timeout a, Timeout b) {
        Timeout head = null;
        Timeout tail = null;
        while (a != null && b != null) {
            Timeout pick;
            if (b.deadline - a.deadline < 0) {
                pick = b;
                b = b.next;
            } else {
                pick = a;
                a = a.next;
            }
            if (tail == null) {
                head = pick;
            } else if (tail.next != pick) {
                // Skipping stores that change nothing makes ordered runs almost free: with G1, each
                // reference store into an old object pays a barrier, reads do not.
                tail.next = pick;
            }
            tail = pick;
        }
        Timeout rest = a != null ? a : b;
        if (tail == null) {
            return rest;
        }
        if (tail.next != rest) {
            tail.next = rest;
        }
        return head;
    }

    /**
     * Runs the firing list from its head. Each timeout is unlinked before its task starts, so tasks can
     * cancel or reschedule anything, the rest of the firing list included, without breaking the walk.
     */
    private int runFiring() {
        int ran = 0;
        Timeout timeout;
        while ((timeout = heads[firing]) != null) {
            run(timeout);
            ran++;
        }
        return ran;
    }

    /** Unlinks a due timeout, so that it is no longer pending while its task runs, and runs it. */
    private void run(Timeout timeout) {
        unlink(timeout);
        removed();
        try {
            timeout.task.run();
        } catch (Throwable failure) {
            // One broken task must not cost the loop its other timers.
            report(failure);
        }
    }

    private void report(Throwable failure) {
        try {
            errorHandler.accept(failure);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(failure);
            LOG.log(Level.WARNING, "the timeout error handler failed", handlerFailure);
        }
    }

    /** Places what tasks scheduled during {@code advance}, now that the cursor is final. */
    private void placeStaged() {
        Timeout timeout;
        while ((timeout = heads[staging]) != null) {
            unlink(timeout);
            link(timeout, slotFor(timeout.deadline));
        }
    }

    /**
     * Finds a lower bound of every pending deadline from the per-list bounds. Every node of the bucket
     * met at step {@code i} has a tick of at least {@code cursor + i}, so the walk stops as soon as the
     * best bound found lies before the tick being looked at, or a bucket's bound lies within its own
     * tick.
     */
    private void recomputeEarliest() {
        boolean found = false;
        long best = 0;
        if (heads[near] != null) {
            best = heads[near].deadline;
            found = true;
        }
        for (int slot = staging; slot <= firing; slot++) {
            if (heads[slot] != null && (!found || mins[slot] - best < 0)) {
                best = mins[slot];
                found = true;
            }
        }
        long tickStart = startNanos + cursor * tickNanos;
        for (int i = 0; i <= mask; i++, tickStart += tickNanos) {
            if (found && best - tickStart <= 0) {
                break;
            }
            int slot = (int) ((cursor + i) & mask);
            if (heads[slot] == null) {
                continue;
            }
            long min = mins[slot];
            if (!found || min - best < 0) {
                best = min;
                found = true;
            }
            if (min - tickStart < tickNanos) {
                break;
            }
        }
        earliest = best;
        earliestValid = found;
    }
}
