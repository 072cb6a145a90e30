package io.duplex.internal.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimerWheelTest {

    private static final long MS = 1_000_000L;
    private static final long TICK = 10 * MS;
    /** 8 buckets of 10 ms: one rotation is 80 ms, small enough to make multi-round cases common. */
    private static final int SIZE = 8;
    private static final long ROTATION = TICK * SIZE;

    /** Remembers the order tasks ran in, by name. */
    private static final class Log {
        final List<String> ran = new ArrayList<>();

        Runnable task(String name) {
            return () -> ran.add(name);
        }
    }

    @Nested
    class Firing {

        @Test
        void runsAtTheFirstAdvanceAtOrAfterTheDeadlineNotRoundedToATick() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout t = wheel.schedule(0, 25 * MS + 7, log.task("a"));

            assertThat(t.deadlineNanos()).isEqualTo(25 * MS + 7);
            assertThat(wheel.advance(20 * MS)).isZero();
            assertThat(wheel.advance(25 * MS + 6)).isZero();
            assertThat(log.ran).isEmpty();
            assertThat(t.isPending()).isTrue();

            assertThat(wheel.advance(25 * MS + 7)).isEqualTo(1);
            assertThat(log.ran).containsExactly("a");
            assertThat(t.isPending()).isFalse();
            assertThat(wheel.size()).isZero();
            assertThat(wheel.advance(1000 * MS)).isZero();
            assertThat(log.ran).containsExactly("a");
        }

        @Test
        void zeroAndNegativeDelaysRunAtTheNextAdvance() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            wheel.advance(15 * MS);
            wheel.schedule(15 * MS, 0, log.task("zero"));
            wheel.schedule(15 * MS, -5 * MS, log.task("negative"));
            // Scheduled with a "now" older than the wheel's: its deadline is already past.
            wheel.schedule(1 * MS, 2 * MS, log.task("stale now"));

            assertThat(wheel.nanosUntilNextDeadline(15 * MS)).isZero();
            assertThat(wheel.advance(15 * MS)).isEqualTo(3);
            assertThat(log.ran).containsExactlyInAnyOrder("zero", "negative", "stale now");
        }

        @Test
        void earlierTicksRunFirstAfterAGap() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            wheel.schedule(0, 55 * MS, log.task("55"));
            wheel.schedule(0, 5 * MS, log.task("5"));
            wheel.schedule(0, 31 * MS, log.task("31"));
            wheel.schedule(0, 12 * MS, log.task("12"));

            assertThat(wheel.advance(60 * MS)).isEqualTo(4);
            assertThat(log.ran).containsExactly("5", "12", "31", "55");
        }

        @Test
        void advancingEveryTickRunsEachTaskWithinOneTickOfItsDeadline() {
            Random random = new Random(7);
            TimerWheel wheel = new TimerWheel(TICK, 16, 0);
            int count = 2_000;
            long[] deadline = new long[count];
            long[] ranAt = new long[count];
            long[] now = {0};
            for (int i = 0; i < count; i++) {
                int id = i;
                deadline[i] = wheel.schedule(0, random.nextLong(5 * 16 * TICK), () -> ranAt[id] = now[0])
                        .deadlineNanos();
            }
            while (wheel.size() > 0) {
                // Wake-ups land anywhere within the next tick, as select() timeouts do.
                now[0] += 1 + random.nextLong(TICK);
                wheel.advance(now[0]);
            }
            for (int i = 0; i < count; i++) {
                assertThat(ranAt[i] - deadline[i]).as("lateness of task %d", i).isBetween(0L, TICK);
            }
        }

        @Test
        void deadlinesBeyondOneRotationWaitForTheirRound() {
            TimerWheel wheel = new TimerWheel(MS, 8, 0); // one rotation = 8 ms
            Map<String, Long> ranAt = new HashMap<>();
            long[] now = {0};
            // All of these hash to bucket 1; only the deadline tells them apart.
            long[] delays = {MS, 9 * MS, 17 * MS, 8 * 125 * MS + MS, 8 * 125 * MS + MS + 1};
            for (long delay : delays) {
                wheel.schedule(0, delay, () -> ranAt.put(Long.toString(delay), now[0]));
            }
            wheel.schedule(0, 8 * MS, () -> ranAt.put("exactly one rotation", now[0]));

            while (now[0] < 1100 * MS) {
                now[0] += MS / 2;
                wheel.advance(now[0]);
            }
            for (long delay : delays) {
                long due = delay;
                long firstAdvanceAtOrAfter = (due + MS / 2 - 1) / (MS / 2) * (MS / 2);
                assertThat(ranAt.get(Long.toString(delay))).as("delay %d", delay).isEqualTo(firstAdvanceAtOrAfter);
            }
            assertThat(ranAt.get("exactly one rotation")).isEqualTo(8 * MS);
            assertThat(wheel.size()).isZero();
        }

        @Test
        void aGapOfManyRotationsRunsEverythingDueOnceAndKeepsTheRest() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            for (int i = 1; i <= 40; i++) {
                wheel.schedule(0, i * 7 * MS, log.task("t" + i));
            }
            Timeout far = wheel.schedule(0, 50 * ROTATION, log.task("far"));

            assertThat(wheel.advance(140 * MS)).isEqualTo(20); // 7 .. 140 ms
            assertThat(wheel.advance(10 * ROTATION)).isEqualTo(20);
            assertThat(log.ran).hasSize(40).doesNotHaveDuplicates().doesNotContain("far");
            assertThat(far.isPending()).isTrue();
            assertThat(wheel.nanosUntilNextDeadline(10 * ROTATION)).isEqualTo(40 * ROTATION);
            assertThat(wheel.advance(50 * ROTATION - 1)).isZero();
            assertThat(wheel.advance(50 * ROTATION)).isEqualTo(1);
        }

        @Test
        void hugeDelaysAreClampedAndNeverMistakenForOverdue() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout t = wheel.schedule(0, Long.MAX_VALUE, log.task("never"));

            assertThat(t.deadlineNanos()).isEqualTo(TimerWheel.MAX_DELAY_NANOS);
            assertThat(wheel.advance(86_400_000 * MS)).isZero();
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(TimerWheel.MAX_DELAY_NANOS);
            assertThat(log.ran).isEmpty();
        }

        @Test
        void timeGoingBackwardsInAdvanceCountsAsTheLatestTime() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            wheel.schedule(0, 30 * MS, log.task("30"));
            wheel.advance(20 * MS);

            assertThat(wheel.advance(5 * MS)).isZero();
            assertThat(wheel.advance(29 * MS)).isZero();
            assertThat(wheel.advance(30 * MS)).isEqualTo(1);
        }
    }

    @Nested
    class Cancelling {

        @Test
        void cancelBeforeTheDeadlineStopsTheTask() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout a = wheel.schedule(0, 30 * MS, log.task("a"));
            Timeout b = wheel.schedule(0, 30 * MS, log.task("b"));

            assertThat(a.cancel()).isTrue();
            assertThat(a.isPending()).isFalse();
            assertThat(a.cancel()).as("second cancel").isFalse();
            assertThat(wheel.size()).isEqualTo(1);
            assertThat(wheel.advance(100 * MS)).isEqualTo(1);
            assertThat(log.ran).containsExactly("b");
            assertThat(b.cancel()).as("cancel after it ran").isFalse();
            assertThat(wheel.size()).isZero();
        }

        @Test
        void cancelDuringTheCurrentTickAfterAnEarlierAdvance() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout a = wheel.schedule(0, 15 * MS, log.task("a"));
            wheel.advance(12 * MS); // a now waits in the part of the tick still to come
            assertThat(a.cancel()).isTrue();
            assertThat(wheel.advance(20 * MS)).isZero();
            assertThat(log.ran).isEmpty();
        }

        @Test
        void aTaskCancellingItselfGetsFalse() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            List<Boolean> results = new ArrayList<>();
            Timeout[] self = new Timeout[1];
            self[0] = wheel.schedule(0, TICK, () -> results.add(self[0].cancel()));
            wheel.advance(TICK);
            assertThat(results).containsExactly(false);
        }

        @ParameterizedTest(name = "{0} ms and {1} ms")
        @CsvSource({"10, 10", "10, 15", "5, 25", "5, 85", "25, 5"})
        void aTaskCancelsAnotherDueInTheSameAdvance(long firstMs, long secondMs) {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            List<String> ran = new ArrayList<>();
            List<Boolean> cancelResults = new ArrayList<>();
            Timeout[] t = new Timeout[2];
            t[0] = wheel.schedule(0, firstMs * MS, () -> {
                ran.add("first");
                cancelResults.add(t[1].cancel());
            });
            t[1] = wheel.schedule(0, secondMs * MS, () -> {
                ran.add("second");
                cancelResults.add(t[0].cancel());
            });

            // Both are due in this one call: whichever runs first stops the other.
            assertThat(wheel.advance(100 * MS)).isEqualTo(1);
            assertThat(ran).hasSize(1);
            assertThat(cancelResults).containsExactly(true);
            assertThat(wheel.size()).isZero();
            assertThat(t[0].isPending()).isFalse();
            assertThat(t[1].isPending()).isFalse();
        }

        @Test
        void aTaskCancelsManyOthersOfItsOwnBucketMidWalk() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            List<Timeout> all = new ArrayList<>();
            int[] ran = {0};
            for (int i = 0; i < 50; i++) {
                all.add(wheel.schedule(0, 10 * MS + i, () -> {
                    ran[0]++;
                    for (Timeout other : all) {
                        other.cancel();
                    }
                }));
            }
            // The same bucket, one rotation later: must survive.
            Timeout later = wheel.schedule(0, 10 * MS + ROTATION, () -> { });

            assertThat(wheel.advance(20 * MS)).isEqualTo(1);
            assertThat(ran[0]).isEqualTo(1);
            assertThat(wheel.size()).isEqualTo(1);
            assertThat(later.isPending()).isTrue();
        }

        @Test
        void manyScheduledThenCancelledLeaveNothing() {
            Random random = new Random(100);
            TimerWheel wheel = new TimerWheel(TICK, 512, 0);
            List<Timeout> timeouts = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                timeouts.add(wheel.schedule(0, random.nextLong(60_000 * MS), () -> {
                    throw new AssertionError("cancelled task ran");
                }));
            }
            assertThat(wheel.size()).isEqualTo(100_000);
            java.util.Collections.shuffle(timeouts, random);
            for (Timeout t : timeouts) {
                assertThat(t.cancel()).isTrue();
            }

            assertThat(wheel.size()).isZero();
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(-1);
            assertThat(wheel.advance(120_000 * MS)).isZero();
        }

        @Test
        void manyScheduledAllRunOnceAndLeaveNothing() {
            Random random = new Random(101);
            TimerWheel wheel = new TimerWheel(TICK, 512, 0);
            int[] runs = new int[100_000];
            for (int i = 0; i < runs.length; i++) {
                int id = i;
                wheel.schedule(0, random.nextLong(20_000 * MS), () -> runs[id]++);
            }
            int total = 0;
            for (long now = 0; now < 20_000 * MS; now += 3 * MS) {
                total += wheel.advance(now);
            }
            total += wheel.advance(20_000 * MS);
            assertThat(total).isEqualTo(runs.length);
            assertThat(runs).containsOnly(1);
            assertThat(wheel.size()).isZero();
            assertThat(wheel.nanosUntilNextDeadline(20_000 * MS)).isEqualTo(-1);
        }
    }

    @Nested
    class TasksChangingTheWheel {

        @Test
        void aTaskSchedulingIntoTheSameOrAPastBucketRunsItAtTheNextAdvance() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            wheel.schedule(0, 10 * MS, () -> {
                log.ran.add("parent");
                wheel.schedule(10 * MS, 0, log.task("same instant"));
                wheel.schedule(10 * MS, 3 * MS, log.task("same bucket, later"));
                wheel.schedule(10 * MS, -10 * MS, log.task("past bucket"));
                wheel.schedule(10 * MS, ROTATION, log.task("same bucket, next round"));
            });

            assertThat(wheel.advance(10 * MS)).as("the call that ran the parent").isEqualTo(1);
            assertThat(wheel.size()).isEqualTo(4);
            assertThat(wheel.nanosUntilNextDeadline(10 * MS)).isZero();

            assertThat(wheel.advance(10 * MS)).isEqualTo(2);
            assertThat(log.ran).containsExactlyInAnyOrder("parent", "same instant", "past bucket");
            assertThat(wheel.nanosUntilNextDeadline(10 * MS)).isEqualTo(3 * MS);
            assertThat(wheel.advance(13 * MS - 1)).isZero();
            assertThat(wheel.advance(13 * MS)).isEqualTo(1);
            assertThat(wheel.nanosUntilNextDeadline(13 * MS)).isEqualTo(ROTATION - 3 * MS);
            assertThat(wheel.advance(10 * MS + ROTATION - 1)).isZero();
            assertThat(wheel.advance(10 * MS + ROTATION)).isEqualTo(1);
            assertThat(wheel.size()).isZero();
        }

        @Test
        void aPeriodicTaskWithNoDelayRunsOncePerAdvance() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            int[] runs = {0};
            Timeout[] self = new Timeout[1];
            self[0] = wheel.schedule(0, 0, () -> {
                runs[0]++;
                assertThat(self[0].reschedule(0, 0)).as("re-armed from its own task").isFalse();
            });

            for (int i = 1; i <= 5; i++) {
                assertThat(wheel.advance(i)).isEqualTo(1);
                assertThat(runs[0]).isEqualTo(i);
            }
            assertThat(self[0].isPending()).isTrue();
        }

        @Test
        void aTaskReschedulingAnotherDueInTheSameAdvancePostponesIt() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout[] victim = new Timeout[1];
            wheel.schedule(0, 10 * MS, () -> {
                log.ran.add("first");
                assertThat(victim[0].reschedule(10 * MS, 50 * MS)).isTrue();
            });
            victim[0] = wheel.schedule(0, 10 * MS, log.task("victim"));

            int ran = wheel.advance(20 * MS);
            // Order within a tick is free: either the victim ran first, or it was moved to 60 ms.
            if (log.ran.get(0).equals("victim")) {
                assertThat(ran).isEqualTo(2);
            } else {
                assertThat(ran).isEqualTo(1);
                assertThat(victim[0].deadlineNanos()).isEqualTo(60 * MS);
                assertThat(wheel.advance(59 * MS)).isZero();
                assertThat(wheel.advance(60 * MS)).isEqualTo(1);
            }
        }

        @Test
        void advanceFromATaskIsRefusedAndReportedWithoutHarm() {
            List<Throwable> errors = new ArrayList<>();
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0, errors::add);
            Log log = new Log();
            wheel.schedule(0, 10 * MS, () -> wheel.advance(10 * MS));
            wheel.schedule(0, 10 * MS, log.task("neighbour"));
            wheel.schedule(0, 30 * MS, log.task("later"));

            assertThat(wheel.advance(10 * MS)).isEqualTo(2);
            assertThat(errors).singleElement().isInstanceOf(IllegalStateException.class);
            assertThat(wheel.advance(30 * MS)).isEqualTo(1);
            assertThat(log.ran).containsExactly("neighbour", "later");
        }
    }

    @Nested
    class Rescheduling {

        @Test
        void pushingTheDeadlineLaterSkipsTheOldOne() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout t = wheel.schedule(0, 30 * MS, log.task("idle"));

            assertThat(t.reschedule(20 * MS, 30 * MS)).isTrue();
            assertThat(t.deadlineNanos()).isEqualTo(50 * MS);
            assertThat(wheel.advance(49 * MS)).isZero();
            assertThat(wheel.advance(50 * MS)).isEqualTo(1);
            assertThat(log.ran).containsExactly("idle");
        }

        @Test
        void pullingTheDeadlineEarlierWithinTheSameBucketAndAcross() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout sameBucket = wheel.schedule(0, 38 * MS, log.task("same"));
            Timeout otherBucket = wheel.schedule(0, 70 * MS, log.task("other"));

            sameBucket.reschedule(0, 31 * MS);
            otherBucket.reschedule(0, 12 * MS);
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(12 * MS);
            assertThat(wheel.advance(12 * MS)).isEqualTo(1);
            assertThat(wheel.nanosUntilNextDeadline(12 * MS)).isEqualTo(19 * MS);
            assertThat(wheel.advance(31 * MS)).isEqualTo(1);
            assertThat(log.ran).containsExactly("other", "same");
        }

        @Test
        void aDeadlinePushedBackCostsAtMostAnEarlyWakeupPerOldBucket() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout t = wheel.schedule(0, 30 * MS, log.task("x"));
            t.reschedule(0, 55 * MS);
            t.reschedule(0, 3 * ROTATION + 42 * MS);
            long finalDeadline = 3 * ROTATION + 42 * MS;

            long now = 0;
            int wakeups = 0;
            while (log.ran.isEmpty()) {
                long wait = wheel.nanosUntilNextDeadline(now);
                assertThat(wait).isPositive().isLessThanOrEqualTo(finalDeadline - now);
                now += wait; // sleep exactly as told
                wheel.advance(now);
                wakeups++;
            }
            assertThat(now).isEqualTo(finalDeadline);
            // Woken at 30 ms, where the node is moved on to its real bucket, then at the deadline.
            assertThat(wakeups).isEqualTo(2);
        }

        @Test
        void reArmingAfterItRanOrWasCancelledReusesTheHandle() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            Timeout t = wheel.schedule(0, 10 * MS, log.task("x"));
            wheel.advance(10 * MS);

            assertThat(t.reschedule(10 * MS, 10 * MS)).as("after it ran").isFalse();
            assertThat(t.isPending()).isTrue();
            assertThat(wheel.size()).isEqualTo(1);
            assertThat(t.cancel()).isTrue();
            assertThat(t.reschedule(10 * MS, 20 * MS)).as("after cancel").isFalse();
            assertThat(wheel.advance(30 * MS)).isEqualTo(1);
            assertThat(log.ran).containsExactly("x", "x");
        }

        @Test
        void touchingAnIdleTimeoutOftenKeepsOneNodeAndRunsItOnlyWhenIdle() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            long idle = 3 * ROTATION + 5 * MS;
            Timeout t = wheel.schedule(0, idle, log.task("idle"));
            long now = 0;
            // Traffic every 7 ms for a while: the deadline keeps moving, across buckets and in place.
            for (int i = 0; i < 200; i++) {
                now += 7 * MS;
                assertThat(wheel.advance(now)).isZero();
                assertThat(t.reschedule(now, idle)).isTrue();
                assertThat(wheel.size()).isEqualTo(1);
                assertThat(wheel.nanosUntilNextDeadline(now)).isBetween(1L, idle);
            }
            long lastActivity = now;
            while (log.ran.isEmpty()) {
                now += MS;
                wheel.advance(now);
            }
            assertThat(now).isEqualTo(lastActivity + idle);
        }
    }

    @Nested
    class NextDeadline {

        @Test
        void emptyWheelSaysMinusOne() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(-1);
            assertThat(wheel.nanosUntilNextDeadline(Long.MIN_VALUE)).isEqualTo(-1);
        }

        @Test
        void reportsTheExactEarliestDeadlineNotRoundedToATick() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            wheel.schedule(0, 3 * ROTATION + 1, () -> { });
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(3 * ROTATION + 1);
            wheel.schedule(0, 47 * MS + 123, () -> { });
            wheel.schedule(0, 52 * MS, () -> { });
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(47 * MS + 123);
            assertThat(wheel.nanosUntilNextDeadline(40 * MS)).isEqualTo(7 * MS + 123);
            assertThat(wheel.nanosUntilNextDeadline(47 * MS + 123)).isZero();
            assertThat(wheel.nanosUntilNextDeadline(900 * MS)).as("overdue").isZero();
        }

        @Test
        void followsCancellationsAndIsNeverLaterThanTheEarliest() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Timeout a = wheel.schedule(0, 15 * MS, () -> { });
            Timeout b = wheel.schedule(0, 35 * MS, () -> { });
            Timeout c = wheel.schedule(0, 38 * MS, () -> { }); // shares b's bucket

            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(15 * MS);
            a.cancel();
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(35 * MS);
            b.cancel();
            // b's bucket still holds c: an earlier answer is allowed, a later one is not.
            long answer = wheel.nanosUntilNextDeadline(0);
            assertThat(answer).isBetween(1L, 38 * MS);
            // Waking up at that answer finds nothing due and learns the exact deadline: no spinning.
            assertThat(wheel.advance(answer)).isZero();
            assertThat(wheel.nanosUntilNextDeadline(answer)).isEqualTo(38 * MS - answer);
            c.cancel();
            assertThat(wheel.nanosUntilNextDeadline(answer)).isEqualTo(-1);
        }

        @Test
        void isPositiveRightAfterAnAdvanceWithinATick() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            for (int i = 1; i <= 9; i++) {
                wheel.schedule(0, 20 * MS + i * MS, log.task("t" + i));
            }
            wheel.schedule(0, 20 * MS + ROTATION, log.task("next round"));
            long now = 0;
            while (log.ran.size() < 9) {
                long wait = wheel.nanosUntilNextDeadline(now);
                assertThat(wait).isPositive();
                now += wait; // sleep exactly as told
                assertThat(wheel.advance(now)).as("woken at %d", now).isEqualTo(1);
            }
            assertThat(now).isEqualTo(29 * MS);
            assertThat(wheel.nanosUntilNextDeadline(now)).isEqualTo(ROTATION - 9 * MS);
        }
    }

    @Nested
    class WrapAround {

        @ParameterizedTest(name = "start = MAX - {0} ns")
        @ValueSource(longs = {0, 1, 15_000_000, 79_999_999, 1_000_000_000})
        void deadlinesAcrossTheNanoTimeWrapBehave(long beforeWrap) {
            long start = Long.MAX_VALUE - beforeWrap;
            TimerWheel wheel = new TimerWheel(TICK, SIZE, start);
            Map<String, Long> ranAt = new HashMap<>();
            long[] now = {start};
            long[] delays = {1, 10 * MS, 20 * MS + 3, ROTATION + 7 * MS, 3 * ROTATION, 1_500 * MS};
            for (long delay : delays) {
                wheel.schedule(start, delay, () -> ranAt.put(Long.toString(delay), now[0]));
            }
            assertThat(wheel.nanosUntilNextDeadline(start)).isEqualTo(1);

            while (wheel.size() > 0) {
                long wait = wheel.nanosUntilNextDeadline(now[0]);
                assertThat(wait).isPositive();
                now[0] += Math.min(wait, 3 * MS); // overflows past Long.MAX_VALUE, as nanoTime may
                wheel.advance(now[0]);
            }
            for (long delay : delays) {
                assertThat(ranAt.get(Long.toString(delay)) - (start + delay)).as("delay %d", delay).isZero();
            }
        }
    }

    @Nested
    class Failures {

        @Test
        void aThrowingTaskDoesNotStopTheOthersAndIsReported() {
            List<Throwable> errors = new ArrayList<>();
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0, errors::add);
            Log log = new Log();
            wheel.schedule(0, 10 * MS, log.task("a"));
            wheel.schedule(0, 10 * MS, () -> {
                throw new IllegalStateException("boom");
            });
            wheel.schedule(0, 10 * MS, log.task("b"));
            wheel.schedule(0, 30 * MS, () -> {
                throw new AssertionError("an Error too");
            });
            wheel.schedule(0, 30 * MS, log.task("c"));

            assertThat(wheel.advance(10 * MS)).isEqualTo(3);
            assertThat(wheel.advance(30 * MS)).isEqualTo(2);
            assertThat(log.ran).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(errors).extracting(Throwable::getMessage).containsExactly("boom", "an Error too");
            assertThat(wheel.size()).isZero();
        }

        @Test
        void withoutAHandlerFailuresAreLoggedNotThrown() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0);
            Log log = new Log();
            wheel.schedule(0, 10 * MS, () -> {
                throw new RuntimeException("logged as a warning by this test, on purpose");
            });
            wheel.schedule(0, 10 * MS, log.task("after"));
            assertThat(wheel.advance(10 * MS)).isEqualTo(2);
            assertThat(log.ran).containsExactly("after");
        }

        @Test
        void aThrowingHandlerDoesNotStopTheOthersEither() {
            TimerWheel wheel = new TimerWheel(TICK, SIZE, 0, e -> {
                throw new IllegalStateException("handler failing, on purpose");
            });
            Log log = new Log();
            wheel.schedule(0, 10 * MS, () -> {
                throw new RuntimeException("task failing, on purpose");
            });
            wheel.schedule(0, 10 * MS, log.task("after"));
            assertThat(wheel.advance(10 * MS)).isEqualTo(2);
            assertThat(log.ran).containsExactly("after");
            assertThat(wheel.size()).isZero();
        }
    }

    @Nested
    class Construction {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"1, 1", "2, 2", "3, 4", "8, 8", "500, 512", "513, 1024"})
        void wheelSizeIsRoundedUpToAPowerOfTwo(int requested, int actual) {
            assertThat(new TimerWheel(TICK, requested, 0).wheelSize()).isEqualTo(actual);
        }

        @Test
        void rejectsNonsense() {
            assertThatThrownBy(() -> new TimerWheel(0, 8, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new TimerWheel(-1, 8, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new TimerWheel(TICK, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new TimerWheel(TICK, (1 << 30) + 1, 0))
                    .isInstanceOf(IllegalArgumentException.class);
            TimerWheel wheel = new TimerWheel(TICK, 8, 0);
            assertThatThrownBy(() -> wheel.schedule(0, 1, null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void aOneBucketWheelStillWorks() {
            TimerWheel wheel = new TimerWheel(TICK, 1, 0);
            Log log = new Log();
            wheel.schedule(0, 25 * MS, log.task("25"));
            wheel.schedule(0, 5 * MS, log.task("5"));
            assertThat(wheel.nanosUntilNextDeadline(0)).isEqualTo(5 * MS);
            assertThat(wheel.advance(24 * MS)).isEqualTo(1);
            assertThat(wheel.nanosUntilNextDeadline(24 * MS)).isEqualTo(MS);
            assertThat(wheel.advance(25 * MS)).isEqualTo(1);
            assertThat(log.ran).containsExactly("5", "25");
        }
    }

    /**
     * Random schedules, cancels, reschedules and advances (some tasks scheduling more from inside),
     * checked against a plain map of deadlines after every step.
     */
    @Nested
    class AgainstAModel {

        @ParameterizedTest(name = "seed {0}")
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 42, 0xC0FFEE, -7})
        void neverEarlyAlwaysAtTheFirstAdvanceAtOrAfterTheDeadline(long seed) {
            new Simulation(seed).run(1_500);
        }
    }

    private static final class Simulation {
        final Random random;
        final long tick;
        final long rotation;
        final TimerWheel wheel;
        long now;
        final List<Timeout> handles = new ArrayList<>();
        /** The model: pending timeout index to deadline. */
        final Map<Integer, Long> pending = new HashMap<>();
        final List<Integer> ranThisAdvance = new ArrayList<>();
        /** Timeouts that tasks cancelled or rescheduled during the current advance. */
        final Set<Integer> changedByTasks = new HashSet<>();
        /** Failures inside tasks, assertion errors included: the wheel reports them rather than throw. */
        final List<Throwable> failures = new ArrayList<>();

        Simulation(long seed) {
            random = new Random(seed);
            tick = 1 + random.nextInt(10_000_000);
            int size = 1 + random.nextInt(64);
            long start = switch (random.nextInt(3)) {
                case 0 -> random.nextLong();
                case 1 -> Long.MAX_VALUE - random.nextInt(200) * tick; // about to wrap
                default -> 0;
            };
            wheel = new TimerWheel(tick, size, start, failures::add);
            rotation = tick * wheel.wheelSize();
            now = start;
        }

        long randomDelay() {
            return switch (random.nextInt(8)) {
                case 0 -> 0;
                case 1 -> -random.nextInt(1_000);
                case 2 -> random.nextLong(tick); // this very tick, or the next
                case 3 -> (1 + random.nextInt(3)) * tick; // exactly on tick boundaries
                case 4 -> rotation * (1 + random.nextInt(3)) + random.nextInt(3) - 1; // same bucket, later rounds
                default -> random.nextLong(3 * rotation + 1);
            };
        }

        void schedule() {
            int id = handles.size();
            Timeout t = wheel.schedule(now, randomDelay(), () -> onRun(id));
            handles.add(t);
            pending.put(id, t.deadlineNanos());
            assertThat(t.deadlineNanos() - now).isGreaterThanOrEqualTo(0);
        }

        void onRun(int id) {
            assertThat(pending).as("task %d runs while pending", id).containsKey(id);
            ranThisAdvance.add(id);
            pending.remove(id);
            int what = random.nextInt(10);
            if (what == 0) {
                schedule();
            } else if (what == 1) {
                changedByTasks.add(cancelOne());
            } else if (what == 2) {
                changedByTasks.add(rescheduleOne());
            }
        }

        int cancelOne() {
            int id = random.nextInt(handles.size());
            boolean expected = pending.remove(id) != null;
            assertThat(handles.get(id).cancel()).as("cancel of %d", id).isEqualTo(expected);
            return id;
        }

        int rescheduleOne() {
            int id = random.nextInt(handles.size());
            Timeout t = handles.get(id);
            boolean wasPending = pending.containsKey(id);
            assertThat(t.reschedule(now, randomDelay())).as("reschedule of %d", id).isEqualTo(wasPending);
            pending.put(id, t.deadlineNanos());
            return id;
        }

        void checkNextDeadline(long at, boolean rightAfterAdvance) {
            long answer = wheel.nanosUntilNextDeadline(at);
            if (pending.isEmpty()) {
                assertThat(answer).isEqualTo(-1);
                return;
            }
            long untilEarliest = Long.MAX_VALUE;
            for (long deadline : pending.values()) {
                untilEarliest = Math.min(untilEarliest, deadline - at);
            }
            assertThat(answer).as("never later than the earliest deadline")
                    .isBetween(0L, Math.max(0, untilEarliest));
            if (rightAfterAdvance && untilEarliest > 0) {
                assertThat(answer).as("positive when nothing is due: the loop must not spin").isPositive();
            }
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                int ops = random.nextInt(6);
                for (int i = 0; i < ops; i++) {
                    int what = random.nextInt(10);
                    if (what < 6 || handles.isEmpty()) {
                        schedule();
                    } else if (what < 8) {
                        cancelOne();
                    } else {
                        rescheduleOne();
                    }
                }
                assertThat(wheel.size()).isEqualTo(pending.size());
                checkNextDeadline(now, false);
                checkNextDeadline(now + random.nextLong(2 * rotation), false);

                long stepNanos = switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> random.nextLong(2 * rotation); // a long stall
                    default -> random.nextLong(2 * tick);
                };
                long before = now;
                now += stepNanos;
                Map<Integer, Long> deadlines = new HashMap<>(pending);
                Set<Integer> due = new HashSet<>();
                deadlines.forEach((id, deadline) -> {
                    if (deadline - now <= 0) {
                        due.add(id);
                    }
                });
                ranThisAdvance.clear();
                changedByTasks.clear();

                int ran = wheel.advance(now);

                assertThat(failures).isEmpty();
                assertThat(ran).isEqualTo(ranThisAdvance.size());
                assertThat(ranThisAdvance).doesNotHaveDuplicates();
                for (int id : ranThisAdvance) {
                    assertThat(deadlines).as("only what was pending before the call runs").containsKey(id);
                    long deadline = deadlines.get(id);
                    assertThat(deadline - now).as("task %d never runs early", id).isLessThanOrEqualTo(0);
                    assertThat(now - deadline).as("late by at most this step").isLessThanOrEqualTo(now - before);
                }
                // Everything due ran, unless a task that ran before it cancelled or moved it.
                Set<Integer> missing = new HashSet<>(due);
                missing.removeAll(ranThisAdvance);
                assertThat(changedByTasks).as("due but did not run").containsAll(missing);
                assertThat(wheel.size()).isEqualTo(pending.size());
                checkNextDeadline(now, true);
            }
        }
    }
}
