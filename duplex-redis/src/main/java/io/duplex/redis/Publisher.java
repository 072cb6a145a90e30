package io.duplex.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.duplex.pubsub.BrokerMessage;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * Sends this node's publishes over one connection, as PUBLISH commands in call order: Lettuce writes
 * the commands of one connection in the order they are given, and Redis delivers a connection's
 * publishes in the order it reads them, so each publisher's order is kept.
 *
 * <p>Never blocks and never throws: the caller is Topics, often on an event loop. What is waiting to
 * be sent is bounded twice, by count (Lettuce's request queue, which also holds publishes made while
 * Redis is away) and by bytes (here, because a count alone does not bound memory when messages are
 * large). A publish past either bound is dropped and counted; one that Redis does not confirm in time
 * (Lettuce's command timeout, which also expires a queued publish that has waited too long for a
 * reconnect instead of sending it late) is counted as failed.
 */
final class Publisher {

    private final StatefulRedisConnection<byte[], BrokerMessage> connection;
    private final RedisAsyncCommands<byte[], BrokerMessage> commands;
    private final Channels channels;
    private final long maxPendingBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean closed;

    /**
     * @param connection      the publishing connection, with a {@link PublishCodec}
     * @param channels        the channel names
     * @param maxPendingBytes the most bytes of publishes sent or queued but not yet confirmed
     */
    Publisher(StatefulRedisConnection<byte[], BrokerMessage> connection, Channels channels, long maxPendingBytes) {
        this.connection = connection;
        this.commands = connection.async();
        this.channels = channels;
        this.maxPendingBytes = maxPendingBytes;
    }

    /** @param message a publish of this node, sent as it is (its payload is read through a duplicate) */
    void publish(BrokerMessage message) {
        if (closed) {
            dropped.increment();
            return;
        }
        long size = WireFormat.encodedLength(message);
        if (pendingBytes.addAndGet(size) > maxPendingBytes) {
            pendingBytes.addAndGet(-size);
            dropped.increment();
            return;
        }
        RedisFuture<Long> sent;
        try {
            sent = commands.publish(channels.channel(message.topic()), message);
        } catch (RuntimeException e) {
            // Lettuce reports refusals through the future; this is for anything else, which must not
            // reach Topics either.
            pendingBytes.addAndGet(-size);
            dropped.increment();
            return;
        }
        // A command Lettuce would not queue (request queue full, connection closed) is failed before
        // dispatch returns: it never left this node.
        boolean refused = sent.isDone() && sent.toCompletableFuture().isCompletedExceptionally();
        sent.whenComplete((receivers, error) -> {
            pendingBytes.addAndGet(-size);
            if (error == null) {
                published.increment();
            } else if (refused) {
                dropped.increment();
            } else {
                failed.increment();
            }
        });
    }

    /** @return whether the connection is up now */
    boolean isConnected() {
        return connection.isOpen();
    }

    /** From now on, publishes are dropped. */
    void close() {
        closed = true;
    }

    /** @return the publishes Redis confirmed */
    long published() {
        return published.sum();
    }

    /** @return the publishes refused before they were sent: past a bound, or after close */
    long dropped() {
        return dropped.sum();
    }

    /** @return the publishes Redis did not confirm: timed out, or failed */
    long failed() {
        return failed.sum();
    }
}
