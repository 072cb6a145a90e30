package io.duplex.cli;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

import io.duplex.client.ClientTls;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;
import io.duplex.protocol.extension.deflate.DeflateOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code duplex bench}: a load generator for echo servers, with our client, so that it can compress
 * (the neutral C tool cannot). Echo mode measures messages per second and latency; idle mode holds
 * many connections open while a script measures the server's memory; handshake mode measures
 * connections opened and closed per second. Over {@code ws://} or {@code wss://}.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = DuplexCommand.Version.class,
        description = {
                "Load-tests a WebSocket echo server (any server that sends each message back as it came).",
                "Echo mode (default): opens --connections connections, keeps --depth messages in flight on "
                        + "each (closed loop), checks every echo byte for byte, and reports messages per second "
                        + "and latency (send to echo) measured after --warmup, for --duration.",
                "Idle mode (--idle N): opens N connections (at most --ramp handshakes at once); each sends one "
                        + "message and waits for its echo; then all are held open for --hold and closed.",
                "Handshake mode (--handshakes): --concurrency closed loops each open a connection (TCP, TLS "
                        + "for wss://, the upgrade), close it with 1000 once open, wait for the server's Close and "
                        + "start over; reports connections per second and latency (connect to open) measured "
                        + "after --warmup, for --duration. The first connection alone must open, echo one message "
                        + "and close cleanly. wss://: the JDK resumes a TLS session (no certificate) when it holds an "
                        + "unused ticket from the server, so unless the server declines resumption some handshakes "
                        + "are resumed, fewer as --concurrency grows.",
                "wss://: the JDK's trust store, or --cacert FILE, or --insecure (as duplex connect).",
                "stdout: 'bench phase=...' lines as the run goes (idle: 'bench phase=ready open=N' once all are "
                        + "open), then one 'bench mode=... key=value ...' line. stderr: progress and a summary."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every connection worked and no error was counted",
                "1:cannot connect (or --cacert unreadable), compression asked for but not agreed, an echo differed, "
                        + "a connection was lost or failed to open or close",
                "2:usage error"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  duplex bench ws://127.0.0.1:8080/echo --compression --payload json --size 4096",
                "  duplex bench ws://127.0.0.1:8080/echo --idle 2000 --compression --hold 15s",
                "  duplex bench wss://127.0.0.1:8443/echo --cacert localhost.pem --size 64",
                "  duplex bench wss://127.0.0.1:8443/echo --cacert localhost.pem --handshakes --concurrency 32"})
final class BenchCommand implements Callable<Integer> {

    /** Messages up to this size are accepted by the client by default; larger ones need a higher limit. */
    private static final long DEFAULT_MAX_MESSAGE = 16L << 20;
    private static final long MAX_SIZE = 64L << 20;

