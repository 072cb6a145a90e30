package io.duplex.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.pubsub.Topics;
import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code duplex serve}: {@code /echo} and {@code /bcast}, static files on the same port, until SIGINT or
 * SIGTERM.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = DuplexCommand.Version.class,
        description = {
                "Runs a WebSocket server until SIGINT or SIGTERM.",
                "  /echo   sends each message back to its sender, as it came",
                "  /bcast  sends each message to every /bcast client, the sender too (on every",
                "          node sharing the --broker)",
                "Other paths: the files under --static DIR, else 404.",
                "Prints a line when it listens (with the actual port) and one when it stops."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by SIGINT or SIGTERM",
                "1:cannot listen (address in use, unknown host), read the TLS certificate or reach the broker",
                "2:usage error"})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private DuplexCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ListenOptions listen;

    @Mixin
    private BrokerOption broker;

    @Option(names = "--static", paramLabel = "DIR",
            description = "Serve the files under DIR to plain HTTP GET and HEAD on the same port.")
    private Path staticDir;

    @Option(names = "--max-message", paramLabel = "BYTES", converter = ByteSizeConverter.class,
            description = "Largest message accepted (suffix k, m or g for KiB, MiB, GiB); larger ones "
                    + "close the connection with 1009 (default: 16m).")
    private Long maxMessage;

    @Option(names = "--compression", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Accept permessage-deflate (RFC 7692) when a client offers it; --no-compression "
                    + "declines it (default: accepted).")
    private boolean compression;

    @Option(names = "--no-context-takeover",
            description = "With compression: neither side keeps its zlib history between messages "
                    + "(server_no_context_takeover and client_no_context_takeover), so an idle connection "
                    + "holds no zlib memory and a broadcast is compressed once, for a worse ratio.")
    private boolean noContextTakeover;

    @Option(names = "--loops", paramLabel = "N",
            description = "Event loop threads (default: one per core).")
    private Integer loops;

    @Override
    public Integer call() {
        CliIo io = parent.io();
        CommandLine cl = spec.commandLine();
        listen.validate(cl);
        broker.validate(cl);
        if (loops != null && loops < 1) {
            throw new ParameterException(cl, "--loops must be at least 1: " + loops);
        }
        if (staticDir != null && !Files.isDirectory(staticDir)) {
            throw new ParameterException(cl, "--static: not a directory: " + staticDir);
        }
        ServerTls tls;
        try {
            tls = listen.tls();
        } catch (IOException e) {
            io.err().println("duplex serve: cannot use the TLS certificate: " + describe(e));
            return DuplexCommand.EXIT_FAILED;
        }
        Topics topics;
        try {
            topics = Topics.builder().broker(broker.open(cl)).build();
        } catch (IOException e) {
            io.err().println("duplex serve: cannot reach the broker: " + describe(e));
            return DuplexCommand.EXIT_FAILED;
        }

        WebSocketServer.Builder builder = WebSocketServer.builder()
                .tls(tls)
                .host(listen.host())
                .port(listen.port())
                .endpoint("/echo", new EchoEndpoint())
                .endpoint("/bcast", new BroadcastEndpoint(topics))
                .compression(!compression ? null : noContextTakeover
                        ? DeflateOptions.defaults().withContextTakeover(false).withPeerContextTakeover(false)
                        : DeflateOptions.defaults());
        if (loops != null) {
            builder.loops(loops);
        }
        if (maxMessage != null) {
            builder.maxMessageSize(maxMessage);
        }
        if (staticDir != null) {
            staticDir = staticDir.toAbsolutePath().normalize();
            builder.staticFiles(staticDir);
        }

        PrintStream out = io.out();
        WebSocketServer server;
        try {
            server = builder.start();
        } catch (Exception e) { // IOException, or UnresolvedAddressException for an unknown host
            io.err().println("duplex serve: cannot listen on " + listen.host() + ":" + listen.port() + ": "
                    + describe(e));
            topics.close();
            return DuplexCommand.EXIT_FAILED;
        }
        out.println("duplex serve: listening on " + url(server.address(), server.isSecure()) + " (/echo, /bcast"
                + (staticDir == null ? "" : "; static files from " + staticDir)
                + (!compression ? "; no compression" : noContextTakeover
                        ? "; permessage-deflate, no context takeover" : "; permessage-deflate")
                + "; " + broker.describe() + ")");
        boolean interrupted = awaitStop(io);
        server.close();
        topics.close();
        out.println("duplex serve: stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Waits for SIGINT or SIGTERM (or a test's stop request).
     *
     * @param io the command's streams and stop signal
     * @return whether the wait was interrupted instead: the caller stops, then restores the flag
     */
    static boolean awaitStop(CliIo io) {
        try {
            io.stopRequested().get();
            return false;
        } catch (InterruptedException e) {
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // the stop signal is only ever completed normally
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * @param address where the server listens
     * @param secure  whether it speaks TLS
     * @return its {@code ws://} or {@code wss://} URL, with an IPv6 literal in brackets
     */
    static String url(InetSocketAddress address, boolean secure) {
        String h = address.getHostString();
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        return (secure ? "wss://" : "ws://") + h + ":" + address.getPort();
    }

    /** A byte count, with an optional binary suffix: {@code 65536}, {@code 64k}, {@code 16m}, {@code 1g}. */
    static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            int shift = 0;
            if (v.endsWith("k")) {
                shift = 10;
            } else if (v.endsWith("m")) {
                shift = 20;
            } else if (v.endsWith("g")) {
                shift = 30;
            }
            String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
            long n;
            try {
                n = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a byte count: '" + value + "'");
            }
            if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
                throw new CommandLine.TypeConversionException("out of range: '" + value + "'");
            }
            return n << shift;
        }
    }
}
