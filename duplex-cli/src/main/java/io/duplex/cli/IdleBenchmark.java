package io.duplex.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.duplex.client.WebSocketClient;

/**
 * {@code duplex bench --idle N}: opens N connections, each sends one message and waits for its echo
 * (so that, with compression, both sides hold the zlib state a real idle connection holds), prints
 * {@code bench phase=ready open=N} and holds them all for a while (a script measures the server's
 * memory meanwhile), then closes them all with 1000.
 */
final class IdleBenchmark {

    /** Closing thousands of connections: the Closes get this long, plus 5 ms a connection. */
    private static final long CLOSE_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BenchTarget target;
    private final int count;
    private final Duration hold;
    private final CliIo io;

    /**
     * @param target where to connect and what to send
     * @param count  how many connections
     * @param hold   how long to hold them once all are open
     * @param io     the streams and the stop signal
     */
    IdleBenchmark(BenchTarget target, int count, Duration hold, CliIo io) {
        this.target = target;
        this.count = count;
        this.hold = hold;
        this.io = io;
    }

    /**
     * Runs the benchmark.
     *
     * @param client the client to connect with
     * @return the exit code: 0 when every connection opened, echoed, stayed open and closed cleanly
     * @throws InterruptedException when interrupted
     */
    int run(WebSocketClient client) throws InterruptedException {
        PrintStream out = io.out();
        PrintStream err = io.err();
        ErrorLog errors = new ErrorLog();
        LoadPhase phase = new LoadPhase(); // never measures: one message each, only to create the state
        ConnectionRamp ramp = new ConnectionRamp(client, target, target.maxHandshakes(), io);
        long r0 = System.nanoTime();
        ConnectionSet set = ramp.open(count, 1, 1, phase, errors, r0 + target.rampBudgetNanos(count));
        long rampNanos = System.nanoTime() - r0;
        int open = set.readyCount();
        long closeDeadline = CLOSE_BUDGET_NANOS + count * 5_000_000L;
        if (open == 0 || set.extensionMismatch()) {
            BenchFailure.report(err, target.url(), set, count);
            set.closeAll(System.nanoTime() + closeDeadline);
            return DuplexCommand.EXIT_FAILED;
        }
        if (open < count) {
            BenchFailure.report(err, target.url(), set, count);
            errors.add((count - open) + " connection(s) did not open or echo their message");
        }
        String extensions = set.extensions();
        out.println("bench phase=ready open=" + open + " failed=" + (count - open) + " extensions="
                + BenchResult.quote(extensions));
        err.println("duplex bench: " + open + " idle connections open to " + target.url() + " in "
                + BenchCommand.seconds(Duration.ofNanos(rampNanos)) + " ("
                + (extensions.isEmpty() ? "no compression" : extensions) + "); holding them for "
                + BenchCommand.seconds(hold));
        long h0 = System.nanoTime();
        io.pause(hold);
        long holdNanos = System.nanoTime() - h0;
        out.println("bench phase=closing");
        int closed = set.closeAll(System.nanoTime() + closeDeadline);
        if (closed < open) {
            errors.add((open - closed) + " connection(s) did not close cleanly (1000 both ways)");
        }
        new IdleResult(count, open, closed, rampNanos, holdNanos, extensions, errors.count()).print(errors, io);
        return errors.count() == 0 ? 0 : DuplexCommand.EXIT_FAILED;
    }
}
