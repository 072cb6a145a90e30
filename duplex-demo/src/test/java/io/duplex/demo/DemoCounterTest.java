package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.client.WebSocketClient;

/** The {@code /counter} protocol on one node, spoken by duplex-core's client. */
class DemoCounterTest {

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

    @Test
    void aVisitorGetsTheStateAtOnce() {
        try (JsonPeer visitor = JsonPeer.connect(client, server, "/counter")) {
            assertThat(visitor.await("state")).containsEntry("value", 0).containsEntry("visitors", 1);
        }
    }

    @Test
    void everyStepAndEveryVisitorIsSeenByEveryVisitor() {
        try (JsonPeer a = JsonPeer.connect(client, server, "/counter")) {
            a.await("state", visitors(1));
            try (JsonPeer b = JsonPeer.connect(client, server, "/counter")) {
                a.await("state", visitors(2));
                b.await("state", visitors(2));
                a.send("type", "increment");
                a.send("type", "increment");
                a.send("type", "increment");
                b.send("type", "decrement");
                for (JsonPeer visitor : new JsonPeer[] {a, b}) {
                    // Each step is one state: exactly four after the arrival, ending at 2.
                    int states = 0;
                    Map<String, Object> state;
                    do {
                        state = visitor.await("state");
                        states++;
                    } while (states < 4);
                    assertThat(state).containsEntry("value", 2).containsEntry("visitors", 2);
                }
            }
            assertThat(a.await("state")).containsEntry("value", 2).containsEntry("visitors", 1);
        }
    }

    @Test
    void anUnknownMessageGetsAnError() {
        try (JsonPeer visitor = JsonPeer.connect(client, server, "/counter")) {
            visitor.await("state");
            visitor.send("type", "double");
            assertThat(visitor.await("error")).containsEntry("code", "unknown-type");
            visitor.sendRaw("[1]");
            assertThat(visitor.await("error")).containsEntry("code", "bad-json");
            visitor.send("type", "increment");
            assertThat(visitor.await("state")).containsEntry("value", 1);
        }
    }

    private static java.util.function.Predicate<Map<String, Object>> visitors(int n) {
        return state -> Integer.valueOf(n).equals(state.get("visitors"));
    }
}
