package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a client script of a WebSocket implementation we did not write (Python {@code websockets},
 * Node {@code ws}) and checks what it printed: one JSON line per check, each starting with
 * {@code {"check":NAME,"ok":BOOL}}. Every run stops by itself: a script still running after its
 * timeout is killed, with its descendants, and the test fails.
 */
final class ExternalPeer {

    /** The hard limit of one scripted run. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    /** The message sizes of the echo checks, in bytes (of UTF-8 for text). */
    static final int[] SIZES = {0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20};

    private static final Pattern CHECK = Pattern.compile("^\\{\"check\":\"([^\"]+)\",\"ok\":(true|false)");

    private ExternalPeer() {
    }

    /** What a script did. */
    record Result(int exitCode, String output, Map<String, Boolean> checks, List<String> failedLines) {
    }

    /** The checks both scripts print, in order. */
    static List<String> expectedChecks() {
        List<String> checks = new ArrayList<>(List.of("peer", "subprotocol", "deflate-declined"));
        for (int size : SIZES) {
            checks.add("text-echo-" + size);
            checks.add("binary-echo-" + size);
        }
        checks.addAll(List.of("fragmented-text", "ping-during-fragments", "fragmented-binary", "ping-pong",
                "client-close", "server-close", "done"));
        return checks;
    }