    @ParentCommand
    private DuplexCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", converter = ConnectCommand.UrlConverter.class,
            description = "The echo endpoint, such as ws://127.0.0.1:8080/echo.")
    private URI url;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "100",
            description = "Echo mode: connections (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = {"-d", "--depth"}, paramLabel = "N", defaultValue = "8",
            description = "Echo mode: messages in flight per connection (default: ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "4096",
            converter = ServeCommand.ByteSizeConverter.class,
            description = "Size of every message (suffix k or m for KiB, MiB; default: ${DEFAULT-VALUE}).")
    private long size;

    @Option(names = "--payload", paramLabel = "KIND", defaultValue = "json", converter = PayloadKindConverter.class,
            description = "json (market-data updates, compressible), random (noise, incompressible) or ascii "
                    + "(English-like words); drawn from a fixed seeded pool (default: ${DEFAULT-VALUE}).")
    private PayloadPool.Kind payload;

    @Option(names = "--binary", description = "Send binary messages (default: text).")
    private boolean binary;

    @Option(names = "--compression", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Offer permessage-deflate (RFC 7692) and fail unless the server agrees (default: none).")
    private boolean compression;

    @Option(names = "--compression-level", paramLabel = "0-9", defaultValue = "-1",
            description = "zlib level of this client's own compressor; lower it when the client, not the server, "
                    + "is the bottleneck (default: 6, zlib's default).")
    private int compressionLevel;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "3s", converter = DurationConverter.class,
            description = "Echo and handshake modes: run this long before measuring (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Echo and handshake modes: measure this long (such as 10s, 500ms, 1m; "
                    + "default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--idle", paramLabel = "N",
            description = "Idle mode: open N connections, one echoed message each, and hold them.")
    private Integer idle;

    @Option(names = "--hold", paramLabel = "TIME", defaultValue = "15s", converter = DurationConverter.class,
            description = "Idle mode: how long to hold the connections once all are open (default: ${DEFAULT-VALUE}).")
    private Duration hold;

    @Option(names = "--handshakes",
            description = "Handshake mode: open and close connections in closed loops; measure connections per second.")
    private boolean handshakes;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32",
            description = "Handshake mode: loops, each with one connection opening or closing at a time "
                    + "(default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Mixin
    private TlsTrustOptions trust;

    @Option(names = "--ramp", paramLabel = "N", defaultValue = "64",
            description = "Opening handshakes under way at once (default: ${DEFAULT-VALUE}).")
    private int ramp;

    @Option(names = "--loops", paramLabel = "N",
            description = "Client event loop threads (default: one per core the process may use).")
    private Integer loops;

    @Override
    public Integer call() throws InterruptedException {
        CliIo io = parent.io();
        checkOptions(spec.commandLine());
        ClientTls tls;
        try {
            tls = trust.clientTls(spec.commandLine());
        } catch (IOException e) {
            io.err().println("duplex bench: cannot read --cacert " + trust.caCert() + ": " + e.getMessage());
            return DuplexCommand.EXIT_FAILED;
        }
        if (trust.insecure()) {
            io.err().println("duplex bench: --insecure: the server's certificate is not checked");
        }
        DeflateOptions deflate = compression ? DeflateOptions.defaults().withCompressionLevel(compressionLevel) : null;
        BenchTarget target = new BenchTarget(url, ConnectOptions.defaults().compression(deflate), compression,
                PayloadPool.create(payload, (int) size, binary), ramp);
        WebSocketClient.Builder builder = WebSocketClient.builder()
                .tls(tls)
                .loops(loops != null ? loops : Runtime.getRuntime().availableProcessors())
                .maxMessageSize(Math.max(DEFAULT_MAX_MESSAGE, size))
                // Browsers send no pings: an idle connection stays silent, as the server would see it.
                .keepalive(Duration.ZERO, Duration.ofSeconds(20));
        try (WebSocketClient client = builder.build()) {
            if (handshakes) {
                return new HandshakeBenchmark(target, concurrency, warmup, duration, io).run(client);
            }
            return idle != null
                    ? new IdleBenchmark(target, idle, hold, io).run(client)
                    : new EchoBenchmark(target, connections, depth, warmup, duration, io).run(client);
        }
    }

    private void checkOptions(CommandLine cl) {
        requireAtLeastOne(cl, "--connections", connections);
        requireAtLeastOne(cl, "--depth", depth);
        if (size > MAX_SIZE) {
            throw new ParameterException(cl, "--size must be at most 64m: " + size);
        }
        requireAtLeastOne(cl, "--idle", idle);
        if (handshakes && idle != null) {
            throw new ParameterException(cl, "--handshakes and --idle exclude each other");
        }
        requireAtLeastOne(cl, "--concurrency", concurrency);
        requireAtLeastOne(cl, "--ramp", ramp);
        requireAtLeastOne(cl, "--loops", loops);
        if (compressionLevel != Deflater.DEFAULT_COMPRESSION && (compressionLevel < 0 || compressionLevel > 9)) {
            throw new ParameterException(cl, "--compression-level must be 0 to 9: " + compressionLevel);
        }
        if (idle == null && duration.isZero()) {
            throw new ParameterException(cl, "--duration must be more than 0");
        }
    }

    /**
     * Rejects a count below 1, such as {@code --connections 0}, as a usage error.
     *
     * @param cl     the command line, for the usage message
     * @param option the option's name
     * @param value  its value; {@code null} when it was not given (and has no default): accepted
     */
    private static void requireAtLeastOne(CommandLine cl, String option, Integer value) {
        if (value != null && value < 1) {
            throw new ParameterException(cl, option + " must be at least 1: " + value);
        }
    }

    /**
     * @param d a duration
     * @return it in seconds for a message, such as {@code 2.5 s}
     */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }

    /** {@code json}, {@code random} or {@code ascii}, in any case. */
    static final class PayloadKindConverter implements CommandLine.ITypeConverter<PayloadPool.Kind> {
        @Override
        public PayloadPool.Kind convert(String value) {
            try {
                return PayloadPool.Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected json, random or ascii, not '" + value + "'");
            }
        }
    }

    /** A duration: {@code 10s}, {@code 500ms}, {@code 1m}, {@code 2.5s}; a bare number is seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (such as 10s, 500ms, 1m)");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> n;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 1_000;
            };
            if (millis > 24 * 3_600_000.0) {
                throw new CommandLine.TypeConversionException("at most a day: '" + value + "'");
            }
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
    }
}
