package io.duplex.redis;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.duplex.pubsub.BrokerMessage;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;

/**
 * Receives the other nodes' publishes over one Pub/Sub connection, subscribed to the channel of each
 * topic this node has subscribers for: one subscription per channel per node, so each publish
 * reaches a node once whatever its number of subscribers. SUBSCRIBE and UNSUBSCRIBE are sent
 * asynchronously in the order Topics asks for them; while Redis is away they wait in Lettuce's queue
 * (no timeout on this connection, so that none is lost), and after a reconnect Lettuce subscribes
 * again to every channel it had.
 *
 * <p>Messages arrive on the connection's one Lettuce thread, in the order Redis sent them, and are
 * handed on as they are: the received array becomes the shared payload, no copy.
 */
final class Subscriber extends RedisPubSubAdapter<byte[], byte[]> {

    private static final System.Logger LOG = System.getLogger(RedisBroker.LOGGER_NAME);

    private final StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private final RedisPubSubAsyncCommands<byte[], byte[]> commands;
    private final Channels channels;
    private final WireFormat wire;
    private final Set<String> topics;
    private final LongAdder received = new LongAdder();
    private final LongAdder own = new LongAdder();
    private final AtomicLong invalid = new AtomicLong();
    private volatile Consumer<BrokerMessage> inbound;
    private volatile boolean closed;

    /**
     * @param connection the Pub/Sub connection; this subscriber becomes its listener
     * @param channels   the channel names
     * @param wire       this node's wire format
     * @param topics     where to keep the topics subscribed to: an empty, thread-safe set
     */
    Subscriber(StatefulRedisPubSubConnection<byte[], byte[]> connection, Channels channels, WireFormat wire,
            Set<String> topics) {
        this.topics = topics;
        this.connection = connection;
        this.commands = connection.async();
        this.channels = channels;
        this.wire = wire;
        connection.addListener(this);
    }

    /** @param inbound who gets the other nodes' publishes */
    void attach(Consumer<BrokerMessage> inbound) {
        this.inbound = inbound;
    }

    /** @param topic a topic that has its first subscriber on this node */
    void subscribe(String topic) {
        if (closed) {
            return;
        }
        topics.add(topic);
        report("subscribe to", topic, commands.subscribe(channels.channel(topic)));
    }

    /** @param topic a topic that has no subscriber on this node any more */
    void unsubscribe(String topic) {
        if (closed) {
            return;
        }
        topics.remove(topic);
        report("unsubscribe from", topic, commands.unsubscribe(channels.channel(topic)));
    }

    private void report(String what, String topic, RedisFuture<Void> command) {
        command.exceptionally(e -> {
            if (!closed) {
                LOG.log(Level.WARNING, "could not " + what + " topic " + topic + " on Redis", e);
            }
            return null;
        });
    }

    @Override
    public void message(byte[] channel, byte[] message) {
        Consumer<BrokerMessage> target = inbound;
        String topic = channels.topic(channel);
        if (closed || target == null || topic == null) {
            return;
        }
        WireFormat.Decoded decoded = wire.decode(message);
        if (decoded instanceof WireFormat.Decoded.Publish p) {
            received.increment();
            try {
                target.accept(new BrokerMessage(topic, p.text(), p.payload()));
            } catch (RuntimeException e) {
                // Thrown into Lettuce's I/O thread it would disturb the reading of the messages after
                // it: one message is lost, not the connection.
                LOG.log(Level.WARNING, "delivering a message of topic " + topic + " failed", e);
            }
        } else if (decoded instanceof WireFormat.Decoded.Invalid i) {
            long n = invalid.incrementAndGet();
            // The 1st, 2nd, 4th, 8th ...: a flood of bad messages cannot flood the log.
            if (Long.bitCount(n) == 1) {
                LOG.log(Level.WARNING, "dropped an invalid message on topic {0}: {1} ({2} so far)", topic,
                        i.reason(), n);
            }
        } else {
            own.increment();
        }
    }

    /** @return whether the connection is up now */
    boolean isConnected() {
        return connection.isOpen();
    }

    /**
     * Stops delivering and leaves every channel, waiting for Redis's answer until the deadline. Only
     * tried while connected: a queued UNSUBSCRIBE would only wait for a Redis that is away, and
     * closing the connection ends its subscriptions anyway.
     *
     * @param deadline the {@link System#nanoTime()} to give up at
     */
    void close(long deadline) {
        closed = true;
        inbound = null;
        if (topics.isEmpty() || !connection.isOpen()) {
            return;
        }
        CompletableFuture<Void> done = commands.unsubscribe().toCompletableFuture();
        Await.until(done, deadline);
    }

    /** @return the publishes of other nodes handed on */
    long received() {
        return received.sum();
    }

    /** @return this node's own publishes come back from Redis, skipped */
    long own() {
        return own.sum();
    }

    /** @return messages that could not be delivered, dropped */
    long invalid() {
        return invalid.get();
    }
}