    /**
     * Skips the test when a peer is missing, or fails it when the environment variable {@code CI} is
     * {@code true}: CI installs the peers, so a missing one there is a broken setup, not a skip.
     *
     * @param present whether the peer is there
     * @param missing what is missing
     * @param install how to install it
     */
    static void require(boolean present, String missing, String install) {
        if (present) {
            return;
        }
        String message = missing + "; install it with: " + install;
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and an interop peer is missing: " + message);
        }
        assumeTrue(false, "interop peer missing, test skipped: " + message);
    }

    /** Node's project folder for the tests: package.json, the lock file, node_modules and the scripts. */
    static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    /** The Python scripts' folder, with the module {@code peer_common.py} they share. */
    static final Path PYTHON_DIR = Path.of("src", "test", "python").toAbsolutePath();
    /** Debian's interpreter: the one that sees Debian's packages (a pyenv {@code python3} does not). */
    static final String PYTHON = "/usr/bin/python3";

    /**
     * @param name a script in {@link #NODE_DIR}
     * @return it, run by {@code node}
     */
    static Script nodeScript(String name) {
        return new Script("node ws", NODE_DIR.resolve(name), List.of("node"), ExternalPeer::requireNodeWs);
    }

    /**
     * @param name a script in {@link #PYTHON_DIR}
     * @return it, run by {@link #PYTHON}: unbuffered ({@code -u}), so that each line reaches the test
     *         as it is printed, and without writing {@code __pycache__} beside the sources ({@code -B})
     *         when it imports {@code peer_common}
     */
    static Script pythonScript(String name) {
        return new Script("python-websockets", PYTHON_DIR.resolve(name), List.of(PYTHON, "-u", "-B"),
                ExternalPeer::requirePythonWebsockets);
    }

    /**
     * A peer's script and how to run it: the interpreter before its path, and its own folder as the
     * working directory (where Node finds {@code ws} in node_modules, and the Python scripts their
     * shared module).
     */
    static final class Script {
        private final String peer;
        private final Path path;
        private final List<String> interpreter;
        private final Runnable requirement;

        private Script(String peer, Path path, List<String> interpreter, Runnable requirement) {
            this.peer = peer;
            this.path = path;
            this.interpreter = interpreter;
            this.requirement = requirement;
        }

        /** @return the peer the script drives, for reports: {@code node ws} or {@code python-websockets} */
        String peer() {
            return peer;
        }

        /** @return the script's file */
        Path path() {
            return path;
        }

        /**
         * Checks that the interpreter and its WebSocket package are installed (fails under
         * {@code CI=true}, skips otherwise) and that the script is there.
         */
        void require() {
            requirement.run();
            assertThat(path).exists();
        }

        /** @return the folder the script runs in: its own */
        Path directory() {
            return path.getParent();
        }

        /**
         * @param args the script's arguments
         * @return the command line that runs the script with them
         */
        List<String> command(String... args) {
            List<String> command = new ArrayList<>(interpreter);
            command.add(path.toString());
            command.addAll(List.of(args));
            return command;
        }
    }

    /** Node and its {@code ws} package are installed, or the test fails (CI) or is skipped. */
    static void requireNodeWs() {
        String install = "npm ci --prefix duplex-core/src/test/node (Node 18 or later on PATH)";
        require(succeeds("node", "--version"), "node is not on PATH", install);
        require(Files.isRegularFile(NODE_DIR.resolve("node_modules/ws/package.json")),
                "the npm package ws is not installed in " + NODE_DIR.resolve("node_modules"), install);
    }

    /** Debian's Python with {@code websockets} is installed, or the test fails (CI) or is skipped. */
    static void requirePythonWebsockets() {
        require(Files.isExecutable(Path.of(PYTHON)) && succeeds(PYTHON, "-c", "import websockets"),
                PYTHON + " with the websockets module is missing", "apt-get install python3-websockets (Debian/Ubuntu)");
    }

    /**
     * @param command a program and its arguments
     * @return whether it ran and exited 0 within 30 s
     */
    static boolean succeeds(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill(process);
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs a script to its end, or kills it after {@link #RUN_TIMEOUT} and fails.
     *
     * @param directory the working directory
     * @param command   the program and its arguments
     * @return its exit code, output (stdout and stderr together) and checks
     */
    static Result run(Path directory, List<String> command) throws IOException, InterruptedException {
        return run(directory, command, Map.of());
    }

    /**
     * Runs a script to its end with variables added to its environment, or kills it after
     * {@link #RUN_TIMEOUT} and fails.
     *
     * @param directory   the working directory
     * @param command     the program and its arguments
     * @param environment variables to set for it, such as {@code DUPLEX_TEST_CA}
     * @return its exit code, output (stdout and stderr together) and checks
     */
    static Result run(Path directory, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(new TeeToStdout(captured));
            } catch (IOException e) {
                // The process was killed; what was read so far is kept.
            }
        }, "peer-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished = process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            kill(process);
        }
        reader.join(5_000);
        String output;
        synchronized (captured) {
            output = captured.toString(StandardCharsets.UTF_8);
        }
        if (!finished) {
            fail(command + " did not finish within " + RUN_TIMEOUT.toSeconds() + " s and was killed; output:\n"
                    + output);
        }
        Map<String, Boolean> checks = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (String line : output.split("\\R")) {
            Matcher m = CHECK.matcher(line);
            if (m.find()) {
                boolean ok = Boolean.parseBoolean(m.group(2));
                checks.merge(m.group(1), ok, Boolean::logicalAnd);
                if (!ok) {
                    failed.add(line);
                }
            }
        }
        return new Result(process.exitValue(), output, checks, failed);
    }

    /**
     * Fails unless the script exited 0, printed every expected check as passed and no failed one.
     *
     * @param peer     the peer's name, for the message
     * @param result   what the script did
     * @param expected the checks it must have passed
     */
    static void assertAllPassed(String peer, Result result, List<String> expected) {
        List<String> problems = new ArrayList<>();
        if (result.exitCode() != 0) {
            problems.add("exit code " + result.exitCode());
        }
        for (String check : expected) {
            if (!result.checks().containsKey(check)) {
                problems.add("check not run: " + check);
            }
        }
        for (String line : result.failedLines()) {
            problems.add("check failed: " + line);
        }
        if (!problems.isEmpty()) {
            fail(peer + " against our server:\n  " + String.join("\n  ", problems) + "\nfull output:\n"
                    + result.output());
        }
    }

    /** Kills a process and its descendants, and waits up to 10 s for it to go. */
    static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Keeps the output and shows it in the test's log as it comes. */
    private static final class TeeToStdout extends java.io.OutputStream {
        private final ByteArrayOutputStream sink;

        TeeToStdout(ByteArrayOutputStream sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (sink) {
                sink.write(b, off, len);
            }
            System.out.write(b, off, len);
            System.out.flush();
        }
    }
}
