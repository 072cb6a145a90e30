package io.duplex.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.duplex.pubsub.BrokerMessage;
import io.duplex.redis.Member.Binary;

/**
 * Two nodes on one real redis-server, with WebSocket clients on each: what crosses, how often, in
 * which order, what does not, and what other Redis clients can publish.
 */
class RedisBrokerTest {

    static RedisServerProcess redis;
    static final AtomicInteger clusters = new AtomicInteger();
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

    @AfterEach
    void closeCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A cluster whose channels no other test uses. */
    Cluster cluster(String... topics) {
        cluster = new Cluster(redis, "test" + clusters.incrementAndGet() + ":", topics);
        return cluster;
    }

    @Test
    void textAndBinaryCrossBothWaysAndEveryClientGetsEachMessageOnce() throws Exception {
        Cluster c = cluster("room");
        Cluster.Node a = c.node();
        Cluster.Node b = c.node();
        List<Member> members = List.of(c.join(a, "room"), c.join(a, "room"), c.join(b, "room"), c.join(b, "room"));
        c.awaitNodesSubscribed("room", 2); // once per node, whatever its number of subscribers

        Member onA = members.get(0);
        Member onB = members.get(2);
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            onA.ws.sendText("from A " + i);
            onA.ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xa0, (byte) i}));
            onB.ws.sendText("from B " + i);
            onB.ws.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xb0, (byte) i}));
            expected.addAll(List.of("from A " + i, Binary.of((byte) 0xa0, (byte) i),
                    "from B " + i, Binary.of((byte) 0xb0, (byte) i)));
        }
        for (Member m : members) {
            assertThat(m.next(expected.size())).as("each message once, on both nodes")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        // Everything that went through Redis is accounted for: each node got the other's 10 publishes
        // and skipped its own 10 when they came back, rather than delivering them twice.
        Eventually.await("A: 10 received, 10 own skipped",
                () -> a.stats().received() == 10 && a.stats().ownSkipped() == 10);
        Eventually.await("B: 10 received, 10 own skipped",
                () -> b.stats().received() == 10 && b.stats().ownSkipped() == 10);
        // Redis confirms a PUBLISH to the publisher after handing it to the subscribers: await it.
        Eventually.await("10 publishes confirmed to each",
                () -> a.stats().published() == 10 && b.stats().published() == 10);
        a.topics().publish("room", "end");
        for (Member m : members) {
            assertThat(m.next()).as("nothing more before the next publish").isEqualTo("end");
        }
        Eventually.await("21 messages to each of the 2 clients of each node",
                () -> a.topics().stats().delivered() == 2 * 21 && b.topics().stats().delivered() == 2 * 21);
        for (Cluster.Node n : List.of(a, b)) {
            RedisBrokerStats s = n.stats();
            assertThat(s.invalid() + s.droppedPublishes() + s.failedPublishes() + s.reconnects()).isZero();
            assertThat(n.broker().isConnected()).isTrue();
        }
    }

    @Test
    void aThousandMessagesOfOneNodeArriveInOrderOnTheOther() throws Exception {
        Cluster c = cluster("feed");
        Cluster.Node a = c.node();
        Cluster.Node b = c.node();
        Member publisher = c.join(a, "feed");
        Member onB = c.join(b, "feed");
        c.awaitNodesSubscribed("feed", 2);
        for (int i = 0; i < 1000; i++) {
            publisher.ws.sendText(Integer.toString(i));
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(onB.nextText()).isEqualTo(Integer.toString(i));
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(publisher.nextText()).as("locally too").isEqualTo(Integer.toString(i));
        }
        Eventually.await("A's 1000 echoes skipped", () -> a.stats().ownSkipped() == 1000);
        assertThat(b.stats().received()).isEqualTo(1000);
        assertThat(a.stats().received()).isZero();
    }

    @Test
    void aNodeReceivesOnlyTheTopicsItHasSubscribersFor() throws Exception {
        Cluster c = cluster("room", "only-a", "other");
        Cluster.Node a = c.node();
        Cluster.Node b = c.node();
        Member aloneOnA = c.join(a, "only-a");
        Member roomOnA = c.join(a, "room");
        Member roomOnB = c.join(b, "room");
        Member otherOnB = c.join(b, "other");
        c.awaitNodesSubscribed("only-a", 1);
        c.awaitNodesSubscribed("room", 2);
        c.awaitNodesSubscribed("other", 1);

        a.topics().publish("only-a", "x1");
        a.topics().publish("only-a", "x2");
        a.topics().publish("other", "marker 1");
        // A's publishes reach B in order: once the marker is there, x1 and x2 would have been too.
        assertThat(otherOnB.nextText()).isEqualTo("marker 1");
        assertThat(b.stats().received()).as("the marker only").isEqualTo(1);
        assertThat(b.stats().ownSkipped()).isZero();
        assertThat(aloneOnA.next(2)).containsExactly("x1", "x2");

        // The last subscriber of room on B leaves: B unsubscribes, and room's publishes stop coming.
        roomOnB.ws.close(1000, "bye");
        c.awaitNodesSubscribed("room", 1);
        a.topics().publish("room", "after B left");
        a.topics().publish("other", "marker 2");
        assertThat(otherOnB.nextText()).isEqualTo("marker 2");
        assertThat(b.stats().received()).as("the two markers only").isEqualTo(2);
        assertThat(roomOnA.nextText()).isEqualTo("after B left");
        assertThat(roomOnB.poll(Duration.ZERO)).isNull();
    }

    @Test
    void otherRedisClientsCanPublishRawTextAndBinaryToDuplexSubscribers() throws Exception {
        cluster = new Cluster(redis, "duplex:", "news"); // the default prefix, as a backend would use it
        Cluster.Node a = cluster.node();
        Cluster.Node b = cluster.node();
        assertThat(a.broker().channelPrefix()).isEqualTo("duplex:");
        Member onA = cluster.join(a, "news");
        Member onB = cluster.join(b, "news");
        cluster.awaitNodesSubscribed("news", 2);

        // As `redis-cli PUBLISH duplex:news "..."` does: no header at all.
        long nodes = RespClient.publish(redis.port(), "duplex:news", "breaking: ✓".getBytes(StandardCharsets.UTF_8));
        assertThat(nodes).as("Redis delivered it to both nodes").isEqualTo(2);
        byte[] notUtf8 = {(byte) 0xff, 0, (byte) 0x80};
        RespClient.publish(redis.port(), "duplex:news", notUtf8);
        for (Member m : List.of(onA, onB)) {
            assertThat(m.next()).isEqualTo("breaking: ✓");
            assertThat(m.next()).as("not UTF-8: binary").isEqualTo(Binary.of(notUtf8));
        }
        assertThat(a.stats().received()).isEqualTo(2);
        assertThat(b.stats().received()).isEqualTo(2);
    }

    @Test
    void framedTextThatIsNotValidUtf8IsDroppedCountedAndLogged() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Cluster c = cluster("news");
            Cluster.Node a = c.node();
            Member onA = c.join(a, "news");
            c.awaitNodesSubscribed("news", 1);

            byte[] header = new WireFormat(UUID.randomUUID()).header(true);
            byte[] bad = new byte[header.length + 3];
            System.arraycopy(header, 0, bad, 0, header.length);
            bad[header.length] = 'o';
            bad[header.length + 1] = (byte) 0xc0; // an overlong form: never valid UTF-8
            bad[header.length + 2] = (byte) 0xaf;
            RespClient.publish(redis.port(), c.channel("news"), bad);
            RespClient.publish(redis.port(), c.channel("news"), "after".getBytes(StandardCharsets.UTF_8));

            assertThat(onA.next()).as("the invalid one never reaches the client").isEqualTo("after");
            assertThat(a.stats().invalid()).isEqualTo(1);
            assertThat(a.stats().received()).isEqualTo(1);
            assertThat(log.has(Level.WARNING, "dropped an invalid message on topic news: text that is not valid UTF-8"))
                    .as("logged: %s", log.lines()).isTrue();
        }
    }

    @Test
    void closingUnsubscribesEndsQuicklyAndDropsLaterPublishes() throws Exception {
        RedisBroker broker = RedisBroker.builder(redis.uri()).channelPrefix("closing:").connect();
        long took;
        try {
            broker.attach(m -> { });
            broker.topicActive("a");
            broker.topicActive("b");
            Eventually.await("both channels subscribed", () -> RespClient.subscribers(redis.port(), "closing:a") == 1
                    && RespClient.subscribers(redis.port(), "closing:b") == 1);
        } finally {
            long start = System.nanoTime();
            broker.close();
            took = System.nanoTime() - start;
        }
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(2));
        // Redis confirmed the UNSUBSCRIBE before the connection closed: nothing left behind.
        assertThat(RespClient.subscribers(redis.port(), "closing:a")).isZero();
        assertThat(RespClient.subscribers(redis.port(), "closing:b")).isZero();
        assertThat(broker.isConnected()).isFalse();
        broker.publish(new BrokerMessage("a", true, ByteBuffer.allocate(0)));
        assertThat(broker.stats().droppedPublishes()).isEqualTo(1);
        broker.close(); // again: nothing happens
    }

    @Test
    void connectingFailsFastWithTheAddressWhenRedisIsNotThere() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        URI nowhere = URI.create("redis://127.0.0.1:" + port);
        assertThatThrownBy(() -> RedisBroker.builder(nowhere).connectTimeout(Duration.ofSeconds(5)).connect())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot reach Redis at 127.0.0.1:" + port + ": ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theUriMayCarryAPasswordAndADatabaseWhichNothingShows() throws Exception {
        // This server's default user takes any password (no requirepass): the URI's parts are accepted.
        URI withPassword = URI.create("redis://:s3cret@127.0.0.1:" + redis.port() + "/2");
        try (RedisBroker broker = RedisBroker.connect(withPassword)) {
            assertThat(broker.isConnected()).isTrue();
            assertThat(broker.address()).isEqualTo("127.0.0.1:" + redis.port());
            assertThat(broker.toString()).doesNotContain("s3cret");
        }
    }
}
