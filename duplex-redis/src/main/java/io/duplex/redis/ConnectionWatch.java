package io.duplex.redis;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;

/**
 * Watches one connection to Redis for operators: logs at WARNING when it is lost and at INFO when
 * Lettuce has it back, and counts the reconnects. Lettuce does the reconnecting (with backoff) and,
 * for the subscribing connection, the resubscribing; this only reports it. Registered on a client
 * that has this one connection, so every event is about it.
 */
final class ConnectionWatch implements RedisConnectionStateListener {

    private static final System.Logger LOG = System.getLogger(RedisBroker.LOGGER_NAME);

    private final String address;
    private final String role;
    private final Supplier<String> onReconnect;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final LongAdder reconnects = new LongAdder();
    private volatile boolean closing;

    /**
     * @param address     where Redis is, for the log: {@code host:port}
     * @param role        what the connection is for, for the log: "publishing", "subscribing"
     * @param onReconnect what to add to the reconnect line, asked when it is written
     */
    ConnectionWatch(String address, String role, Supplier<String> onReconnect) {
        this.address = address;
        this.role = role;
        this.onReconnect = onReconnect;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
        // The first connect is not a reconnect: only a connection that was lost is reported back.
        if (lost.compareAndSet(true, false)) {
            reconnects.increment();
            LOG.log(Level.INFO, "reconnected to Redis at {0} for {1}{2}", address, role, onReconnect.get());
        }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (!closing && lost.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "lost the {0} connection to Redis at {1}; reconnecting", role, address);
        }
    }

    /** The broker is closing its connection: that disconnect is not news. */
    void closing() {
        closing = true;
    }

    /** @return how many times the connection came back after it was lost */
    long reconnects() {
        return reconnects.sum();
    }
}
