package io.duplex.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a command talks to: its standard streams (UTF-8) and a stop signal. The real process wires them
 * to stdin, stdout, stderr and a shutdown hook (SIGINT, SIGTERM); tests pass their own.
 */
public final class CliIo {

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param in  what {@code connect} reads lines from
     * @param out where messages and the server's log lines go
     * @param err where status and errors go
     */
    public CliIo(InputStream in, OutputStream out, OutputStream err) {
        this.in = in;
        this.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    /** @return the process's own streams */
    static CliIo system() {
        return new CliIo(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err));
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Asks the running command to stop (what SIGINT and SIGTERM do). */
    public void requestStop() {
        stop.complete(null);
    }

    /** @return completed once a stop is asked for */
    CompletableFuture<Void> stopRequested() {
        return stop;
    }

    /**
     * Waits for the given time, or less when a stop is asked for: a benchmark interrupted by SIGINT
     * still ends its phase and prints its result.
     *
     * @param time how long at most
     * @throws InterruptedException when interrupted
     */
    void pause(Duration time) throws InterruptedException {
        try {
            stop.get(time.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the time is up (the stop signal is only ever completed normally)
        }
    }

    /** The command has returned: a shutdown hook waiting for it may let the JVM end. */
    void finished() {
        finished.countDown();
    }

    /**
     * Waits for the command to return.
     *
     * @param timeout how long at most
     */
    void awaitFinished(Duration timeout) {
        try {
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
