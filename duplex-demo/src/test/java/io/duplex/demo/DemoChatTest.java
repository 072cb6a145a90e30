package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.client.WebSocketClient;

/** The {@code /chat} protocol on one node, spoken by duplex-core's client. */
class DemoChatTest {

    private static WebSocketClient client;
    private DemoServer server;

    @BeforeAll
    static void startClient() {
        client = WebSocketClient.builder().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = DemoServer.builder().port(0).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private JsonPeer join(String room, String nick) {
        JsonPeer peer = JsonPeer.connect(client, server, "/chat");
        peer.send("type", "join", "room", room, "nick", nick);
        return peer;
    }

    @Test
    void joinIsWelcomedWithTheNicknameAndTheMembersThenSeenByTheRoom() {
        try (JsonPeer ada = join("lobby", "  ada  ")) {
            Map<String, Object> welcome = ada.await("welcome");
            assertThat(welcome).containsEntry("room", "lobby").containsEntry("nick", "ada")
                    .containsEntry("members", List.of("ada"));
            assertThat(ada.await("join")).containsEntry("nick", "ada").containsKey("ts");
            assertThat(ada.await("presence")).containsEntry("members", List.of("ada"));
        }
    }

    @Test
    void messagesReachEveryoneInTheRoomWithNicknameAndServerTime() {
        try (JsonPeer ada = join("lobby", "ada"); JsonPeer bob = join("lobby", "bob");
             JsonPeer eve = join("elsewhere", "eve")) {
            ada.await("welcome");
            bob.await("welcome");
            eve.await("welcome");
            long before = System.currentTimeMillis();
            bob.send("type", "say", "text", " hello, ada ");
            for (JsonPeer peer : List.of(ada, bob)) {
                Map<String, Object> message = peer.await("message");
                assertThat(message).containsEntry("room", "lobby").containsEntry("nick", "bob")
                        .containsEntry("text", "hello, ada");
                assertThat(((Number) message.get("ts")).longValue())
                        .isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
            }
            // Another room hears nothing of it: its next message is its own.
            eve.send("type", "say", "text", "anyone?");
            assertThat(eve.await("message")).containsEntry("nick", "eve");
        }
    }

    @Test
    void aTakenNicknameGetsASuffixIgnoringCase() {
        // One join at a time: joins on different connections may reach the rooms in any order.
        try (JsonPeer first = join("lobby", "Ada")) {
            assertThat(first.await("welcome")).containsEntry("nick", "Ada");
            try (JsonPeer second = join("lobby", "ada")) {
                assertThat(second.await("welcome")).containsEntry("nick", "ada-2");
                try (JsonPeer third = join("lobby", "ADA")) {
                    assertThat(third.await("welcome")).containsEntry("nick", "ADA-3")
                            .containsEntry("members", List.of("Ada", "ada-2", "ADA-3"));
                }
            }
        }
        try (JsonPeer longName = join("lobby", "x".repeat(24))) {
            longName.await("welcome");
            try (JsonPeer again = join("lobby", "x".repeat(24))) {
                // The suffix stays within 24 characters.
                assertThat(again.await("welcome")).containsEntry("nick", "x".repeat(22) + "-2");
            }
        }
    }

    @Test
    void presenceFollowsJoinsLeavesAndClosedConnections() {
        try (JsonPeer ada = join("lobby", "ada")) {
            ada.await("welcome");
            try (JsonPeer bob = join("lobby", "bob")) {
                bob.await("welcome");
                ada.await("presence", m -> m.get("members").equals(List.of("ada", "bob")));
                try (JsonPeer cyd = join("lobby", "cyd")) {
                    cyd.await("welcome");
                    ada.await("presence", m -> m.get("members").equals(List.of("ada", "bob", "cyd")));

                    bob.send("type", "leave");
                    assertThat(bob.await("left")).containsEntry("room", "lobby");
                    assertThat(ada.await("leave")).containsEntry("nick", "bob");
                    ada.await("presence", m -> m.get("members").equals(List.of("ada", "cyd")));

                    cyd.socket().close(1001, "tab closed");
                    assertThat(ada.await("leave")).containsEntry("nick", "cyd");
                    ada.await("presence", m -> m.get("members").equals(List.of("ada")));
                }
            }
        }
    }

    @Test
    void joiningAnotherRoomLeavesTheFirst() {
        try (JsonPeer ada = join("lobby", "ada"); JsonPeer bob = join("lobby", "bob")) {
            ada.await("welcome");
            bob.await("welcome");
            bob.send("type", "join", "room", "Kitchen", "nick", "bob");
            assertThat(bob.await("welcome")).containsEntry("room", "kitchen").containsEntry("members", List.of("bob"));
            assertThat(ada.await("leave")).containsEntry("nick", "bob");
            ada.await("presence", m -> m.get("members").equals(List.of("ada")));
        }
    }

    @Test
    void badInputGetsAnErrorAndTheConnectionStaysUsable() {
        try (JsonPeer peer = JsonPeer.connect(client, server, "/chat")) {
            assertError(peer, "bad-nick", "type", "join", "room", "lobby", "nick", "   ");
            assertError(peer, "bad-nick", "type", "join", "room", "lobby", "nick", "x".repeat(25));
            assertError(peer, "bad-nick", "type", "join", "room", "lobby", "nick", "bell\u0007");
            assertError(peer, "bad-nick", "type", "join", "room", "lobby", "nick", 42);
            assertError(peer, "bad-room", "type", "join", "room", "no spaces", "nick", "ada");
            assertError(peer, "bad-room", "type", "join", "room", "r".repeat(33), "nick", "ada");
            assertError(peer, "not-joined", "type", "say", "text", "hello?");
            assertError(peer, "not-joined", "type", "leave");
            assertError(peer, "unknown-type", "type", "shout");
            assertError(peer, "bad-type", "text", "no type");
            peer.sendRaw("not json");
            assertThat(peer.await("error")).containsEntry("code", "bad-json");
            peer.sendRaw("{\"type\":\"say\"} {}");
            assertThat(peer.await("error")).containsEntry("code", "bad-json");
            peer.sendRaw("{\"type\":\"join\",\"type\":\"say\"}");
            assertThat(peer.await("error")).containsEntry("code", "bad-json");
            peer.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertThat(peer.await("error")).containsEntry("code", "not-text");

            // A 24-character nickname with an emoji counts characters, not UTF-16 units.
            String emojiNick = "\uD83D\uDE00".repeat(24);
            peer.send("type", "join", "room", "lobby", "nick", emojiNick);
            assertThat(peer.await("welcome")).containsEntry("nick", emojiNick);

            assertError(peer, "too-long", "type", "say", "text", "y".repeat(ChatInput.MAX_TEXT + 1));
            assertError(peer, "empty-message", "type", "say", "text", " \n ");
            assertError(peer, "bad-text", "type", "say", "text", "escape \u001b[2J");
            peer.send("type", "say", "text", "y".repeat(ChatInput.MAX_TEXT));
            assertThat(peer.await("message").get("text")).asString().hasSize(ChatInput.MAX_TEXT);
        }
    }

    @Test
    void aFrameOverTheMessageLimitClosesWith1009() {
        try (JsonPeer peer = JsonPeer.connect(client, server, "/chat")) {
            peer.send("type", "say", "text", "z".repeat(DemoServer.MAX_MESSAGE_BYTES));
            assertThat(peer.awaitClose()).isEqualTo(1009);
        }
    }

    private static void assertError(JsonPeer peer, String code, Object... message) {
        peer.send(message);
        Map<String, Object> error = peer.await("error");
        assertThat(error).containsEntry("code", code);
        assertThat(error.get("message")).asString().isNotBlank();
    }
}
