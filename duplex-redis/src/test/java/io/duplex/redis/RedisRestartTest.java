package io.duplex.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.pubsub.BrokerMessage;

/** Redis goes away and comes back: the brokers notice, say so, reconnect, resubscribe and deliver again. */
class RedisRestartTest {

    /** How long the brokers may take to come back after Redis does. */
    static final Duration RECONNECT = Duration.ofSeconds(30);

    static RedisServerProcess redis;
    final LogCapture log = new LogCapture();
    Cluster cluster;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void redisRunning() throws Exception {
        if (!redis.isRunning()) {
            redis.restart(); // a test that failed while Redis was down
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            log.close();
        }
    }

    /**
     * Publishes from one node until one gets through to a client of the other: Redis Pub/Sub drops
     * what is published while a subscription is down, so until the other node has resubscribed,
     * publishes are lost, and that is expected.
     */
    static void publishUntilOneArrives(Cluster.Node from, Member to, String prefix) throws Exception {
        long deadline = System.nanoTime() + RECONNECT.toNanos();
        for (int i = 0; ; i++) {
            assertThat(System.nanoTime() - deadline).as("a publish of " + prefix + " arrives within " + RECONNECT)
                    .isNegative();
            from.topics().publish("room", prefix + i);
            Object m;
            while ((m = to.poll(Duration.ofMillis(100))) != null) {
                if (m instanceof String s && s.startsWith(prefix)) {
                    return;
                }
            }
        }
    }

    @Test
    void deliveryResumesBothWaysAfterRedisRestartsAndTheReconnectIsLogged() throws Exception {
        cluster = new Cluster(redis, "restart:", "room");
        Cluster.Node a = cluster.node();
        Cluster.Node b = cluster.node();
        Member onA = cluster.join(a, "room");
        Member onB = cluster.join(b, "room");
        cluster.awaitNodesSubscribed("room", 2);
        onA.ws.sendText("before");
        assertThat(onB.nextText()).isEqualTo("before");
        assertThat(onA.nextText()).isEqualTo("before");

        redis.stop();
        Eventually.await("both brokers see Redis gone",
                () -> !a.broker().isConnected() && !b.broker().isConnected());
        Eventually.await("the loss logged", () -> log.has(Level.WARNING,
                "lost the subscribing connection to Redis at 127.0.0.1:" + redis.port() + "; reconnecting"));
        // Publishing while Redis is away neither blocks nor throws, and local subscribers still get it.
        a.topics().publish("room", "while away");
        assertThat(onA.nextText()).isEqualTo("while away");

        redis.restart();
        Eventually.await("both brokers reconnected", RECONNECT,
                () -> a.broker().isConnected() && b.broker().isConnected());
        publishUntilOneArrives(a, onB, "probe A ");
        publishUntilOneArrives(b, onA, "probe B ");

        // Both ways again, every message once and in its publisher's order.
        for (int i = 0; i < 100; i++) {
            a.topics().publish("room", "A " + i);
            b.topics().publish("room", "B " + i);
        }
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fromA.add("A " + i);
            fromB.add("B " + i);
        }
        for (Member m : List.of(onA, onB)) {
            // Probes may still be in the queue before the batch: skipped.
            List<String> got = new ArrayList<>();
            for (int k = 0; k < 200; ) {
                Object o = m.next();
                if (o instanceof String s && (s.startsWith("A ") || s.startsWith("B "))) {
                    got.add(s);
                    k++;
                }
            }
            assertThat(got.stream().filter(s -> s.startsWith("A ")).toList()).isEqualTo(fromA);
            assertThat(got.stream().filter(s -> s.startsWith("B ")).toList()).isEqualTo(fromB);
        }

        for (Cluster.Node n : List.of(a, b)) {
            assertThat(n.stats().reconnects()).as("both connections of each broker came back").isGreaterThanOrEqualTo(2);
        }
        Eventually.await("the return logged", () -> log.has(Level.INFO, "reconnected to Redis at 127.0.0.1:"
                + redis.port() + " for subscribing; topics resubscribed: 1"));
        assertThat(log.has(Level.INFO, "reconnected to Redis at 127.0.0.1:" + redis.port() + " for publishing"))
                .isTrue();
    }

    @Test
    void publishingWhileRedisIsAwayNeverBlocksAndClosingStaysBounded() throws Exception {
        RedisBroker broker = RedisBroker.builder(redis.uri()).channelPrefix("away:")
                .publishTimeout(Duration.ofSeconds(30)).maxPendingPublishes(5).connect();
        try {
            broker.attach(m -> { });
            broker.topicActive("t");
            redis.stop();
            Eventually.await("the broker sees Redis gone", () -> !broker.isConnected());
            long start = System.nanoTime();
            ByteBuffer payload = ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
            for (int i = 0; i < 20; i++) {
                broker.publish(new BrokerMessage("t", true, payload));
                broker.topicActive("t" + i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 publishes, Redis away")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(broker.stats().droppedPublishes()).as("past the 5 that may wait").isEqualTo(15);
        } finally {
            long start = System.nanoTime();
            broker.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close, Redis away")
                    .isLessThan(Duration.ofSeconds(6));
        }
        Eventually.await("every publish accounted for: dropped, or failed when close cancelled it", () -> {
            RedisBrokerStats s = broker.stats();
            return s.published() == 0 && s.droppedPublishes() + s.failedPublishes() == 20;
        });
        assertThat(broker.isConnected()).isFalse();
    }
}
