package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.duplex.client.WebSocketClient;

/**
 * Our client against Node's {@code ws} server (8.x, from {@code src/test/node/package-lock.json}),
 * run by {@code src/test/node/ws_server.js}: the {@code chat} subprotocol, echoes of text (1- to
 * 4-byte characters) and binary messages from 0 B to 16 MiB, Ping and Pong with payloads, and closes
 * started by either side with their codes and reasons.
 */
class NodeWsServerInteropTest {

    static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    static final Path SCRIPT = NODE_DIR.resolve("ws_server.js");

    static ExternalServer server;
    static WebSocketClient client;
    static ExternalServer.Checks checks;

    @BeforeAll
    static void start() throws Exception {
        String install = "npm ci --prefix duplex-core/src/test/node (Node 18 or later on PATH)";
        ExternalPeer.require(ExternalPeer.succeeds("node", "--version"), "node is not on PATH", install);
        ExternalPeer.require(Files.isRegularFile(NODE_DIR.resolve("node_modules/ws/package.json")),
                "the npm package ws is not installed in " + NODE_DIR.resolve("node_modules"), install);
        assertThat(SCRIPT).exists();
        server = ExternalServer.start("node-ws", NODE_DIR, List.of("node", SCRIPT.toString()));
        client = ExternalServer.Checks.newClient();
        checks = new ExternalServer.Checks(server, client);
    }

    @AfterAll
    static void stop() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    static IntStream sizes() {
        return IntStream.of(ExternalPeer.SIZES);
    }

    @Test
    void subprotocolChatIsAgreed() throws Exception {
        checks.subprotocol();
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void textEcho(int size) throws Exception {
        checks.textEcho(size);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void binaryEcho(int size) throws Exception {
        checks.binaryEcho(size);
    }

    @Test
    void pipelinedEchoesOnOneConnection() throws Exception {
        checks.pipelinedEchoes(ExternalPeer.SIZES);
    }

    @Test
    void pingWithPayloadGetsPongWithSamePayload() throws Exception {
        checks.pingPong();
    }

    @Test
    void clientInitiatedClose() throws Exception {
        checks.clientClose();
    }

    @Test
    void serverInitiatedClose() throws Exception {
        checks.serverClose();
    }
}
