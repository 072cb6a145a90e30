package io.duplex.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.duplex.client.WebSocketClient;

/**
 * {@code duplex bench --handshakes}: connections per second. First one connection alone, which must
 * open, echo one message and close cleanly (so that a wrong URL, a refused connection, a certificate
 * not trusted or compression declined is reported once, at once); then {@code concurrency} closed
 * loops ({@link HandshakeLoop}) open and close connections through a warmup and the measured window,
 * and are let finish their last cycle. Prints the same {@code bench phase=...} lines as echo mode, so
 * that a script can measure the server over the measured window.
 */
final class HandshakeBenchmark {

    /** The first connection: how long it may take to open, echo and close. */
    private static final long PROBE_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * A cycle under way at the end has this long to finish: the client's handshake timeout and its
     * Close timeout (10 s each), and a margin.
     */
    private static final long END_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(25);

    private final BenchTarget target;
    private final int concurrency;
    private final Duration warmup;
    private final Duration duration;
    private final CliIo io;

    /**
     * @param target      where to connect and what to offer
     * @param concurrency how many closed loops
     * @param warmup      how long to run before measuring
     * @param duration    how long to measure
     * @param io          the streams and the stop signal
     */
    HandshakeBenchmark(BenchTarget target, int concurrency, Duration warmup, Duration duration, CliIo io) {
        this.target = target;
        this.concurrency = concurrency;
        this.warmup = warmup;
        this.duration = duration;
        this.io = io;
    }

    /**
     * Runs the benchmark.
     *
     * @param client the client to connect with
     * @return the exit code: 0 when every connection opened and closed cleanly, else 1
     * @throws InterruptedException when interrupted
     */
    int run(WebSocketClient client) throws InterruptedException {
        PrintStream out = io.out();
        PrintStream err = io.err();
        String extensions = probe(client, err);
        if (extensions == null) {
            return DuplexCommand.EXIT_FAILED;
        }
        ErrorLog errors = new ErrorLog();
        LoadPhase phase = new LoadPhase();
        List<HandshakeLoop> loops = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loops.add(new HandshakeLoop(i, client, target.url(), target.options(), target.compression(), phase, errors));
        }
        loops.forEach(HandshakeLoop::start);
        boolean tls = "wss".equalsIgnoreCase(target.url().getScheme());
        out.println("bench phase=warmup concurrency=" + concurrency + " extensions=" + BenchResult.quote(extensions));
        err.println("duplex bench: " + concurrency + " loops opening and closing connections to " + target.url()
                + " (" + (extensions.isEmpty() ? "no compression" : extensions) + "); warming up for "
                + BenchCommand.seconds(warmup) + ", then measuring for " + BenchCommand.seconds(duration));
        MeasuredWindow window = MeasuredWindow.run(phase, warmup, duration, io);

        int running = awaitStopped(loops, System.nanoTime() + END_BUDGET_NANOS);
        if (running > 0) {
            errors.add(running + " loop(s) were still connecting or closing "
                    + TimeUnit.NANOSECONDS.toSeconds(END_BUDGET_NANOS) + " s after the end");
        }
        LatencyHistogram all = new LatencyHistogram();
        loops.forEach(l -> all.add(l.latencies()));
        new HandshakeResult(concurrency, tls, extensions, window, all, errors.count()).print(errors, io);
        return errors.count() == 0 && all.count() > 0 ? 0 : DuplexCommand.EXIT_FAILED;
    }

    /**
     * Opens one connection, has one message echoed and closes it, as echo mode's ramp does.
     *
     * @return the extensions agreed, or {@code null} after saying on stderr why the server cannot be measured
     */
    private String probe(WebSocketClient client, PrintStream err) throws InterruptedException {
        ErrorLog problems = new ErrorLog();
        LoadPhase never = new LoadPhase(); // one message, never measured
        ConnectionSet first = new ConnectionRamp(client, target, 1, io).open(1, 1, 1, never, problems,
                System.nanoTime() + PROBE_BUDGET_NANOS);
        boolean ready = first.allReady();
        if (!ready) {
            BenchFailure.report(err, target.url(), first, 1);
        }
        String extensions = first.extensions();
        int clean = first.closeAll(System.nanoTime() + PROBE_BUDGET_NANOS);
        if (ready && (clean < 1 || problems.count() > 0)) {
            problems.printFirst(err);
            err.println("duplex bench: the first connection to " + target.url() + " did not close cleanly");
            return null;
        }
        return ready ? extensions : null;
    }

    /** @return how many loops had not stopped by the deadline */
    private static int awaitStopped(List<HandshakeLoop> loops, long deadlineNanos) throws InterruptedException {
        int running = 0;
        for (HandshakeLoop loop : loops) {
            try {
                loop.stopped().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                running++;
            }
        }
        return running;
    }
}
