package io.duplex.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.WebSocketClient;
import io.duplex.protocol.message.PreparedMessage;
import io.duplex.server.WebSocketServer;

/** Topics on real servers and clients: subscribe from callbacks, fan-out, order, slow subscribers, nodes. */
class TopicsTest {

    final List<AutoCloseable> toClose = new ArrayList<>();
    final WebSocketClient client = WebSocketClient.builder().build();

    @AfterEach
    void stop() throws Exception {
        client.close();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A server whose clients subscribe with "sub:T", unsubscribe with "unsub:T", publish with "pub:T:text". */
    WebSocketServer serve(Topics topics) throws Exception {
        // A short close timeout: a stalled subscriber closed with 1013 never answers the Close.
        WebSocketServer server = WebSocketServer.builder().loops(2).closeTimeout(Duration.ofSeconds(2))
                .endpoint("/t", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                String[] p = text.split(":", 3);
                switch (p[0]) {
                    case "sub" -> {
                        topics.subscribe(ws, p[1]);
                        ws.sendText("ok:" + p[1]);
                    }
                    case "unsub" -> {
                        topics.unsubscribe(ws, p[1]);
                        ws.sendText("ok:" + p[1]);
                    }
                    case "pub" -> topics.publish(p[1], p[2]);
                    default -> ws.sendText("?");
                }
            }
        }).start();
        toClose.add(server::close);
        toClose.add(topics);
        return server;
    }

    /** A client that records what it receives. */
    static final class Member implements WebSocketListener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws;

        @Override
        public void onText(WebSocket w, String text) {
            received.add(text);
        }

        @Override
        public void onClose(WebSocket w, int code, String reason) {
            closed.complete(code);
        }

        String next() throws InterruptedException {
            String m = received.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message within 20 s").isNotNull();
            return m;
        }
    }

    Member join(WebSocketServer server, String... topics) throws Exception {
        Member m = new Member();
        m.ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/t"), m).get(20, TimeUnit.SECONDS);
        for (String t : topics) {
            m.ws.sendText("sub:" + t);
            assertThat(m.next()).isEqualTo("ok:" + t);
        }
        return m;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(10);
        }
    }

    @Test
    void aPublishReachesEverySubscriberAndNoOneElse() throws Exception {
        Topics topics = Topics.builder().build();
        WebSocketServer server = serve(topics);
        Member a = join(server, "room");
        Member b = join(server, "room", "other");
        Member c = join(server, "other");
        assertThat(topics.subscriberCount("room")).isEqualTo(2);
        topics.publish("room", "hello room");
        assertThat(a.next()).isEqualTo("hello room");
        assertThat(b.next()).isEqualTo("hello room");
        b.ws.sendText("unsub:room");
        assertThat(b.next()).isEqualTo("ok:room");
        a.ws.sendText("pub:room:from a");
        assertThat(a.next()).isEqualTo("from a");
        topics.publish("other", "to other");
        assertThat(b.next()).as("b left room: the next it gets is other's").isEqualTo("to other");
        assertThat(c.next()).isEqualTo("to other");
        await("five deliveries counted", () -> topics.stats().delivered() == 5);
    }

    @Test
    void aClosedConnectionLeavesAllItsTopics() throws Exception {
        Topics topics = Topics.builder().build();
        WebSocketServer server = serve(topics);
        Member a = join(server, "x", "y");
        assertThat(topics.subscriberCount("x")).isEqualTo(1);
        a.ws.close(1000, "");
        a.closed.get(20, TimeUnit.SECONDS);
        await("both topics empty", () -> topics.subscriberCount("x") == 0 && topics.subscriberCount("y") == 0);
        topics.publish("x", "nobody");
        assertThat(topics.stats().delivered()).isZero();
    }

    @Test
    void subscribesFromOtherThreadsRacingWithClosesLeaveNothingBehind() throws Exception {
        Topics topics = Topics.builder().build();
        BlockingQueue<WebSocket> serverSides = new LinkedBlockingQueue<>();
        WebSocketServer server = WebSocketServer.builder().loops(2).endpoint("/r", new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                serverSides.add(ws);
            }
        }).start();
        toClose.add(server::close);
        toClose.add(topics);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Member m = new Member();
            m.ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/r"), m).get(20, TimeUnit.SECONDS);
            members.add(m);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            WebSocket ws = serverSides.poll(20, TimeUnit.SECONDS);
            assertThat(ws).isNotNull();
            Thread t = new Thread(() -> {
                for (int k = 0; k < 50; k++) {
                    topics.subscribe(ws, "t" + (k % 5));
                    if (k % 7 == 0) {
                        topics.unsubscribe(ws, "t" + (k % 5));
                    }
                }
            });
            threads.add(t);
            t.start();
            if (i % 2 == 0) {
                ws.close(1000, "racing");
            } else {
                members.get(i).ws.close(1000, "racing");
            }
        }
        for (Thread t : threads) {
            t.join(20_000);
        }
        for (Member m : members) {
            m.closed.get(20, TimeUnit.SECONDS);
        }
        await("every topic empty", () -> {
            for (int k = 0; k < 5; k++) {
                if (topics.subscriberCount("t" + k) != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void eachSubscriberGetsAPublishersMessagesInOrder() throws Exception {
        Topics topics = Topics.builder().build();
        WebSocketServer server = serve(topics);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(join(server, "feed"));
        }
        for (int i = 0; i < 2000; i++) {
            topics.publish("feed", Integer.toString(i));
        }
        for (Member m : members) {
            for (int i = 0; i < 2000; i++) {
                assertThat(m.next()).isEqualTo(Integer.toString(i));
            }
        }
    }

    /** A subscriber that never reads: raw TCP, upgraded, subscribed, then silent. */
    Socket stalledSubscriber(WebSocketServer server) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096); // before connecting, so that the window stays small
        s.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 20_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /t HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] sub = "sub:feed".getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[] {(byte) 0x81, (byte) (0x80 | sub.length), 0, 0, 0, 0});
        out.write(sub);
        out.flush();
        toClose.add(s);
        return s;
    }

    /**
     * A fast and a stalled subscriber of "feed", then 600 x 16 KiB published (more than the kernel's
     * send and receive buffers absorb, a few MiB), paced by the fast one, which must get every one:
     * only the stalled one falls behind.
     */
    void publishPastAStalledSubscriber(Topics topics) throws Exception {
        WebSocketServer server = serve(topics);
        Member fast = join(server, "feed");
        stalledSubscriber(server);
        await("two subscribers", () -> topics.subscriberCount("feed") == 2);
        String big = "x".repeat(16 << 10);
        for (int i = 0; i < 600; i++) {
            topics.publish("feed", big + i);
            assertThat(fast.next()).endsWith(Integer.toString(i));
        }
    }

    @Test
    void aSlowSubscriberMissesMessagesAndTheOthersGetThemAll() throws Exception {
        Topics topics = Topics.builder().maxBufferedPerSubscriber(64 << 10).build();
        publishPastAStalledSubscriber(topics);
        await("drops counted", () -> topics.stats().dropped() > 0);
        assertThat(topics.subscriberCount("feed")).as("dropping keeps it subscribed").isEqualTo(2);
    }

    @Test
    void aSlowSubscriberCanBeClosedWith1013() throws Exception {
        Topics topics = Topics.builder().maxBufferedPerSubscriber(64 << 10)
                .slowSubscriberPolicy(SlowSubscriberPolicy.CLOSE_TRY_AGAIN_LATER).build();
        publishPastAStalledSubscriber(topics);
        await("the slow one closed", () -> topics.stats().closedSlow() == 1);
        await("and gone from the topic", () -> topics.subscriberCount("feed") == 1);
    }

    @Test
    void twoNodesOnOneBusDeliverEachPublishOncePerNode() throws Exception {
        InMemoryBroker.Bus bus = new InMemoryBroker.Bus();
        Topics nodeA = Topics.builder().broker(new InMemoryBroker(bus)).build();
        Topics nodeB = Topics.builder().broker(new InMemoryBroker(bus)).build();
        WebSocketServer a = serve(nodeA);
        WebSocketServer b = serve(nodeB);
        Member onA = join(a, "room");
        Member onB = join(b, "room");
        onA.ws.sendText("pub:room:from A");
        assertThat(onA.next()).isEqualTo("from A");
        assertThat(onB.next()).isEqualTo("from A");
        nodeB.publish("room", "from B");
        assertThat(onA.next()).isEqualTo("from B");
        assertThat(onB.next()).isEqualTo("from B");
        onA.ws.sendText("pub:room:again");
        assertThat(onA.next()).as("not twice: the next is the new one").isEqualTo("again");
        assertThat(onB.next()).isEqualTo("again");
        assertThat(nodeA.stats().received()).isEqualTo(1);
        assertThat(nodeB.stats().received()).isEqualTo(2);
    }

    @Test
    void aPublishIsFramedOnceWhateverTheNumberOfSubscribersAndLoops() throws Exception {
        Topics topics = Topics.builder().build();
        WebSocketServer server = serve(topics);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(join(server, "room"));
        }
        PreparedMessage message = PreparedMessage.text("to all twelve");
        topics.publish("room", message);
        for (Member m : members) {
            assertThat(m.next()).isEqualTo("to all twelve");
        }
        assertThat(message.encodingCount()).as("one frame, shared read-only by every subscriber").isEqualTo(1);
    }

    /** Records what the topics tell their broker about this node's interest. */
    static final class RecordingBroker implements Broker {
        final List<String> interest = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void attach(java.util.function.Consumer<BrokerMessage> inbound) {
        }

        @Override
        public void publish(BrokerMessage message) {
        }

        @Override
        public void topicActive(String topic) {
            interest.add("+" + topic);
        }

        @Override
        public void topicInactive(String topic) {
            interest.add("-" + topic);
        }
    }

    @Test
    void theBrokerHearsOfATopicsFirstAndLastSubscriberOnly() throws Exception {
        RecordingBroker broker = new RecordingBroker();
        Topics topics = Topics.builder().broker(broker).build();
        WebSocketServer server = serve(topics);
        Member a = join(server, "x");
        Member b = join(server, "x", "y");
        Subscription listening = topics.listen("x", (topic, text) -> { });
        assertThat(broker.interest).containsExactly("+x", "+y");
        a.ws.close(1000, "");
        b.ws.close(1000, "");
        await("y left", () -> broker.interest.size() == 3);
        assertThat(broker.interest).as("x still has its listener").containsExactly("+x", "+y", "-y");
        listening.close();
        listening.close();
        assertThat(broker.interest).containsExactly("+x", "+y", "-y", "-x");
    }

    @Test
    void listenersFollowATopicOnEveryNodeAndOneFailingListenerHurtsNoOther() throws Exception {
        InMemoryBroker.Bus bus = new InMemoryBroker.Bus();
        Topics nodeA = Topics.builder().broker(new InMemoryBroker(bus)).build();
        Topics nodeB = Topics.builder().broker(new InMemoryBroker(bus)).build();
        toClose.add(nodeA);
        toClose.add(nodeB);
        BlockingQueue<String> heardOnB = new LinkedBlockingQueue<>();
        nodeB.listen("counter", (topic, text) -> {
            throw new IllegalStateException("a buggy listener");
        });
        Subscription s = nodeB.listen("counter", new TopicListener() {
            @Override
            public void onText(String topic, String text) {
                heardOnB.add(topic + ":" + text);
            }

            @Override
            public void onBinary(String topic, java.nio.ByteBuffer data) {
                heardOnB.add(topic + ":" + data.remaining() + " bytes");
            }
        });
        nodeA.publish("counter", "+1");
        nodeB.publish("counter", "-1");
        nodeA.publish("counter", java.nio.ByteBuffer.wrap(new byte[3]));
        nodeA.publish("elsewhere", "not for it");
        assertThat(List.of(heardOnB.poll(20, TimeUnit.SECONDS), heardOnB.poll(20, TimeUnit.SECONDS),
                heardOnB.poll(20, TimeUnit.SECONDS))).containsExactly("counter:+1", "counter:-1", "counter:3 bytes");
        s.close();
        nodeA.publish("counter", "+1");
        assertThat(heardOnB).isEmpty();
        assertThat(nodeB.subscriberCount("counter")).as("the buggy listener is still there").isEqualTo(1);
    }

    @Test
    void publishLocallyStaysOnThisNode() throws Exception {
        InMemoryBroker.Bus bus = new InMemoryBroker.Bus();
        Topics nodeA = Topics.builder().broker(new InMemoryBroker(bus)).build();
        Topics nodeB = Topics.builder().broker(new InMemoryBroker(bus)).build();
        WebSocketServer a = serve(nodeA);
        WebSocketServer b = serve(nodeB);
        Member onA = join(a, "ticker");
        Member onB = join(b, "ticker");
        nodeA.publishLocally("ticker", "A's tick");
        nodeB.publishLocally("ticker", "B's tick");
        assertThat(onA.next()).isEqualTo("A's tick");
        assertThat(onB.next()).as("not A's").isEqualTo("B's tick");
        assertThat(nodeB.stats().received()).isZero();
    }

    @Test
    void unsubscribesRacingWithClosesLeaveCountsRight() throws Exception {
        Topics topics = Topics.builder().build();
        WebSocketServer server = serve(topics);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(join(server, "a", "b"));
        }
        assertThat(topics.subscriberCount("a")).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            Member m = members.get(i);
            // The unsubscribe and the close cross on the wire: the server sees them in either order.
            m.ws.sendText("unsub:a");
            if (i % 2 == 0) {
                m.ws.close(1000, "");
            }
        }
        for (int i = 0; i < 10; i += 2) {
            members.get(i).closed.get(20, TimeUnit.SECONDS);
        }
        for (int i = 1; i < 10; i += 2) {
            assertThat(members.get(i).next()).isEqualTo("ok:a");
        }
        await("a empty, b kept by the five still open",
                () -> topics.subscriberCount("a") == 0 && topics.subscriberCount("b") == 5);
        topics.publish("b", "to the rest");
        for (int i = 1; i < 10; i += 2) {
            assertThat(members.get(i).next()).isEqualTo("to the rest");
        }
    }
}
