package io.duplex.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.duplex.ReadyState;
import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.ClientTls;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code duplex connect}: a small client in the manner of wscat. Lines from stdin go out as text
 * messages and received messages are printed; or, with {@code --echo}, every message is sent back.
 */
@Command(name = "connect",
        mixinStandardHelpOptions = true,
        versionProvider = DuplexCommand.Version.class,
        description = {
                "Connects to a WebSocket server (ws:// only).",
                "Sends each line read from stdin as a text message and prints every message received "
                        + "(binary as <binary N bytes: hex...>); at the end of stdin, closes with 1000 and "
                        + "waits for the server's Close. Status and errors go to stderr.",
                "With --echo, stdin is not read: every message received is sent back as it came, until "
                        + "the server closes."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the closing handshake completed (whatever its code)",
                "1:cannot connect: refused, unknown host, timeout, handshake failed (e.g. HTTP 404)",
                "2:usage error (malformed URL or header, invalid subprotocol)",
                "3:the connection ended abnormally: no closing handshake (1006) or a protocol error"})
final class ConnectCommand implements Callable<Integer> {

    /** After a send answered backpressure, the stdin reader waits until this little is buffered. */
    private static final long LOW_WATER_MARK = 256 * 1024;

    @ParentCommand
    private DuplexCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", converter = UrlConverter.class,
            description = "The server's URL, such as ws://127.0.0.1:8080/echo.")
    private URI url;

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "PROTOCOL",
            description = "Offer this subprotocol; repeat for several, most preferred first.")
    private List<String> subprotocols = new ArrayList<>();

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", converter = HeaderConverter.class,
            description = "Add a header to the opening handshake, such as 'Authorization: Bearer xyz'; "
                    + "repeatable.")
    private List<Header> headers = new ArrayList<>();

    @Mixin
    private TlsTrustOptions trust;

    @Option(names = "--compression", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Offer permessage-deflate (RFC 7692); --no-compression offers none (default: none).")
    private boolean compression;

    @Option(names = "--echo", description = "Send back every message received instead of reading stdin.")
    private boolean echo;

    @Override
    public Integer call() {
        CliIo io = parent.io();
        PrintStream err = io.err();
        ConnectOptions options = ConnectOptions.defaults().subprotocols(subprotocols.toArray(new String[0]))
                .compression(compression);
        for (Header h : headers) {
            options = options.header(h.name(), h.value());
        }
        Session session = new Session(echo, io.out());
        ClientTls tls;
        try {
            tls = trust.clientTls(spec.commandLine());
        } catch (IOException e) {
            err.println("duplex connect: cannot read --cacert " + trust.caCert() + ": " + e.getMessage());
            return DuplexCommand.EXIT_FAILED;
        }
        if (trust.insecure()) {
            err.println("duplex connect: --insecure: the server's certificate is not checked");
        }
        try (WebSocketClient client = WebSocketClient.builder().tls(tls).build()) {
            CompletableFuture<WebSocket> opening;
            try {
                opening = client.connect(url, session, options);
            } catch (IllegalArgumentException e) { // a reserved header, a subprotocol that is not a token
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            awaitAny(opening, io.stopRequested());
            if (!opening.isDone()) {
                err.println("duplex connect: stopped before the connection to " + url + " opened");
                opening.cancel(false);
                return DuplexCommand.EXIT_FAILED;
            }
            WebSocket ws;
            try {
                ws = opening.get();
            } catch (ExecutionException e) {
                // The client's own "cannot connect to /127.0.0.1:8080: " would say it twice.
                String why = message(e.getCause()).replaceFirst("^cannot connect to \\S+: ", "");
                err.println("duplex connect: cannot connect to " + url + ": " + why);
                return DuplexCommand.EXIT_FAILED;
            } catch (InterruptedException e) {
                throw new IllegalStateException("unreachable: the future is done", e);
            }
            err.println("duplex connect: connected to " + url
                    + (ws.subprotocol() == null ? "" : " (subprotocol " + ws.subprotocol() + ")")
                    + (ws.extensions().isEmpty() ? "" : " (extensions " + ws.extensions() + ")")
                    + (echo ? "; echoing until the server closes" : "; sending stdin, one message per line"));
            if (!echo) {
                startStdinReader(io.in(), err, ws);
            }

            awaitAny(session.closed, io.stopRequested());
            if (!session.closed.isDone()) { // SIGINT or SIGTERM: end the connection properly
                closeQuietly(ws);
                try {
                    session.closed.get(5, TimeUnit.SECONDS);
                } catch (TimeoutException | InterruptedException | ExecutionException e) {
                    err.println("duplex connect: the server did not answer the Close within 5 s");
                    return DuplexCommand.EXIT_ABNORMAL;
                }
            }
            return session.report(err);
        }
    }

    /** Reads lines on a daemon thread (a blocked read must not keep the command from ending). */
    private static void startStdinReader(InputStream in, PrintStream err, WebSocket ws) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    SendResult result = ws.sendText(line);
                    if (result == SendResult.DROPPED) {
                        return; // the connection is closing: the rest of stdin goes nowhere
                    }
                    if (result == SendResult.BACKPRESSURE) {
                        while (ws.bufferedAmount() > LOW_WATER_MARK && ws.readyState() == ReadyState.OPEN) {
                            LockSupport.parkNanos(1_000_000);
                        }
                    }
                }
            } catch (IOException e) {
                err.println("duplex connect: cannot read stdin: " + e.getMessage());
            }
            closeQuietly(ws);
        }, "duplex-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private static void closeQuietly(WebSocket ws) {
        try {
            ws.close(1000, "");
        } catch (RuntimeException e) {
            // already closed, or the client is shutting down: the close is under way either way
        }
    }

    /** Waits until one of the futures is done, however it ended; an interrupt counts as done. */
    private static void awaitAny(CompletableFuture<?>... futures) {
        try {
            CompletableFuture.anyOf(futures).handle((r, e) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("unreachable: handle() does not fail", e);
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
    }

    /**
     * @param data a binary message
     * @return {@code <binary N bytes: 01 02 ...>}, at most the first 16 bytes in hex
     */
    static String describe(ByteBuffer data) {
        int n = data.remaining();
        StringBuilder s = new StringBuilder("<binary ").append(n).append(n == 1 ? " byte" : " bytes");
        if (n > 0) {
            s.append(':');
            for (int i = 0; i < Math.min(n, 16); i++) {
                s.append(' ').append(String.format("%02x", data.get(data.position() + i) & 0xff));
            }
            if (n > 16) {
                s.append(" ...");
            }
        }
        return s.append('>').toString();
    }

    /** The connection's listener: prints or echoes, and remembers how it ended. */
    static final class Session implements WebSocketListener {
        private final boolean echo;
        private final PrintStream out;
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile String closeReason = "";
        private volatile Throwable error;

        Session(boolean echo, PrintStream out) {
            this.echo = echo;
            this.out = out;
        }

        @Override
        public void onText(WebSocket ws, String text) {
            if (echo) {
                ws.sendText(text);
            } else {
                out.println(text);
            }
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            if (echo) {
                ws.sendBinary(data);
            } else {
                out.println(describe(data));
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable e) {
            if (error == null) {
                error = e;
            }
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            closeReason = reason;
            closed.complete(code);
        }

        /**
         * @param err where to say how the connection ended
         * @return the exit code: 0 after a closing handshake, 3 without one or after a protocol error
         */
        int report(PrintStream err) {
            int code = closed.join();
            String how = code + (closeReason.isEmpty() ? "" : " " + closeReason);
            Throwable e = error;
            if (code == 1006 || e != null) {
                err.println("duplex connect: the connection ended abnormally (" + how + ")"
                        + (e == null ? "" : ": " + message(e)));
                return DuplexCommand.EXIT_ABNORMAL;
            }
            err.println("duplex connect: closed (" + how + ")");
            return 0;
        }
    }

    /** A request header given as {@code Name: value}. */
    record Header(String name, String value) {
    }

    /** Parses {@code Name: value}: the name an HTTP token, the value without line breaks. */
    static final class HeaderConverter implements CommandLine.ITypeConverter<Header> {
        @Override
        public Header convert(String text) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new CommandLine.TypeConversionException("expected 'Name: value', got '" + text + "'");
            }
            String name = text.substring(0, colon);
            String value = text.substring(colon + 1).strip();
            if (name.isEmpty() || !name.chars().allMatch(HeaderConverter::isTokenChar)) {
                throw new CommandLine.TypeConversionException("not a header name: '" + name
                        + "' (expected 'Name: value')");
            }
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                throw new CommandLine.TypeConversionException("a header value has no control characters: '"
                        + text + "'");
            }
            return new Header(name, value);
        }

        /** RFC 9110 section 5.6.2: tchar. */
        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }

    /** Accepts {@code ws://host[:port][/path][?query]}. */
    static final class UrlConverter implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new CommandLine.TypeConversionException("not a URL: '" + text + "' (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
                throw new CommandLine.TypeConversionException("expected ws:// or wss://HOST[:PORT]/PATH, got '"
                        + text + "'");
            }
            if (uri.getRawFragment() != null) {
                throw new CommandLine.TypeConversionException("a WebSocket URL has no #fragment: '" + text + "'");
            }
            return uri;
        }
    }
}
