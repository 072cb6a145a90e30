package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of the duplex command on its own thread, with captured streams. */
final class CommandRun implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on (?:wss?|https?)://127\\.0\\.0\\.1:(\\d+)/? ");

    final CapturedOutput out = new CapturedOutput();
    final CapturedOutput err = new CapturedOutput();
    final CliIo io;
    private final String[] args;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private CommandRun(InputStream in, String... args) {
        this.io = new CliIo(in, out, err);
        this.args = args;
        Thread t = new Thread(() -> {
            try {
                exit.complete(DuplexCommand.commandLine(io).execute(args));
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "duplex " + String.join(" ", args));
        t.setDaemon(true);
        t.start();
    }

    /** Starts the command with the given stdin. */
    static CommandRun start(InputStream in, String... args) {
        return new CommandRun(in, args);
    }

    /** Starts the command with an empty stdin. */
    static CommandRun start(String... args) {
        return new CommandRun(new ByteArrayInputStream(new byte[0]), args);
    }

    /** Runs the command to its end with an empty stdin. */
    static CommandRun run(String... args) {
        CommandRun r = start(args);
        r.awaitExit();
        return r;
    }

    /** @return the exit code, waiting at most {@link #TIMEOUT} */
    int awaitExit() {
        try {
            return exit.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            io.requestStop();
            return fail("duplex " + Arrays.toString(args) + " did not end within " + TIMEOUT + "\nstdout:\n"
                    + out.text() + "\nstderr:\n" + err.text());
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the port a {@code serve} run listens on, once it says so */
    int awaitListeningPort() throws InterruptedException {
        Matcher m = out.awaitLine(LISTENING, TIMEOUT);
        return Integer.parseInt(m.group(1));
    }

    /** Asks the command to stop, if it still runs (for try-with-resources; checks nothing). */
    @Override
    public void close() {
        io.requestStop();
    }

    /** Stops a {@code serve} or {@code demo} run as SIGTERM would, and checks that it ended well. */
    void stopServer() {
        io.requestStop();
        assertThat(awaitExit()).as("exit code; stderr: %s", err.text()).isZero();
        assertThat(out.text()).contains("duplex " + args[0] + ": stopped");
    }
}
