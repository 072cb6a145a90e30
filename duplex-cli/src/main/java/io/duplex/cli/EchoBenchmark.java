package io.duplex.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.duplex.client.WebSocketClient;

/**
 * {@code duplex bench} in echo mode: opens the connections, lets them run closed loops through a
 * warmup, measures for the duration, drains and closes. Prints {@code bench phase=...} lines on stdout
 * as the phases change (a script measuring the server reads them), then the result.
 */
final class EchoBenchmark {

    /** How long the messages in flight at the end may take to come back, and the Closes to be answered. */
    private static final long END_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BenchTarget target;
    private final int connections;
    private final int depth;
    private final Duration warmup;
    private final Duration duration;
    private final CliIo io;

    /**
     * @param target      where to connect and what to send
     * @param connections how many connections
     * @param depth       messages in flight per connection
     * @param warmup      how long to run before measuring
     * @param duration    how long to measure
     * @param io          the streams and the stop signal
     */
    EchoBenchmark(BenchTarget target, int connections, int depth, Duration warmup, Duration duration, CliIo io) {
        this.target = target;
        this.connections = connections;
        this.depth = depth;
        this.warmup = warmup;
        this.duration = duration;
        this.io = io;
    }

    /**
     * Runs the benchmark.
     *
     * @param client the client to connect with
     * @return the exit code: 0 when every connection worked and no error was counted, else 1
     * @throws InterruptedException when interrupted
     */
    int run(WebSocketClient client) throws InterruptedException {
        PrintStream out = io.out();
        PrintStream err = io.err();
        ErrorLog errors = new ErrorLog();
        LoadPhase phase = new LoadPhase();
        ConnectionSet set = new ConnectionRamp(client, target, target.maxHandshakes(), io).open(connections, depth,
                Long.MAX_VALUE, phase, errors, System.nanoTime() + target.rampBudgetNanos(connections));
        if (!set.allReady()) {
            BenchFailure.report(err, target.url(), set, connections);
            phase.drain();
            set.closeAll(System.nanoTime() + END_BUDGET_NANOS);
            return DuplexCommand.EXIT_FAILED;
        }
        String extensions = set.extensions();
        out.println("bench phase=warmup connections=" + connections + " extensions=" + BenchResult.quote(extensions));
        err.println("duplex bench: " + connections + " connections open to " + target.url() + " ("
                + (extensions.isEmpty() ? "no compression" : extensions) + "); warming up for "
                + BenchCommand.seconds(warmup) + ", then measuring for " + BenchCommand.seconds(duration));
        MeasuredWindow window = MeasuredWindow.run(phase, warmup, duration, io);

        int stuck = set.awaitDrained(System.nanoTime() + END_BUDGET_NANOS);
        if (stuck > 0) {
            errors.add(stuck + " connection(s) still had messages in flight "
                    + TimeUnit.NANOSECONDS.toSeconds(END_BUDGET_NANOS) + " s after the end");
        }
        int clean = set.closeAll(System.nanoTime() + END_BUDGET_NANOS);
        if (clean < connections) {
            errors.add((connections - clean) + " connection(s) did not close cleanly (1000 both ways)");
        }

        LatencyHistogram all = new LatencyHistogram();
        set.all().forEach(c -> all.add(c.latencies()));
        new EchoResult(connections, depth, target.pool(), extensions, window, all, errors.count()).print(errors, io);
        return errors.count() == 0 && all.count() > 0 ? 0 : DuplexCommand.EXIT_FAILED;
    }
}
