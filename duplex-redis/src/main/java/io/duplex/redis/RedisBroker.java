package io.duplex.redis;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.duplex.pubsub.Broker;
import io.duplex.pubsub.BrokerMessage;
import io.duplex.pubsub.Topics;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * A {@link Broker} on Redis Pub/Sub: the nodes of a cluster, each with its own broker on the same
 * Redis server, share their topics.
 *
 * <pre>{@code
 * Topics topics = Topics.builder()
 *         .broker(RedisBroker.connect(URI.create("redis://127.0.0.1:6379")))
 *         .build();
 * }</pre>
 *
 * <h2>Routing</h2>
 * Each topic is the Redis channel named by the channel prefix ({@code duplex:} by default) followed
 * by the topic. A node subscribes to a topic's channel while it has subscribers of the topic, once
 * whatever their number, so it receives only the topics it needs and each publish once. A publish
 * goes out as one PUBLISH on the node's publishing connection; publishes of one node reach every other
 * node in the order they were made. Redis sends a node's publishes back to it too; the node skips
 * them, since its {@link Topics} delivered them locally already.
 *
 * <h2>On the channel</h2>
 * A publish of Duplex carries a 21-byte header before the message: the magic {@code DPX1}, one kind
 * byte ({@code 1} text, {@code 2} binary) and the 16 bytes of the publishing node's id. Any other
 * Redis client can publish to Duplex subscribers too, with no header at all:
 * {@code redis-cli PUBLISH duplex:news hello} reaches the subscribers of {@code news}. A message
 * without the magic is delivered whole, as text when it is valid UTF-8 and as binary otherwise (so a
 * raw message must not itself start with {@code DPX1}). Text is always checked: a message marked as
 * text that is not valid UTF-8 is dropped, counted and logged, never sent to a browser, which would
 * fail its connection with 1007.
 *
 * <h2>When Redis goes away</h2>
 * Lettuce reconnects with backoff and subscribes again to every channel the node had; the loss is
 * logged at WARNING and the return at INFO (logger {@code io.duplex.redis}) and counted in
 * {@link #stats()}. Messages published while a subscription was down are lost to that node: Redis
 * Pub/Sub keeps nothing. This node's own publishes wait for the reconnect, bounded in count and bytes
 * and by the publish timeout; past those they are dropped or failed, counted, and never block or
 * throw into the caller.
 *
 * <p>Thread-safe. {@link #close()} ends the connections and the broker's threads.
 */
public final class RedisBroker implements Broker {

    /** The name of the {@link System.Logger} the broker writes to. */
    static final String LOGGER_NAME = "io.duplex.redis";
    /**
     * How long {@link #close()} waits for Redis to confirm the UNSUBSCRIBE. A budget of its own: a
     * Redis that vanished unnoticed never answers, and the shutdown after it must still have time.
     */
    private static final Duration UNSUBSCRIBE_TIMEOUT = Duration.ofSeconds(1);
    /** How long closing the connections and ending the threads may take. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(4);

    private final String address;
    private final String channelPrefix;
    private final UUID nodeId;
    private final LettuceClients lettuce;
    private final Publisher publisher;
    private final Subscriber subscriber;
    private final ConnectionWatch publishingWatch;
    private final ConnectionWatch subscribingWatch;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisBroker(Builder b, String address, UUID nodeId, LettuceClients lettuce, Publisher publisher,
            Subscriber subscriber, ConnectionWatch publishingWatch, ConnectionWatch subscribingWatch) {
        this.address = address;
        this.channelPrefix = b.channelPrefix;
        this.nodeId = nodeId;
        this.lettuce = lettuce;
        this.publisher = publisher;
        this.subscriber = subscriber;
        this.publishingWatch = publishingWatch;
        this.subscribingWatch = subscribingWatch;
    }

    /**
     * Connects with the defaults of {@link #builder(URI)}.
     *
     * @param uri where Redis is: {@code redis://host:port}, {@code redis://:password@host:port/db},
     *            {@code rediss://} for TLS, or any other form Lettuce's {@code RedisURI} accepts
     * @return the broker, connected
     * @throws IOException              if Redis cannot be reached (or refuses the connection)
     * @throws IllegalArgumentException if the URI is not a Redis URI
     */
    public static RedisBroker connect(URI uri) throws IOException {
        return builder(uri).connect();
    }

    /**
     * @param uri where Redis is; see {@link #connect(URI)}
     * @return a builder: channel prefix {@code duplex:}, 10 s to connect, publishes wait for Redis at
     *         most 10 s, 10000 of them and 64 MiB at most
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** @return the id this node writes in its publishes, random per broker */
    public UUID nodeId() {
        return nodeId;
    }

    /** @return where Redis is, {@code host:port}, without credentials */
    public String address() {
        return address;
    }

    /** @return what every channel name starts with */
    public String channelPrefix() {
        return channelPrefix;
    }

    /** @return whether both connections to Redis are up now (false once closed) */
    public boolean isConnected() {
        return !closed.get() && publisher.isConnected() && subscriber.isConnected();
    }

    /** @return the counters since the broker connected */
    public RedisBrokerStats stats() {
        return new RedisBrokerStats(publisher.published(), publisher.dropped(), publisher.failed(),
                subscriber.received(), subscriber.own(), subscriber.invalid(),
                publishingWatch.reconnects() + subscribingWatch.reconnects());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Called on a Lettuce thread, one message at a time, with a read-only payload that is the
     * receiver's to share.
     */
    @Override
    public void attach(Consumer<BrokerMessage> inbound) {
        subscriber.attach(Objects.requireNonNull(inbound, "inbound"));
    }

    /** Sends the publish to Redis, or counts it as dropped; never blocks, never throws. */
    @Override
    public void publish(BrokerMessage message) {
        publisher.publish(message);
    }

    /**
     * Subscribes to the topic's channel, asynchronously: never blocks; while Redis is away the
     * SUBSCRIBE waits for the reconnect.
     */
    @Override
    public void topicActive(String topic) {
        subscriber.subscribe(topic);
    }

    /** Unsubscribes from the topic's channel, asynchronously. */
    @Override
    public void topicInactive(String topic) {
        subscriber.unsubscribe(topic);
    }

    /**
     * Unsubscribes, closes both connections and ends the broker's threads, in 5 s at most even when
     * Redis is away. Publishes after this are dropped. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publishingWatch.closing();
        subscribingWatch.closing();
        publisher.close();
        subscriber.close(System.nanoTime() + UNSUBSCRIBE_TIMEOUT.toNanos());
        lettuce.shutdown(System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos());
    }

    /** @return where Redis is, this node's id and the channel prefix; never credentials */
    @Override
    public String toString() {
        return "RedisBroker[" + address + ", node " + nodeId + ", prefix " + channelPrefix + "]";
    }

    private static RedisBroker open(Builder b) throws IOException {
        RedisURI redisUri = redisUri(b.uri, b.connectTimeout);
        String address = describe(redisUri);
        UUID nodeId = UUID.randomUUID();
        WireFormat wire = new WireFormat(nodeId);
        Channels channels = new Channels(b.channelPrefix);
        // Shared by the subscriber, which keeps it, and the watch, which reports its size.
        Set<String> topics = ConcurrentHashMap.newKeySet();
        LettuceClients lettuce = new LettuceClients(redisUri, b.connectTimeout, b.publishTimeout,
                b.maxPendingPublishes);
        ConnectionWatch publishingWatch = new ConnectionWatch(address, "publishing", () -> "");
        ConnectionWatch subscribingWatch = new ConnectionWatch(address, "subscribing",
                () -> "; topics resubscribed: " + topics.size());
        lettuce.publishing().addListener(publishingWatch);
        lettuce.subscribing().addListener(subscribingWatch);
        StatefulRedisConnection<byte[], BrokerMessage> publishing;
        StatefulRedisPubSubConnection<byte[], byte[]> subscribing;
        try {
            publishing = lettuce.publishing().connect(new PublishCodec(wire));
            subscribing = lettuce.subscribing().connectPubSub(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            // Lettuce does not retry a first connect: fail now, with the address, rather than run deaf.
            lettuce.shutdown(System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos());
            throw new IOException("cannot reach Redis at " + address + ": " + rootMessage(e), e);
        }
        return new RedisBroker(b, address, nodeId, lettuce,
                new Publisher(publishing, channels, b.maxPendingBytes),
                new Subscriber(subscribing, channels, wire, topics),
                publishingWatch, subscribingWatch);
    }

    private static RedisURI redisUri(URI uri, Duration connectTimeout) {
        RedisURI redisUri = RedisURI.create(uri);
        // The handshake (AUTH, HELLO) waits for the URI's timeout, 60 s unless the URI sets one:
        // starting against a Redis that accepts but does not answer should fail as fast as one that
        // refuses.
        if (redisUri.getTimeout().equals(RedisURI.DEFAULT_TIMEOUT_DURATION)) {
            redisUri.setTimeout(connectTimeout);
        }
        return redisUri;
    }

    /** Where Redis is, for messages: never the password. */
    private static String describe(RedisURI uri) {
        if (uri.getHost() != null) {
            String host = uri.getHost().indexOf(':') >= 0 ? "[" + uri.getHost() + "]" : uri.getHost();
            return host + ":" + uri.getPort();
        }
        if (uri.getSocket() != null) {
            return uri.getSocket();
        }
        return "sentinels " + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
                .collect(Collectors.joining(",")) + " (master " + uri.getSentinelMasterId() + ")";
    }

    /** The innermost cause's message: "Connection refused" rather than Lettuce's wrapping. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    /**
     * Settings of a {@link RedisBroker}.
     *
     * <p>Every node of a cluster must use the same channel prefix. The pending bounds cap what this
     * node's publishes may hold while Redis is slow or away; past them publishes are dropped (and
     * counted), since a publisher must never be blocked by the broker.
     */
    public static final class Builder {
        private final URI uri;
        private String channelPrefix = "duplex:";
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration publishTimeout = Duration.ofSeconds(10);
        private int maxPendingPublishes = 10_000;
        private long maxPendingBytes = 64L << 20;

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /**
         * @param prefix what every channel name starts with (default {@code duplex:}); the same on
         *               every node
         * @return this builder
         */
        public Builder channelPrefix(String prefix) {
            this.channelPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * @param timeout how long connecting may take, at start and for each reconnect attempt
         *                (default 10 s)
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * @param timeout how long a publish may wait for Redis's confirmation, time queued while Redis
         *                is away included (default 10 s); after it, the publish is counted as failed
         *                and, if it was still queued, never sent
         * @return this builder
         */
        public Builder publishTimeout(Duration timeout) {
            this.publishTimeout = positive(timeout, "publish timeout");
            return this;
        }

        /**
         * @param max the most publishes waiting for Redis at once (default 10000)
         * @return this builder
         */
        public Builder maxPendingPublishes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least one pending publish: " + max);
            }
            this.maxPendingPublishes = max;
            return this;
        }

        /**
         * @param max the most bytes of publishes waiting for Redis at once (default 64 MiB)
         * @return this builder
         */
        public Builder maxPendingBytes(long max) {
            if (max < 1) {
                throw new IllegalArgumentException("at least one pending byte: " + max);
            }
            this.maxPendingBytes = max;
            return this;
        }

        /**
         * Connects both connections, or fails at once.
         *
         * @return the broker, connected
         * @throws IOException              if Redis cannot be reached (or refuses the connection)
         * @throws IllegalArgumentException if the URI is not a Redis URI
         */
        public RedisBroker connect() throws IOException {
            return open(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }
    }
}
