package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;
import io.duplex.protocol.extension.deflate.DeflateOptions;

/**
 * What our client must do with permessage-deflate (RFC 7692) against any external server that
 * accepts it, in each of the peer's {@link ServerMode}s: agree to the parameters the server answers
 * with, report them in {@link WebSocket#extensions()}, and echo a set of messages (0 B to 1 MiB, text
 * and binary, compressible and not, repeats of one message) so that each comes back identical, through
 * the server's zlib inflater one way and ours the other.
 *
 * <p>The server script ({@code ws_deflate_server.*}) prints, besides the lines {@link ExternalServer}
 * reads, {@code OPEN <extensions of its answer>} per connection, {@code MSG <text|binary> <bytes>
 * rsv1=<0|1> wire=<n>} per message received and {@code SENT <bytes> rsv1=<0|1> wire=<n>} per message
 * it compressed and sent: from those this class checks that our client compressed what it should, the
 * way the agreement allows, and that the server's echoes really came compressed to our inflater.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExternalDeflateServerContract {

    /** How our compressor must behave under the agreement of a mode, as seen in the server's MSG lines. */
    enum OurCompressor {
        /**
         * Full window and context takeover allowed and wanted: repeats of a message refer back to the
         * first (section 7.1.1) and shrink to a few bytes.
         */
        TAKES_CONTEXT_OVER,
        /**
         * {@code client_no_context_takeover} agreed (section 7.1.1.2): each message starts from an
         * empty history, so repeats are as large as the first (and the server's inflater, reset per
         * message, would fail on a back-reference into an earlier one).
         */
        NO_CONTEXT_TAKEOVER,
        /**
         * {@code client_max_window_bits} below 15 agreed (section 7.1.2.2): the server's inflater, made
         * for that window, checks that no back-reference reaches further; whether context is taken
         * over is our compressor's choice, not checked.
         */
        SMALL_WINDOW
    }

    /**
     * One configuration of the server and our client.
     *
     * @param name                   the name in reports
     * @param serverArg              the server script's MODE argument
     * @param client                 what our client offers
     * @param agreed                 what {@link WebSocket#extensions()} must say after the handshake
     * @param ours                   what the agreement makes of our compressor
     * @param serverRepeatsShrink    whether the server's echoes of the repeats must refer back to the
     *                               first (its context takeover, within its window): then our inflater
     *                               kept the previous message's window
     */
    record ServerMode(String name, String serverArg, DeflateOptions client, String agreed, OurCompressor ours,
                      boolean serverRepeatsShrink) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A message of the set, text or binary. */
    record Message(String name, String text, byte[] binary) {
        static Message text(String name, String text) {
            return new Message(name, text, null);
        }

        static Message binary(String name, byte[] data) {
            return new Message(name, null, data);
        }

        byte[] bytes() {
            return text != null ? text.getBytes(StandardCharsets.UTF_8) : binary;
        }
    }

    /** What the server printed of one message: MSG or SENT, its size, RSV1, its payload on the wire. */
    record Wire(String kind, int size, boolean rsv1, int wire) {
    }

    private static final Pattern MSG = Pattern.compile("^MSG (text|binary) (\\d+) rsv1=([01]) wire=(-?\\d+)$");
    private static final Pattern SENT = Pattern.compile("^SENT (\\d+) rsv1=([01]) wire=(\\d+)$");
    private static final String CLOSE_REASON = "deflate-done";
    private static final int MIB = 1 << 20;

    /**
     * Checks that the peer is installed (failing under {@code CI=true}, skipping otherwise) and starts
     * its server.
     *
     * @param serverArg the script's MODE argument
     * @return the running server
     * @throws Exception when it cannot be started
     */
    abstract ExternalServer startServer(String serverArg) throws Exception;

    /** @return the peer's configurations to run */
    abstract Stream<ServerMode> modes();

    @ParameterizedTest(name = "{0}")
    @MethodSource("modes")
    void compressedEchoesComeBackIdenticalThroughBothInflaters(ServerMode mode) throws Exception {
        try (ExternalServer server = startServer(mode.serverArg());
             WebSocketClient client = ExternalServer.Checks.newClient()) {
            ExternalServer.Recorder r = new ExternalServer.Recorder();
            int mark = server.mark();
            WebSocket ws = connect(server, client, r, mode.client());

            // Section 7.1: what was agreed, as our client reports it and as the server answered.
            assertThat(ws.extensions()).as("our client's extensions() against " + server.name())
                    .isEqualTo(mode.agreed());
            String open = server.awaitOutput(mark, "OPEN <extensions>", line -> line.startsWith("OPEN "));
            assertThat(parameters(open.substring("OPEN ".length())))
                    .as("the server's answer (" + open + ") against our extensions()")
                    .isEqualTo(parameters(ws.extensions()));

            List<Message> messages = messages();
            List<Wire> received = new ArrayList<>();
            List<Wire> sent = new ArrayList<>();
            for (Message m : messages) {
                int before = server.mark();
                echo(ws, r, m);
                Wire in = parse(server.awaitOutput(before, "MSG for " + m.name(), line -> line.startsWith("MSG ")));
                Wire out = parse(server.awaitOutput(before, "SENT for " + m.name(), line -> line.startsWith("SENT ")));
                assertThat(in.kind()).as("the type the server received for " + m.name())
                        .isEqualTo(m.text() != null ? "text" : "binary");
                assertThat(in.size()).as("the size the server received for " + m.name()).isEqualTo(m.bytes().length);
                assertThat(out.size()).as("the size the server echoed for " + m.name()).isEqualTo(m.bytes().length);
                received.add(in);
                sent.add(out);
            }

            SoftAssertions soft = new SoftAssertions();
            checkOurCompression(soft, mode, messages, received);
            checkServerCompression(soft, mode, messages, sent);
            soft.assertAll();

            int before = server.mark();
            ws.close(1000, CLOSE_REASON);
            assertThat(r.awaitClose().code()).as("the code of the server's answer to our Close 1000").isEqualTo(1000);
            server.awaitOutput(before, "CLOSE 1000 " + CLOSE_REASON, ("CLOSE 1000 " + CLOSE_REASON)::equals);
            r.assertNothingElse();
        }
    }

    /** What the server received tells how our client compressed. */
    private static void checkOurCompression(SoftAssertions soft, ServerMode mode, List<Message> messages,
                                            List<Wire> received) {
        Wire empty = received.get(index(messages, "text-0"));
        Wire one = received.get(index(messages, "text-1"));
        // DeflateOptions.defaults(): messages under 64 bytes go uncompressed (RSV1 clear, section 6).
        soft.assertThat(empty.rsv1()).as("RSV1 of our empty message").isFalse();
        soft.assertThat(one.rsv1()).as("RSV1 of our 1-byte message").isFalse();

        // The 1 MiB text repeats lines about 1.4 KiB apart: a 2^15 window shrinks it more than
        // twentyfold; a smaller one restarts the history often and still about halves it.
        Wire big = received.get(index(messages, "text-1m-compressible"));
        int limit = MIB / (mode.ours() == OurCompressor.SMALL_WINDOW ? 2 : 20);
        soft.assertThat(big.rsv1()).as("RSV1 of our 1 MiB compressible text").isTrue();
        soft.assertThat(big.wire()).as("our 1 MiB compressible text on the wire").isLessThan(limit);

        // Noise does not shrink: our client never sends more than the message itself.
        for (String name : List.of("binary-125-random", "binary-126-random", "binary-1m-random")) {
            Wire w = received.get(index(messages, name));
            soft.assertThat(w.wire()).as("our " + name + " on the wire (RSV1 " + w.rsv1() + ")")
                    .isLessThanOrEqualTo(w.size());
        }

        int first = received.get(index(messages, "repeat-1")).wire();
        List<Integer> repeats = repeats(messages, received);
        if (mode.ours() == OurCompressor.TAKES_CONTEXT_OVER) {
            soft.assertThat(repeats).as("our repeats on the wire after a first of " + first + " B, context taken over")
                    .allMatch(w -> w < first / 4);
        } else if (mode.ours() == OurCompressor.NO_CONTEXT_TAKEOVER) {
            soft.assertThat(repeats).as("our repeats on the wire after a first of " + first + " B, no context takeover")
                    .allMatch(w -> w >= first / 2);
        }
    }

    /**
     * What the server sent tells what our inflater had to do: the checks of the echoes are only worth
     * something if the echoes came compressed.
     */
    private static void checkServerCompression(SoftAssertions soft, ServerMode mode, List<Message> messages,
                                               List<Wire> sent) {
        Wire big = sent.get(index(messages, "text-1m-compressible"));
        soft.assertThat(big.rsv1() && big.wire() < MIB / 2)
                .as("the server's echo of the 1 MiB text came compressed to our inflater: " + big).isTrue();
        if (mode.serverRepeatsShrink()) {
            int first = sent.get(index(messages, "repeat-1")).wire();
            soft.assertThat(repeats(messages, sent))
                    .as("the server's repeats after a first of " + first + " B: our inflater resolved references "
                            + "into the previous message (context takeover)")
                    .allMatch(w -> w < first / 4);
        }
    }

    private static WebSocket connect(ExternalServer server, WebSocketClient client, ExternalServer.Recorder r,
                                     DeflateOptions compression) throws Exception {
        CompletableFuture<WebSocket> opening =
                client.connect(server.echoUri(), r, ConnectOptions.defaults().compression(compression));
        try {
            return opening.get(ExternalServer.STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            opening.cancel(false);
            throw new AssertionError("our client could not connect to " + server.name() + " at " + server.echoUri()
                    + ": " + e + "\n" + server.transcript(), e);
        }
    }

    private static void echo(WebSocket ws, ExternalServer.Recorder r, Message m) throws InterruptedException {
        byte[] got;
        if (m.text() != null) {
            assertThat(ws.sendText(m.text())).isNotEqualTo(SendResult.DROPPED);
            got = r.next(ExternalServer.Text.class, "the echo of " + m.name()).text().getBytes(StandardCharsets.UTF_8);
        } else {
            assertThat(ws.sendBinary(ByteBuffer.wrap(m.binary().clone()))).isNotEqualTo(SendResult.DROPPED);
            got = r.next(ExternalServer.Binary.class, "the echo of " + m.name()).data();
        }
        byte[] expected = m.bytes();
        if (!Arrays.equals(expected, got)) {
            throw new AssertionError("the echo of " + m.name() + ": " + got.length + " bytes came back for "
                    + expected.length + " sent, first difference at " + Arrays.mismatch(expected, got));
        }
    }

    private static Wire parse(String line) {
        Matcher msg = MSG.matcher(line);
        if (msg.matches()) {
            return new Wire(msg.group(1), Integer.parseInt(msg.group(2)), msg.group(3).equals("1"),
                    Integer.parseInt(msg.group(4)));
        }
        Matcher sent = SENT.matcher(line);
        if (sent.matches()) {
            return new Wire("sent", Integer.parseInt(sent.group(1)), sent.group(2).equals("1"),
                    Integer.parseInt(sent.group(3)));
        }
        throw new AssertionError("not a MSG or SENT line: " + line);
    }

    /**
     * @param header a {@code Sec-WebSocket-Extensions} value with one element
     * @return its name and parameters, lower-cased, in a sorted set: the peers and we order them
     *         differently
     */
    static Set<String> parameters(String header) {
        Set<String> parts = new TreeSet<>();
        for (String part : header.split(";")) {
            parts.add(part.trim().toLowerCase(Locale.ROOT));
        }
        return parts;
    }

    private static int index(List<Message> messages, String name) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static List<Integer> repeats(List<Message> messages, List<Wire> wires) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            sizes.add(wires.get(index(messages, "repeat-" + i)).wire());
        }
        return sizes;
    }

    // ------------------------------------------------------------------ the messages

    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet"};

    /**
     * The messages, in the order sent: those of the client scripts
     * ({@link ExternalDeflateClientContract#MESSAGES}) but their fragmented text, since our client
     * sends streamed fragments uncompressed (RFC 7692 allows it), so they would test no compression.
     */
    static List<Message> messages() {
        Random random = new Random(20240607);
        String repeated = jsonText(2048, 1000, 5, true); // no line repeats inside it: only an earlier message helps
        List<Message> list = new ArrayList<>(List.of(
                Message.text("text-0", ""),
                Message.text("text-1", "x"),
                Message.text("json-200", jsonText(200, 1000, 1, true)),
                Message.text("text-125", jsonText(125, 1000, 2, true)),
                Message.text("text-126", jsonText(126, 1000, 2, true)),
                Message.binary("binary-125-random", randomBytes(random, 125)),
                Message.binary("binary-126-random", randomBytes(random, 126)),
                // Lines repeat 29 lines (about 3.6 KiB) back: past a 2^10 window, so a compressor that
                // ignored client_max_window_bits=10 would refer back too far for the server's inflater.
                Message.text("json-64k", jsonText(64 << 10, 29, 3, true)),
                Message.text("text-1m-compressible", jsonText(MIB, 16, 4, false)),
                Message.binary("binary-1m-random", randomBytes(random, MIB))));
        for (int i = 1; i <= 5; i++) {
            list.add(Message.text("repeat-" + i, repeated));
        }
        return list;
    }

    /** JSON lines, ASCII, exactly {@code size} bytes; line k repeats line k - period. */
    static String jsonText(int size, int period, long seed, boolean noisy) {
        StringBuilder text = new StringBuilder(size + 256);
        for (int k = 0; text.length() < size; k++) {
            text.append(record(k % period, seed, noisy)).append('\n');
        }
        text.setLength(size);
        return text.toString();
    }

    /** One JSON object, the same for the same k and seed; noisy adds 24 random letters. */
    private static String record(int k, long seed, boolean noisy) {
        Random r = new Random(k * 7919L + seed);
        int score = r.nextInt(100000);
        StringBuilder json = new StringBuilder(160)
                .append("{\"id\":").append(k)
                .append(",\"name\":\"").append(WORDS[r.nextInt(WORDS.length)]).append('-').append(r.nextInt(1000))
                .append("\",\"active\":").append(r.nextBoolean())
                .append(",\"score\":").append(score / 100).append('.')
                .append(String.format(Locale.ROOT, "%02d", score % 100))
                .append(",\"tags\":[\"").append(WORDS[r.nextInt(WORDS.length)]).append("\",\"")
                .append(WORDS[r.nextInt(WORDS.length)]).append("\",\"")
                .append(WORDS[r.nextInt(WORDS.length)]).append("\"]");
        if (noisy) {
            json.append(",\"note\":\"");
            for (int i = 0; i < 24; i++) {
                json.append((char) ('a' + r.nextInt(26)));
            }
            json.append('"');
        }
        return json.append('}').toString();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] data = new byte[n];
        random.nextBytes(data);
        return data;
    }
}
