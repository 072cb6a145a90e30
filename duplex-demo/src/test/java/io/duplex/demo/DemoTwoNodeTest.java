package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.client.WebSocketClient;
import io.duplex.pubsub.InMemoryBroker;
import io.duplex.pubsub.Topics;

/**
 * Two demo servers on one {@link InMemoryBroker.Bus}, as two nodes behind a load balancer would be
 * on Redis: people connected to different nodes share the rooms, the presence lists and the counter.
 */
class DemoTwoNodeTest {

    private static WebSocketClient client;
    private InMemoryBroker.Bus bus;
    private DemoServer a;
    private DemoServer b;

    @BeforeAll
    static void startClient() {
        client = WebSocketClient.builder().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @BeforeEach
    void startNodes() throws Exception {
        bus = new InMemoryBroker.Bus();
        a = node();
        try {
            b = node();
        } catch (Exception e) {
            a.close();
            throw e;
        }
    }

    @AfterEach
    void stopNodes() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }

    private DemoServer node() throws Exception {
        return DemoServer.builder().port(0).broker(new InMemoryBroker(bus)).start();
    }

    private static JsonPeer join(DemoServer node, String room, String nick) {
        JsonPeer peer = JsonPeer.connect(client, node, "/chat");
        peer.send("type", "join", "room", room, "nick", nick);
        return peer;
    }

    private static Predicate<Map<String, Object>> members(String... nicks) {
        return m -> List.of(nicks).equals(m.get("members"));
    }

    @Test
    void chatMessagesAndPresenceCrossNodes() {
        try (JsonPeer ada = join(a, "lobby", "ada")) {
            ada.await("welcome");
            try (JsonPeer bob = join(b, "lobby", "bob")) {
                bob.await("welcome");
                // The notice crosses first; then node b's hello, and node a's answer with its list.
                ada.await("join", m -> "bob".equals(m.get("nick")));
                ada.await("presence", members("ada", "bob"));
                bob.await("presence", members("ada", "bob"));

                ada.send("type", "say", "text", "hi from a");
                assertThat(bob.await("message")).containsEntry("nick", "ada").containsEntry("text", "hi from a");
                bob.send("type", "say", "text", "hi from b");
                // Each sees its own message too: skip it.
                assertThat(ada.await("message", m -> "bob".equals(m.get("nick")))).containsEntry("text", "hi from b");

                try (JsonPeer other = join(b, "lobby", "ADA")) {
                    // Node b knows node a's members, so the nickname is taken there too.
                    assertThat(other.await("welcome")).containsEntry("nick", "ADA-2")
                            .containsEntry("members", List.of("ada", "ADA-2", "bob"));
                    ada.await("presence", members("ada", "ADA-2", "bob"));
                }
                ada.await("presence", members("ada", "bob"));
            }
            ada.await("leave", m -> "bob".equals(m.get("nick")));
            ada.await("presence", members("ada"));
        }
    }

    @Test
    void aNodeThatLeavesARoomAndComesBackLearnsItAgain() {
        try (JsonPeer ada = join(a, "lobby", "ada")) {
            ada.await("welcome");
            try (JsonPeer bob = join(b, "lobby", "bob")) {
                bob.await("presence", members("ada", "bob"));
            }
            ada.await("presence", members("ada"));
            // Node b had nobody left in the room and forgot it; its next member must still see ada.
            try (JsonPeer cyd = join(b, "lobby", "cyd")) {
                cyd.await("presence", members("ada", "cyd"));
                ada.await("presence", members("ada", "cyd"));
            }
        }
    }

    @Test
    void aNodeThatGoesSilentIsForgottenAfterThreeIntervals() throws Exception {
        // A node that crashed: it announced a member and visitors once, then never again.
        try (DemoServer fast = DemoServer.builder().port(0).broker(new InMemoryBroker(bus))
                     .presenceInterval(Duration.ofMillis(100)).start();
             Topics ghost = Topics.builder().broker(new InMemoryBroker(bus)).build();
             JsonPeer ada = join(fast, "lobby", "ada");
             JsonPeer visitor = JsonPeer.connect(client, fast, "/counter")) {
            ada.await("welcome");
            visitor.await("state", visitors(1));
            ghost.publish("chat-presence:lobby", "{\"node\":\"ghost\",\"hello\":false,\"members\":[\"casper\"]}");
            ghost.publish("counter:nodes", "{\"node\":\"ghost\",\"visitors\":5,\"value\":0,\"hello\":false}");
            ada.await("presence", members("ada", "casper"));
            visitor.await("state", visitors(6));
            ada.await("presence", members("ada"));
            visitor.await("state", visitors(1));
        }
    }

    @Test
    void theCounterAndItsVisitorsCrossNodes() throws Exception {
        try (JsonPeer onA = JsonPeer.connect(client, a, "/counter");
             JsonPeer onB = JsonPeer.connect(client, b, "/counter")) {
            onA.await("state", visitors(2));
            onB.await("state", visitors(2));
            // Step by step, so that each awaited value is the last one and not one on the way.
            onA.send("type", "increment");
            onA.send("type", "increment");
            onA.await("state", value(2));
            onB.await("state", value(2));
            onB.send("type", "decrement");
            onA.await("state", value(1));
            onB.await("state", value(1));

            // A node started later takes the value from the others' answers to its hello.
            try (DemoServer c = node(); JsonPeer onC = JsonPeer.connect(client, c, "/counter")) {
                assertThat(onC.await("state", visitors(3))).containsEntry("value", 1);
                onA.await("state", visitors(3));
                onC.send("type", "increment");
                onA.await("state", value(2));
                onB.await("state", value(2));
            }
            // Closing node c closed its visitor, and the others heard of it.
            assertThat(onA.await("state", visitors(2))).containsEntry("value", 2);
        }
    }

    private static Predicate<Map<String, Object>> visitors(int n) {
        return state -> Integer.valueOf(n).equals(state.get("visitors"));
    }

    private static Predicate<Map<String, Object>> value(int n) {
        return state -> Integer.valueOf(n).equals(state.get("value"));
    }
}
