package io.duplex.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.duplex.ConnectionSettingsBuilder;
import io.duplex.WebSocketListener;
import io.duplex.internal.http.StaticFiles;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.server.Acceptor;
import io.duplex.internal.server.ConnectionCount;
import io.duplex.internal.server.Endpoint;
import io.duplex.internal.server.ServerConfig;
import io.duplex.internal.server.UpgradePolicy;
import io.duplex.protocol.extension.ServerExtensionFactory;
import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.protocol.extension.deflate.PerMessageDeflateServer;
import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpLimits;

/**
 * A WebSocket server on NIO event loops: each loop owns its connections, and an endpoint serves each
 * path.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *         .port(8080)
 *         .endpoint("/echo", new WebSocketListener() {
 *             public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *         })
 *         .start();
 * }</pre>
 */
public final class WebSocketServer implements AutoCloseable {

    private final ServerSocketChannel channel;
    private final List<EventLoop> loops;
    private final InetSocketAddress address;
    private final ConnectionCount connections;
    private final Duration defaultGrace;
    private final boolean secure;

    private WebSocketServer(ServerSocketChannel channel, List<EventLoop> loops, ConnectionCount connections,
                            Duration defaultGrace, boolean secure) throws IOException {
        this.secure = secure;
        this.channel = channel;
        this.loops = loops;
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.connections = connections;
        this.defaultGrace = defaultGrace;
    }

    /** @return a builder with the defaults: port 0 (any free port), one loop per core, 16 MiB messages */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the address the server listens on */
    public InetSocketAddress address() {
        return address;
    }

    /** @return the port the server listens on (useful after binding port 0) */
    public int port() {
        return address.getPort();
    }

    /** @return whether the server speaks TLS ({@code wss://}) */
    public boolean isSecure() {
        return secure;
    }

    /** @return the connections open now, WebSocket and plain HTTP */
    public int connectionCount() {
        return connections.open();
    }

    /**
     * Stops the server gracefully, waiting at most the close timeout (10 s by default): see
     * {@link #close(Duration)}.
     */
    @Override
    public void close() {
        close(defaultGrace);
    }

