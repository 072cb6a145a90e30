package io.duplex.demo;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.pubsub.Broker;
import io.duplex.pubsub.InMemoryBroker;
import io.duplex.pubsub.Topics;
import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;

/**
 * The demo apps on one port: the pages over plain HTTP ({@code /}, {@code /chat.html},
 * {@code /counter.html}, {@code /ticker.html}) and their WebSocket endpoints {@code /chat}, {@code
 * /counter} and {@code /ticker}.
 *
 * <pre>{@code
 * try (DemoServer demo = DemoServer.builder().port(8080).start()) {
 *     System.out.println("open " + demo.uri());
 *     ...
 * }
 * }</pre>
 *
 * <p>The apps share one {@link Topics} on the given {@link Broker}: several demo servers on one
 * broker (an {@link InMemoryBroker} on a shared bus, or Redis) share their chat rooms and their
 * counter, each with its own ticker.
 */
public final class DemoServer implements AutoCloseable {

    /** Where the pages are, on the class path. */
    static final String PAGES = "io/duplex/demo/pages";
    /**
     * The largest message accepted from a browser; larger ones close the connection with 1009. A
     * chat line of 2000 characters, each escaped in JSON as {@code \\uXXXX} in the worst case, fits
     * with room to spare; nothing the pages send comes near it.
     */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.]{1,10}");

    private final WebSocketServer server;
    private final Topics topics;
    private final ChatRooms chat;
    private final SharedCounter counter;
    private final TickerFeed ticker;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoServer(WebSocketServer server, Topics topics, ChatRooms chat, SharedCounter counter,
                       TickerFeed ticker) {
        this.server = server;
        this.topics = topics;
        this.chat = chat;
        this.counter = counter;
        this.ticker = ticker;
    }

    /**
     * @return a builder with the defaults of {@code duplex serve}: 127.0.0.1, port 8080, compression
     *         on, an {@link InMemoryBroker} of its own, eight symbols ticking every 250 ms
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the server listens on (useful after binding port 0) */
    public int port() {
        return server.port();
    }

    /** @return the address the server listens on */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * @return the index page's URL, such as {@code http://127.0.0.1:8080/} ({@code https} with TLS;
     *         {@code localhost} when the server listens on every interface)
     */
    public URI uri() {
        InetAddress address = server.address().getAddress();
        String host = address.isAnyLocalAddress() ? "localhost"
                : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        return URI.create((server.isSecure() ? "https" : "http") + "://" + host + ":" + port() + "/");
    }

    /**
     * Stops the ticker, closes every connection (Close 1001; the browsers' pages start reconnecting),
     * lets the chat and the counter tell the other nodes who left, then detaches from the broker.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ticker.close();
            server.close();
        } finally {
            chat.close();
            counter.close();
            topics.close();
        }
    }

    /** The settings of a demo server. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Broker broker;
        private ServerTls tls;
        private boolean compression = true;
        private Duration tickerInterval = Duration.ofMillis(250);
        private Duration presenceInterval = Duration.ofSeconds(10);
        private List<String> tickerSymbols = PriceWalk.DEFAULT_OPENS.keySet().stream().sorted().toList();

        private Builder() {
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
         * @param port the port; 0 picks a free one (default 8080)
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
         * @param broker what carries the chat and the counter to the other nodes; one broker object
         *               per server, closed with it (default: an {@link InMemoryBroker} of its own)
         * @return this builder
         */
        public Builder broker(Broker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /**
         * @param tls serve {@code https://} and {@code wss://} with these certificates; {@code null}
         *            for plain HTTP (the default)
         * @return this builder
         */
        public Builder tls(ServerTls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Accepts permessage-deflate from browsers that offer it (all do). The server keeps no
         * compression history, so that a chat line or a tick published to many browsers is
         * compressed once for all of them.
         *
         * @param enabled whether to compress (default: yes)
         * @return this builder
         */
        public Builder compression(boolean enabled) {
            this.compression = enabled;
            return this;
        }

        /**
         * @param interval the time between ticker updates, 10 ms to 1 min (default 250 ms)
         * @return this builder
         */
        public Builder tickerInterval(Duration interval) {
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("a ticker interval is 10 ms to 1 min: " + interval);
            }
            this.tickerInterval = interval;
            return this;
        }

        /**
         * @param interval how often each node tells the others sharing its broker who is in its chat
         *                 rooms and how many visitors its counter has, 10 ms to 10 min (default 10 s);
         *                 a node silent for three intervals is taken to be gone
         * @return this builder
         */
        public Builder presenceInterval(Duration interval) {
            if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("a presence interval is 10 ms to 10 min: " + interval);
            }
            this.presenceInterval = interval;
            return this;
        }

        /**
         * @param symbols the ticker's symbols, 1 to 50 of up to 10 capital letters, digits or dots,
         *                each once (default: eight invented ones)
         * @return this builder
         */
        public Builder tickerSymbols(List<String> symbols) {
            if (symbols.isEmpty() || symbols.size() > 50 || new HashSet<>(symbols).size() != symbols.size()) {
                throw new IllegalArgumentException("1 to 50 different symbols: " + symbols);
            }
            for (String symbol : symbols) {
                if (!SYMBOL.matcher(symbol).matches()) {
                    throw new IllegalArgumentException("a symbol is 1 to 10 of A-Z, 0-9 and '.': " + symbol);
                }
            }
            this.tickerSymbols = List.copyOf(symbols);
            return this;
        }

        /**
         * Binds the port and starts the apps.
         *
         * @return the running server
         * @throws IOException when the address cannot be bound
         */
        public DemoServer start() throws IOException {
            String node = newNodeId();
            Topics topics = Topics.builder().broker(broker != null ? broker : new InMemoryBroker()).build();
            List<AutoCloseable> started = new ArrayList<>();
            started.add(topics);
            try {
                ChatRooms chat = new ChatRooms(topics, node, presenceInterval);
                started.add(0, chat);
                SharedCounter counter = new SharedCounter(topics, node, presenceInterval);
                started.add(0, counter);
                TickerFeed ticker = new TickerFeed(new PriceWalk(tickerSymbols, new SplittableRandom()),
                        () -> topics.subscriberCount(TickerFeed.TOPIC),
                        json -> topics.publishLocally(TickerFeed.TOPIC, json));
                started.add(0, ticker);
                // Pages of other sites may not open the apps' sockets in their visitors' browsers.
                SameOrigin sameOrigin = new SameOrigin(tls != null);
                WebSocketServer server = WebSocketServer.builder()
                        .host(host)
                        .port(port)
                        .tls(tls)
                        .compression(compression ? DeflateOptions.defaults().withContextTakeover(false) : null)
                        .maxMessageSize(MAX_MESSAGE_BYTES)
                        .staticResources(DemoServer.class.getClassLoader(), PAGES)
                        .endpoint("/chat", sameOrigin, new ChatEndpoint(chat, topics), null)
                        .endpoint("/counter", sameOrigin, new CounterEndpoint(counter, topics), null)
                        .endpoint("/ticker", sameOrigin, new TickerEndpoint(ticker, topics), null)
                        .start();
                ticker.start(tickerInterval);
                return new DemoServer(server, topics, chat, counter, ticker);
            } catch (IOException | RuntimeException e) {
                for (AutoCloseable app : started) {
                    try {
                        app.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        /** A random id that tells this node's presence and counter messages from the others'. */
        private static String newNodeId() {
            byte[] bytes = new byte[6];
            new SecureRandom().nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }
}
