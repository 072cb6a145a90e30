package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.duplex.ReadyState;
import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;
import io.duplex.tls.TestCertificates;

/**
 * A WebSocket server we did not write (Python {@code websockets}, Node {@code ws}), run as a process
 * for our client to talk to, and the checks our client runs against it ({@link Checks}).
 *
 * <p>The server script binds 127.0.0.1 on an ephemeral port and prints {@code PORT <port>} as its
 * first line on stdout; it serves {@code /echo}, echoing every message as it came, closing with
 * CODE and REASON on the text {@code close-me:CODE:REASON}, accepting the subprotocol {@code chat};
 * it prints {@code CLOSE <code> <reason>} for every close it sees, and exits when its stdin is
 * closed. Started for TLS ({@link #startTls(String, ExternalPeer.Script)}), it serves {@code wss://}
 * with the test certificate for localhost instead. Every process stops: {@link #close()} closes its
 * stdin and kills it if it does not exit, and a watchdog kills it, with its descendants, after
 * {@link #HARD_TIMEOUT} in any case.
 */
final class ExternalServer implements EchoServerPeer {

    /** The longest a server process may live. */
    static final Duration HARD_TIMEOUT = Duration.ofSeconds(240);
    /** How long a server may take to print its port. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long a server may take to exit once its stdin is closed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** How long any one wait of a check may take (an echo of 16 MiB included). */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    /** The endpoint the scripts serve. */
    static final String PATH = "/echo";

    private static final Pattern PORT_LINE = Pattern.compile("^PORT (\\d{1,5})$");

    private final String name;
    private final List<String> command;
    private final boolean tls;
    private final Process process;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Thread watchdog;

    // Guarded by this.
    private final List<String> stdoutLines = new ArrayList<>();
    private final StringBuilder transcript = new StringBuilder();
    private boolean stdoutClosed;
    private int port = -1;
    private String startProblem;
    private volatile boolean killedByWatchdog;

