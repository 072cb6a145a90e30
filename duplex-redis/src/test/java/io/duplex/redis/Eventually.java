package io.duplex.redis;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition, polling, up to a deadline: the tests' only way to wait for something. */
final class Eventually {

    /** Long enough for a loaded machine, short enough for a failing test to end. */
    static final Duration DEFAULT = Duration.ofSeconds(20);

    private Eventually() {
    }

    /**
     * @param what      what is awaited, for the failure message
     * @param condition true once it happened; an exception counts as not yet
     */
    static void await(String what, Callable<Boolean> condition) throws InterruptedException {
        await(what, DEFAULT, condition);
    }

    /**
     * @param what      what is awaited, for the failure message
     * @param timeout   how long to wait at most
     * @param condition true once it happened; an exception counts as not yet
     */
    static void await(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + timeout + ": " + what + (last == null ? "" : " (last error: " + last + ")"));
            }
            Thread.sleep(10);
        }
    }
}
