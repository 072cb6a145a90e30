package io.duplex.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        ConnectionRamp ramp = new ConnectionRamp(client, target.url(), target.options(), target.maxHandshakes(), io);
        ConnectionSet set = new ConnectionSet(ramp.open(connections,
                i -> new BenchConnection(i, target.pool(), depth, Long.MAX_VALUE, phase, target.compression(), errors),
                System.nanoTime() + target.rampBudgetNanos(connections)), connections);
        if (!set.allReady()) {
            BenchFailure.report(err, target.url(), set, connections);
            phase.drain();
            set.closeAll(System.nanoTime() + END_BUDGET_NANOS);
            return DuplexCommand.EXIT_FAILED;
        }
        String extensions = set.extensions();
        out.println("bench phase=warmup connections=" + connections + " extensions=" + EchoResult.quote(extensions));
        err.println("duplex bench: " + connections + " connections open to " + target.url() + " ("
                + (extensions.isEmpty() ? "no compression" : extensions) + "); warming up for "
                + BenchCommand.seconds(warmup) + ", then measuring for " + BenchCommand.seconds(duration));
        pause(warmup);

        phase.measure();
        long cpu0 = BenchCommand.processCpuNanos();
        long t0 = System.nanoTime();
        out.println("bench phase=measure");
        pause(duration);
        phase.drain();
        long t1 = System.nanoTime();
        long cpu1 = BenchCommand.processCpuNanos();
        out.println("bench phase=drain");

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
        EchoResult result = new EchoResult(connections, depth, target.pool(), extensions, t1 - t0, all,
                cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, errors.count());
        errors.first().forEach(e -> err.println("duplex bench: error: " + e));
        err.println(result.humanLine());
        out.println(result.machineLine());
        return errors.count() == 0 && all.count() > 0 ? 0 : DuplexCommand.EXIT_FAILED;
    }

    /** Waits for the given time, or less when a stop is asked for (SIGINT: the result is still printed). */
    private void pause(Duration time) throws InterruptedException {
        try {
            io.stopRequested().get(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the time is up
        }
    }
}
