package io.duplex.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * The Lettuce side of one broker: its thread pools and its two clients, one per connection, so that
 * each connection gets the options its job needs, and their shutdown.
 *
 * <p>The pools are small because Redis is a side channel here: two I/O threads (Netty gives each
 * connection one of them, so inbound messages never wait behind outbound publishes) and two
 * computation threads (Lettuce's timers and events; two is the least Lettuce accepts). They are this
 * broker's own and end with it.
 */
final class LettuceClients {

    /** Reconnect backoff: starts within tens of milliseconds, at most 5 s between attempts. */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);
    private static final long RECONNECT_BASE_MILLIS = 10;
    /** TCP keepalive: a dead Redis is noticed by the subscribing connection, which never sends. */
    private static final Duration KEEPALIVE_IDLE = Duration.ofSeconds(30);
    private static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(10);
    private static final int KEEPALIVE_PROBES = 3;

    private final ClientResources resources;
    private final RedisClient publishing;
    private final RedisClient subscribing;

    /**
     * Creates the pools and the clients; nothing is connected yet.
     *
     * @param uri                 where Redis is
     * @param connectTimeout      how long connecting may take, each attempt
     * @param publishTimeout      how long a publish may wait for Redis's confirmation, queueing
     *                            included
     * @param maxPendingPublishes the most publishes waiting for Redis at once
     */
    LettuceClients(RedisURI uri, Duration connectTimeout, Duration publishTimeout, int maxPendingPublishes) {
        // Jitter as well as backoff: the nodes of a cluster lose a restarted Redis at the same moment
        // and should not all come back in lock step.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.equalJitter(Duration.ZERO, MAX_RECONNECT_DELAY, RECONNECT_BASE_MILLIS,
                        TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(connectTimeout)
                .keepAlive(SocketOptions.KeepAliveOptions.builder().enable()
                        .idle(KEEPALIVE_IDLE).interval(KEEPALIVE_INTERVAL).count(KEEPALIVE_PROBES).build())
                .build();
        this.publishing = RedisClient.create(resources, uri);
        // Publishes made while Redis is away wait in a queue bounded by count, and expire after the
        // publish timeout rather than reach the other nodes late; see Publisher for the byte bound.
        publishing.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .requestQueueSize(maxPendingPublishes)
                .timeoutOptions(TimeoutOptions.enabled(publishTimeout))
                .socketOptions(socket)
                .build());
        this.subscribing = RedisClient.create(resources, uri);
        // No command timeout here: a SUBSCRIBE queued while Redis is away must be sent when it comes
        // back, however long that takes, or the topic would stay deaf on this node.
        subscribing.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(socket)
                .build());
    }

    /** @return the client of the publishing connection */
    RedisClient publishing() {
        return publishing;
    }

    /** @return the client of the subscribing (Pub/Sub) connection */
    RedisClient subscribing() {
        return subscribing;
    }

    /**
     * Closes both clients' connections and ends the pools, waiting until the deadline at most.
     *
     * @param deadline the {@link System#nanoTime()} to stop waiting at
     */
    void shutdown(long deadline) {
        // The clients first: the pools they run on must outlive their connections' closing.
        Await.until(publishing.shutdownAsync(0, Await.millisLeft(deadline), TimeUnit.MILLISECONDS), deadline);
        Await.until(subscribing.shutdownAsync(0, Await.millisLeft(deadline), TimeUnit.MILLISECONDS), deadline);
        Await.until(resources.shutdown(0, Await.millisLeft(deadline), TimeUnit.MILLISECONDS), deadline);
    }
}