    private ExternalServer(String name, List<String> command, boolean tls, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.tls = tls;
        this.process = process;
        this.stdoutReader = new Thread(this::readStdout, name + "-stdout");
        this.stderrReader = new Thread(this::readStderr, name + "-stderr");
        this.watchdog = new Thread(this::watch, name + "-watchdog");
        for (Thread t : List.of(stdoutReader, stderrReader, watchdog)) {
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Starts a server script, once its peer is known to be installed (or fails under {@code CI=true},
     * or skips), and waits for its port; kills it and fails when it prints none.
     *
     * @param name   the peer's name, for messages and the log
     * @param script the server script
     * @param args   its arguments
     * @return the running server
     */
    static ExternalServer start(String name, ExternalPeer.Script script, String... args) throws IOException {
        script.require();
        return start(name, script.directory(), script.command(args), false);
    }

    /**
     * Starts a server script serving {@code wss://}, as {@link #start(String, ExternalPeer.Script, String...)}
     * does, with the arguments every script takes for it: {@code --tls CHAIN.pem KEY.pem}, the test
     * certificate for localhost and its key.
     *
     * @param name   the peer's name, for messages and the log
     * @param script the server script
     * @return the running server
     */
    static ExternalServer startTls(String name, ExternalPeer.Script script) throws IOException {
        script.require();
        TestCertificates certs = TestCertificates.get();
        return start(name, script.directory(),
                script.command("--tls", certs.localhostChain().toString(), certs.localhostKey().toString()), true);
    }

    /**
     * Starts a server script, serving TLS when told, and waits for its port; kills it and fails when
     * it prints none.
     *
     * @param name      the peer's name, for messages and the log
     * @param directory the working directory
     * @param command   the program and its arguments, which must make it serve TLS when {@code tls} is
     *                  set, with the test certificate for localhost
     * @param tls       whether it serves {@code wss://} ({@link #echoUri()} then names localhost, the
     *                  certificate's name)
     * @return the running server
     */
    private static ExternalServer start(String name, Path directory, List<String> command, boolean tls)
            throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        ExternalServer server = new ExternalServer(name, command, tls, process);
        boolean started = false;
        try {
            server.awaitPort();
            started = true;
            return server;
        } finally {
            if (!started) {
                server.destroy();
            }
        }
    }

    /** @return the port the server listens on */
    int port() {
        return port;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public URI echoUri() {
        return URI.create((tls ? "wss://localhost:" : "ws://127.0.0.1:") + port + PATH);
    }

    /** @return how many lines the server has printed after its port */
    @Override
    public synchronized int mark() {
        return stdoutLines.size();
    }

    /** Waits for a line on stdout; fails early when stdout closes first. */
    @Override
    public String awaitOutput(int mark, String description, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        synchronized (this) {
            int next = mark;
            while (true) {
                for (; next < stdoutLines.size(); next++) {
                    if (match.test(stdoutLines.get(next))) {
                        return stdoutLines.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (stdoutClosed || left <= 0) {
                    List<String> seen = stdoutLines.subList(Math.min(mark, stdoutLines.size()), stdoutLines.size());
                    fail(name + " did not print " + description + (stdoutClosed ? " before its stdout closed" : " within "
                            + STEP_TIMEOUT.toSeconds() + " s") + "; it printed since: " + seen + "\n" + transcriptLocked());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** @return everything the server printed so far, stdout and stderr */
    @Override
    public synchronized String transcript() {
        return transcriptLocked();
    }

    /**
     * Stops the server: closes its stdin and waits for it to exit, killing it when it does not. Fails,
     * once it is gone, when it had to be killed or exited with a non-zero code.
     */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        try {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // Already gone; waitFor tells.
            }
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                problems.add("did not exit within " + STOP_TIMEOUT.toSeconds() + " s of its stdin closing; killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while stopping it; killed");
        } finally {
            destroy();
        }
        if (killedByWatchdog) {
            problems.add("still running after " + HARD_TIMEOUT.toSeconds() + " s; killed");
        } else if (problems.isEmpty() && process.exitValue() != 0) {
            problems.add("exit code " + process.exitValue());
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(name + " " + command + ": " + String.join("; ", problems) + "\n" + transcript());
        }
    }

    /** Kills the process if it still runs, waits for it, and lets the readers finish. */
    private void destroy() {
        boolean interrupted = Thread.interrupted();
        try {
            if (process.isAlive()) {
                ExternalPeer.kill(process);
            }
            stdoutReader.join(5_000);
            stderrReader.join(5_000);
        } catch (InterruptedException e) {
            interrupted = true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } finally {
            watchdog.interrupt();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitPort() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        synchronized (this) {
            try {
                while (port < 0 && startProblem == null && !stdoutClosed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        startProblem = "no port printed within " + START_TIMEOUT.toSeconds() + " s";
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                startProblem = "interrupted while waiting for the port";
            }
            if (port < 0) {
                fail(name + " " + command + " did not start: "
                        + (startProblem != null ? startProblem : "stdout closed before a PORT line") + "\n"
                        + transcriptLocked());
            }
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println("[" + name + "] " + line);
                synchronized (this) {
                    transcript.append(line).append('\n');
                    if (port < 0 && startProblem == null) {
                        Matcher m = PORT_LINE.matcher(line);
                        if (m.matches()) {
                            port = Integer.parseInt(m.group(1));
                        } else {
                            startProblem = "the first line on stdout is not PORT <port>: " + line;
                        }
                    } else {
                        stdoutLines.add(line);
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was killed; what was read so far is kept.
        } finally {
            synchronized (this) {
                stdoutClosed = true;
                notifyAll();
            }
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                System.err.println("[" + name + " stderr] " + line);
                synchronized (this) {
                    transcript.append("stderr: ").append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // The process was killed.
        }
    }

    private void watch() {
        try {
            if (!process.waitFor(HARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                killedByWatchdog = true;
                System.err.println("[" + name + "] still running after " + HARD_TIMEOUT.toSeconds() + " s: killed");
                ExternalPeer.kill(process);
            }
        } catch (InterruptedException e) {
            // Stopped by close(): the process is gone.
        }
    }

    private String transcriptLocked() {
        return "output of " + name + ":\n" + transcript;
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The checks of our client against an external echo server. Each opens its own connection and
     * ends it; waits are bounded by {@link #STEP_TIMEOUT}.
     */
    static final class Checks {
        private final EchoServerPeer server;
        private final WebSocketClient client;

        /**
         * @param server the running server
         * @param client our client (messages up to 32 MiB, no keepalive: the only Pongs are the checks')
         */
        Checks(EchoServerPeer server, WebSocketClient client) {
            this.server = server;
            this.client = client;
        }

        /**
         * @return a client for these checks: messages up to 32 MiB, room to queue every pipelined
         *         echo (about 34 MiB) before the first is written, no keepalive Pings of its own
         */
        static WebSocketClient newClient() {
            return clientBuilder().build();
        }

        /**
         * @return a builder with the settings of {@link #newClient()}, for a client that differs in
         *         one more setting only, such as its TLS
         */
        static WebSocketClient.Builder clientBuilder() {
            return WebSocketClient.builder().maxMessageSize(32L << 20).maxBufferedAmount(64L << 20)
                    .keepalive(Duration.ZERO, Duration.ZERO);
        }

        /** The subprotocol {@code chat} is agreed when offered, and none when none is offered. */
        void subprotocol() throws Exception {
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);
            assertThat(ws.subprotocol()).as("the subprotocol agreed with " + server.name()).isEqualTo("chat");
            closeNormally(ws, r);

            Recorder none = new Recorder();
            WebSocket plain = connect(none);
            assertThat(plain.subprotocol()).as("the subprotocol when none was offered").isNull();
            closeNormally(plain, none);
        }

        /** A text of {@code size} bytes of UTF-8, with 1- to 4-byte characters, comes back as it went. */
        void textEcho(int size) throws Exception {
            String text = textOfSize(size);
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            assertThat(ws.sendText(text)).isNotEqualTo(SendResult.DROPPED);
            String got = r.next(Text.class, "the echo of a text of " + size + " B").text();
            assertSameBytes("text echo of " + size + " B", text.getBytes(StandardCharsets.UTF_8),
                    got.getBytes(StandardCharsets.UTF_8));
            closeNormally(ws, r);
        }

        /** A binary message of {@code size} bytes comes back as it went. */
        void binaryEcho(int size) throws Exception {
            byte[] data = bytesOfSize(size);
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            assertThat(ws.sendBinary(ByteBuffer.wrap(data.clone()))).isNotEqualTo(SendResult.DROPPED);
            byte[] got = r.next(Binary.class, "the echo of a binary message of " + size + " B").data();
            assertSameBytes("binary echo of " + size + " B", data, got);
            closeNormally(ws, r);
        }

        /** Every size, text and binary alternating, sent without waiting on one connection: echoed in order. */
        void pipelinedEchoes(int[] sizes) throws Exception {
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            for (int size : sizes) {
                assertThat(ws.sendText(textOfSize(size))).isNotEqualTo(SendResult.DROPPED);
                assertThat(ws.sendBinary(ByteBuffer.wrap(bytesOfSize(size)))).isNotEqualTo(SendResult.DROPPED);
            }
            for (int size : sizes) {
                String text = r.next(Text.class, "the pipelined echo of a text of " + size + " B").text();
                assertSameBytes("pipelined text echo of " + size + " B",
                        textOfSize(size).getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
                byte[] data = r.next(Binary.class, "the pipelined echo of a binary message of " + size + " B").data();
                assertSameBytes("pipelined binary echo of " + size + " B", bytesOfSize(size), data);
            }
            closeNormally(ws, r);
        }

        /**
         * Messages sent as fragments, with a Ping between two fragments (RFC 6455 section 5.4), come
         * back whole: a text in three parts with multi-byte characters at the seams, and a binary
         * message in three parts, the middle one empty.
         */
        void fragmentedMessages() throws Exception {
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            assertThat(ws.sendTextFragment("frag-", false)).isNotEqualTo(SendResult.DROPPED);
            assertThat(ws.ping(ByteBuffer.wrap(new byte[] {42}))).isNotEqualTo(SendResult.DROPPED);
            assertThat(ws.sendTextFragment("ment\u00e9", false)).isNotEqualTo(SendResult.DROPPED);
            assertThat(ws.sendTextFragment("\uD83D\uDE00", true)).isNotEqualTo(SendResult.DROPPED);
            assertThat(r.next(Pong.class, "the Pong to the Ping between fragments").payload()).containsExactly(42);
            assertThat(r.next(Text.class, "the echo of the fragmented text").text())
                    .isEqualTo("frag-ment\u00e9\uD83D\uDE00");
            assertThat(ws.sendBinaryFragment(ByteBuffer.wrap(new byte[] {1, 2}), false))
                    .isNotEqualTo(SendResult.DROPPED);
            assertThat(ws.sendBinaryFragment(ByteBuffer.allocate(0), false)).isNotEqualTo(SendResult.DROPPED);
            assertThat(ws.sendBinaryFragment(ByteBuffer.wrap(new byte[] {3}), true)).isNotEqualTo(SendResult.DROPPED);
            assertThat(r.next(Binary.class, "the echo of the fragmented binary message").data())
                    .containsExactly(1, 2, 3);
            closeNormally(ws, r);
        }

        /** A Ping with a payload is answered by a Pong with the same payload: 0, 6 and 125 bytes. */
        void pingPong() throws Exception {
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            byte[] max = new byte[125];
            for (int i = 0; i < max.length; i++) {
                max[i] = (byte) (i * 7 + 1);
            }
            for (byte[] payload : List.of(new byte[0], "duplex".getBytes(StandardCharsets.US_ASCII), max)) {
                assertThat(ws.ping(ByteBuffer.wrap(payload))).isNotEqualTo(SendResult.DROPPED);
                byte[] got = r.next(Pong.class, "the Pong to a Ping of " + payload.length + " B").payload();
                assertThat(got).as("the Pong's payload").isEqualTo(payload);
            }
            closeNormally(ws, r);
        }

        /** Our close 4000 "client-bye": the server sees it, and answers it. */
        void clientClose() throws Exception {
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            int mark = server.mark();
            ws.close(4000, "client-bye");
            Close close = r.awaitClose();
            server.awaitOutput(mark, "CLOSE 4000 client-bye", "CLOSE 4000 client-bye"::equals);
            assertThat(close).as("our onClose after our Close 4000 (the server echoes code and reason)")
                    .isEqualTo(new Close(4000, "client-bye"));
            assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
            r.assertNothingElse();
        }

        /** The server's close 4001 "bye": our onClose gets it, and our answer carries the same code. */
        void serverClose() throws Exception {
            Recorder r = new Recorder();
            WebSocket ws = connect(r, "chat");
            int mark = server.mark();
            assertThat(ws.sendText("close-me:4001:bye")).isNotEqualTo(SendResult.DROPPED);
            Close close = r.awaitClose();
            assertThat(close).as("our onClose after the server's Close").isEqualTo(new Close(4001, "bye"));
            assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
            r.assertNothingElse();
            String line = server.awaitOutput(mark, "CLOSE 4001 ... (our answer to its Close)",
                    seen -> seen.startsWith("CLOSE 4001"));
            assertThat(line).as("the Close our client answered with, as the server saw it")
                    .matches("CLOSE 4001( .*)?");
        }

        private WebSocket connect(Recorder r, String... subprotocols) throws Exception {
            CompletableFuture<WebSocket> opening =
                    client.connect(server.echoUri(), r, ConnectOptions.defaults().subprotocols(subprotocols));
            try {
                WebSocket ws = opening.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(r.opened).as("onOpen before the connect future completes").isDone();
                return ws;
            } catch (ExecutionException | TimeoutException e) {
                opening.cancel(false);
                throw new AssertionError("our client could not connect to " + server.name() + " at "
                        + server.echoUri() + ": " + e + "\n" + server.transcript(), e);
            }
        }

        private void closeNormally(WebSocket ws, Recorder r) throws Exception {
            ws.close(1000, "");
            assertThat(r.awaitClose().code()).as("the code of the server's answer to our Close 1000").isEqualTo(1000);
            r.assertNothingElse();
        }

        private static void assertSameBytes(String what, byte[] expected, byte[] actual) {
            if (Arrays.equals(expected, actual)) {
                return;
            }
            int at = Arrays.mismatch(expected, actual);
            fail(what + ": " + actual.length + " bytes came back for " + expected.length + " sent, first difference at "
                    + at);
        }
    }

    /**
     * A text whose UTF-8 encoding is exactly {@code n} bytes: random 1- to 4-byte characters (two of
     * them outside the BMP) seeded by {@code n}, then ASCII to fill the last bytes.
     */
    static String textOfSize(int n) {
        // a b c x y z 0 1 2 9 space ~ é ß ж € 中 😀 𝄞
        int[] alphabet = "abcxyz0129 ~\u00e9\u00df\u0436\u20ac\u4e2d\uD83D\uDE00\uD834\uDD1E".codePoints().toArray();
        Random random = new Random(n);
        StringBuilder text = new StringBuilder(n);
        int bytes = 0;
        while (true) {
            int cp = alphabet[random.nextInt(alphabet.length)];
            int length = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + length > n) {
                break;
            }
            text.appendCodePoint(cp);
            bytes += length;
        }
        text.append("a".repeat(n - bytes));
        return text.toString();
    }

    /** @return {@code n} random bytes seeded by {@code n} */
    static byte[] bytesOfSize(int n) {
        byte[] data = new byte[n];
        new Random(n + 7L).nextBytes(data);
        return data;
    }

    // What our listener saw.
    record Text(String text) {
    }

    record Binary(byte[] data) {
    }

    record Ping(byte[] payload) {
    }

    record Pong(byte[] payload) {
    }

    record Failure(Throwable error) {
    }

    record Close(int code, String reason) {
    }

    /** Our client's listener: queues what arrives, in order; the close completes a future. */
    static final class Recorder implements WebSocketListener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        final CompletableFuture<Close> closed = new CompletableFuture<>();

        @Override
        public void onOpen(WebSocket ws) {
            opened.complete(null);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            events.add(new Text(text));
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            events.add(new Binary(bytes(data)));
        }

        @Override
        public void onPing(WebSocket ws, ByteBuffer payload) {
            events.add(new Ping(bytes(payload)));
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer payload) {
            events.add(new Pong(bytes(payload)));
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add(new Failure(error));
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            if (!closed.complete(new Close(code, reason))) {
                events.add(new Failure(new IllegalStateException("a second onClose: " + code + " " + reason)));
            }
        }

        /** @return the next event, which must be of the type given, within {@link #STEP_TIMEOUT} */
        <T> T next(Class<T> type, String what) throws InterruptedException {
            Object event = events.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no " + what + " within " + STEP_TIMEOUT.toSeconds() + " s"
                        + (closed.isDone() ? "; the connection closed: " + closed.join() : ""));
            }
            if (event instanceof Failure f) {
                throw new AssertionError("onError instead of " + what + ": " + f.error(), f.error());
            }
            if (!type.isInstance(event)) {
                fail("expected " + what + " (" + type.getSimpleName() + "), got " + describe(event));
            }
            return type.cast(event);
        }

        /** @return the close our listener was told of, within {@link #STEP_TIMEOUT} */
        Close awaitClose() throws Exception {
            try {
                return closed.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("onClose not called within " + STEP_TIMEOUT.toSeconds() + " s; events: "
                        + events.stream().map(Recorder::describe).toList(), e);
            }
        }

        /** Fails when anything but the expected arrived: a message, a Pong, a Ping or an error. */
        void assertNothingElse() {
            List<String> extra = events.stream().map(Recorder::describe).toList();
            assertThat(extra).as("events nobody asked for").isEmpty();
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            return b;
        }

        private static String describe(Object event) {
            if (event instanceof Text t) {
                return "Text(" + t.text().length() + " chars)";
            } else if (event instanceof Binary b) {
                return "Binary(" + b.data().length + " B)";
            } else if (event instanceof Ping p) {
                return "Ping(" + p.payload().length + " B)";
            } else if (event instanceof Pong p) {
                return "Pong(" + p.payload().length + " B)";
            } else if (event instanceof Failure f) {
                return "Failure(" + f.error() + ")";
            }
            return String.valueOf(event);
        }
    }
}
