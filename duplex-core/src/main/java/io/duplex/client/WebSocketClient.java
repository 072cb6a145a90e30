package io.duplex.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.duplex.ConnectionSettingsBuilder;
import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.internal.client.ClientConnection;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.transport.SendLimits;
import io.duplex.internal.transport.Timeouts;
import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.extension.deflate.PerMessageDeflateClient;
import io.duplex.protocol.handshake.ClientHandshake;

/**
 * Opens WebSocket connections ({@code ws://}, and {@code wss://} over TLS) on the client's own event
 * loops, with the same listener and handle as the server.
 *
 * <pre>{@code
 * try (WebSocketClient client = WebSocketClient.builder().build()) {
 *     WebSocket ws = client.connect(URI.create("ws://localhost:8080/echo"), listener).join();
 *     ws.sendText("hello");
 * }
 * }</pre>
 */
public final class WebSocketClient implements AutoCloseable {

    private final List<EventLoop> loops;
    private final EngineSettings settings;
    private final SendLimits sendLimits;
    private final Timeouts timeouts;
    /** The TLS settings of wss:// connections; the JDK defaults, made on first need, when not given. */
    private volatile ClientTls tls;
    private final AtomicInteger next = new AtomicInteger();

    private WebSocketClient(List<EventLoop> loops, EngineSettings settings, SendLimits sendLimits, Timeouts timeouts,
                            ClientTls tls) {
        this.loops = loops;
        this.settings = settings;
        this.sendLimits = sendLimits;
        this.timeouts = timeouts;
        this.tls = tls;
    }

    /** @return a builder with the defaults: one loop, 16 MiB messages, 1 MiB high-water mark */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects with no subprotocol and no extra header.
     *
     * @param uri      a {@code ws://} or {@code wss://} URI
     * @param listener the listener of the connection
     * @return completed with the open connection, or with a {@link WebSocketException} saying why not
     */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener) {
        return connect(uri, listener, ConnectOptions.defaults());
    }

    /**
     * Connects: TCP, then the opening handshake (RFC 6455 section 4.1).
     *
     * @param uri      a {@code ws://} or {@code wss://} URI
     * @param listener the listener of the connection
     * @param options  subprotocols to offer and extra headers
     * @return completed with the open connection, or with a {@link WebSocketException} saying why not
     * @throws IllegalArgumentException when the URI is not a {@code ws://} or {@code wss://} URI with a host
     */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocketListener listener, ConnectOptions options) {
        Objects.requireNonNull(listener, "listener");
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (!secure && !"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// and wss:// URIs are supported, not " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URI has no host: " + uri);
        }
        if (uri.getRawFragment() != null) {
            // RFC 6455 section 3: fragment identifiers are meaningless in WebSocket URIs.
            throw new IllegalArgumentException("a WebSocket URI has no fragment: " + uri);
        }
        // RFC 6455 section 3: port 80 for ws, 443 for wss, unless the URI says otherwise.
        int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + port;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        ClientHandshake.Builder request = ClientHandshake.builder(host, target).subprotocols(options.subprotocols());
        if (options.compression() != null) {
            request.extensions(List.of(new PerMessageDeflateClient(options.compression())));
        }
        List<String> headers = options.headers();
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        ClientHandshake handshake = request.build();

        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        EventLoop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        if (address.isUnresolved()) {
            opened.completeExceptionally(new WebSocketException(CloseCode.ABNORMAL_CLOSURE,
                    "cannot resolve " + uri.getHost()));
            return opened;
        }
        loop.execute(() -> {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                // As on the server: small frames and handshake records go out at once. Without it Nagle
                // holds a TLS 1.3 Finished behind the ChangeCipherSpec for a delayed ACK (~40 ms).
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                new ClientConnection(loop, channel, address, handshake, settings, sendLimits, timeouts, listener,
                        opened, secure ? tls().newEngine(uri.getHost(), port) : null)
                        .start();
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                opened.completeExceptionally(new WebSocketException(CloseCode.ABNORMAL_CLOSURE,
                        "cannot connect to " + address + ": " + e.getMessage(), e));
            }
        });
        return opened;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the future says why.
            }
        }
    }

    /**
     * @return the TLS settings, made once: one SSLContext for the client, so that the trust store is
     *         read once and TLS sessions can be resumed
     */
    private ClientTls tls() {
        ClientTls t = tls;
        if (t == null) {
            synchronized (this) {
                t = tls;
                if (t == null) {
                    t = ClientTls.defaults();
                    tls = t;
                }
            }
        }
        return t;
    }

    /** Closes every connection (Close 1001, best effort) and stops the loops. */
    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.shutdown(5_000);
        }
    }

    /** Collects the client's settings. */
    public static final class Builder extends ConnectionSettingsBuilder<Builder> {

        private ClientTls tls;

        private Builder() {
            super(1);
        }

        /**
         * @param tls whom {@code wss://} connections trust; the default is the JDK's trust store with
         *            host names checked ({@link ClientTls#defaults()})
         * @return this builder
         */
        public Builder tls(ClientTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Starts the loops.
         *
         * @return the client
         */
        public WebSocketClient build() {
            List<EventLoop> started = new ArrayList<>();
            try {
                for (int i = 0; i < loopCount(); i++) {
                    started.add(new EventLoop("duplex-client-" + i));
                }
            } catch (IOException e) {
                started.forEach(l -> l.shutdown(1_000));
                throw new UncheckedIOException(e);
            }
            return new WebSocketClient(started, engineSettings(), sendLimits(), timeouts(), tls);
        }
    }
}