    /**
     * Stops the server: it stops accepting, sends Close 1001 to every open WebSocket (RFC 6455
     * section 7.4.1), waits up to {@code grace} for the closing handshakes, then closes whatever is
     * left and ends the loops.
     *
     * @param grace how long to wait for connections to close by themselves
     */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        for (EventLoop loop : loops) {
            loop.goingAway();
        }
        try {
            connections.awaitZero(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (EventLoop loop : loops) {
            loop.shutdown(5_000);
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects the settings and endpoints of a server, then starts it. */
    public static final class Builder extends ConnectionSettingsBuilder<Builder> {
        private String host = "127.0.0.1";
        private int port;
        private HttpLimits httpLimits = HttpLimits.DEFAULTS;
        private Path staticRoot;
        private StaticFiles staticResources;
        private int maxConnections = 100_000;
        private final Map<String, PendingEndpoint> endpoints = new LinkedHashMap<>();
        private DeflateOptions compression;
        private ServerTls tls;

        private Builder() {
            super(Runtime.getRuntime().availableProcessors());
        }

        /**
         * @param host the address to bind; {@code 0.0.0.0} for every interface (default 127.0.0.1)
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port the port to bind; 0 picks a free one (the default)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param max the most connections held at once, WebSocket and plain HTTP (default 100000; the
         *            process's file descriptor limit also applies); past it, new connections get 503
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least one connection: " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * Serves over TLS: {@code wss://} upgrades and {@code https://} requests on the port. A client
         * that does not speak TLS (plain HTTP, garbage) is dropped without hurting the others.
         *
         * @param tls the certificates and settings; {@code null} for plain TCP
         * @return this builder
         */
        public Builder tls(ServerTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Accepts permessage-deflate (RFC 7692) on every endpoint when the client offers it, with
         * these wishes. Off by default: compression costs CPU on every message and memory on busy
         * connections, and pays off for text that repeats itself (JSON, chat, feeds).
         *
         * @param options how to compress and what to ask of clients; {@code null} turns it off
         * @return this builder
         */
        public Builder compression(DeflateOptions options) {
            this.compression = options;
            return this;
        }

        /**
         * @param enabled whether to accept permessage-deflate with {@link DeflateOptions#defaults()}
         * @return this builder
         */
        public Builder compression(boolean enabled) {
            return compression(enabled ? DeflateOptions.defaults() : null);
        }

        /**
         * Serves the files under a directory to plain HTTP requests on the same port (GET and HEAD,
         * {@code index.html} for a directory, nothing outside the directory). Without it, plain HTTP
         * requests get 404.
         *
         * @param directory the directory to serve
         * @return this builder
         */
        public Builder staticFiles(Path directory) {
            this.staticRoot = Objects.requireNonNull(directory, "directory");
            this.staticResources = null;
            return this;
        }

        /**
         * Serves class path resources to plain HTTP requests on the same port, as {@link #staticFiles}
         * serves a directory: for pages packed in the application's jar. A path ending in {@code /}
         * gets its {@code index.html}.
         *
         * @param loader the class loader that finds them
         * @param base   the resource name of the directory, such as {@code com/example/pages}
         * @return this builder
         */
        public Builder staticResources(ClassLoader loader, String base) {
            this.staticResources = StaticFiles.classpath(Objects.requireNonNull(loader, "loader"),
                    Objects.requireNonNull(base, "base"));
            this.staticRoot = null;
            return this;
        }

        /**
         * Serves WebSocket connections on a path, with callbacks on the connection's event loop: they
         * must not block.
         *
         * @param path         the request path, such as {@code /echo}
         * @param listener     the listener of every connection on the path
         * @param subprotocols the subprotocols it speaks, most preferred first; one the client offered is
         *                     chosen, none when it offered none of them
         * @return this builder
         */
        public Builder endpoint(String path, WebSocketListener listener, String... subprotocols) {
            return endpoint(path, listener, (Executor) null, subprotocols);
        }

        /**
         * Serves WebSocket connections on a path, with callbacks on an executor: one at a time and in
         * order for each connection, in parallel across connections. For listeners that block; see
         * {@link io.duplex.CallbackExecutors} for virtual threads.
         *
         * @param path         the request path, such as {@code /echo}
         * @param listener     the listener of every connection on the path
         * @param callbacks    where the callbacks run; {@code null} for the event loop
         * @param subprotocols the subprotocols it speaks, most preferred first
         * @return this builder
         */
        public Builder endpoint(String path, WebSocketListener listener, Executor callbacks, String... subprotocols) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a path starts with /: " + path);
            }
            endpoints.put(path, new PendingEndpoint(List.of(subprotocols), Objects.requireNonNull(listener, "listener"),
                    callbacks, null));
            return this;
        }

        /**
         * Serves WebSocket connections on a path, with a hook that decides on each handshake: check
         * the Origin (RFC 6455 section 10.2), authenticate from a cookie, a header or the query,
         * reject with a status, choose the subprotocol, add response headers, attach attributes.
         *
         * @param path      the request path, such as {@code /chat}
         * @param hook      decides on each upgrade; runs on the event loop and must not block
         * @param listener  the listener of every connection on the path
         * @param callbacks where the callbacks run; {@code null} for the event loop
         * @return this builder
         */
        public Builder endpoint(String path, HandshakeHook hook, WebSocketListener listener, Executor callbacks) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a path starts with /: " + path);
            }
            endpoints.put(path, new PendingEndpoint(List.of(), Objects.requireNonNull(listener, "listener"), callbacks,
                    new HookPolicy(Objects.requireNonNull(hook, "hook"))));
            return this;
        }

        /**
         * Binds and starts the loops.
         *
         * @return the running server
         * @throws IOException when the address cannot be bound
         */
        public WebSocketServer start() throws IOException {
            StaticFiles files = staticRoot != null ? new StaticFiles(staticRoot) : staticResources;
            List<ServerExtensionFactory> extensions = compression == null ? List.of()
                    : List.of(new PerMessageDeflateServer(compression));
            Map<String, Endpoint> built = new LinkedHashMap<>();
            endpoints.forEach((path, e) -> built.put(path, e.build(extensions)));
            ServerConfig config = new ServerConfig(built, engineSettings(), httpLimits, sendLimits(), files, timeouts(),
                    tls);
            ServerSocketChannel channel = ServerSocketChannel.open();
            List<EventLoop> started = new ArrayList<>();
            try {
                channel.bind(new InetSocketAddress(host, port), 1024);
                channel.configureBlocking(false);
                for (int i = 0; i < loopCount(); i++) {
                    started.add(new EventLoop("duplex-loop-" + i));
                }
                ConnectionCount count = new ConnectionCount(maxConnections);
                Acceptor acceptor = new Acceptor(channel, started, config, count);
                EventLoop first = started.get(0);
                CompletableFuture<Void> registered = new CompletableFuture<>();
                first.execute(() -> {
                    try {
                        acceptor.start(first);
                        registered.complete(null);
                    } catch (IOException e) {
                        registered.completeExceptionally(e);
                    }
                });
                registered.join();
                return new WebSocketServer(channel, started, count,
                        Duration.ofNanos(timeouts().closeNanos() > 0 ? timeouts().closeNanos() : 10_000_000_000L),
                        tls != null);
            } catch (IOException | RuntimeException e) {
                started.forEach(l -> l.shutdown(1_000));
                channel.close();
                throw e;
            }
        }

        /** An endpoint as registered, made into an {@link Endpoint} once the extensions are known. */
        private record PendingEndpoint(List<String> subprotocols, WebSocketListener listener, Executor callbacks,
                                       UpgradePolicy policy) {
            Endpoint build(List<ServerExtensionFactory> extensions) {
                ServerHandshake handshake = ServerHandshake.builder().subprotocols(subprotocols)
                        .extensions(extensions).build();
                return new Endpoint(handshake, listener, callbacks, policy);
            }
        }
    }
}
