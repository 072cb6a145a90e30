package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.server.WebSocketServer;

/**
 * Our server against Node's {@code ws} (8.x, from {@code src/test/node/package-lock.json}), which
 * runs the scenario of {@code src/test/node/ws_client.js}: echoes of text and binary messages from
 * 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong, closes started
 * by either side, the {@code chat} subprotocol, and a permessage-deflate offer the server must
 * decline.
 */
class NodeWsInteropTest {

    static final Path SCRIPT = ExternalPeer.NODE_DIR.resolve("ws_client.js");

    final EchoEndpoint echo = new EchoEndpoint();
    WebSocketServer server;

    @BeforeEach
    void start() throws Exception {
        ExternalPeer.requireNodeWs();
        assertThat(SCRIPT).exists();
        server = echo.startServer();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scriptedScenarioPasses() throws Exception {
        String url = "ws://127.0.0.1:" + server.port() + EchoEndpoint.PATH;
        ExternalPeer.Result result =
                ExternalPeer.run(ExternalPeer.NODE_DIR, List.of("node", SCRIPT.toString(), url));
        ExternalPeer.assertAllPassed("node ws", result, ExternalPeer.expectedChecks());
        // The close the client started: the server saw its code and reason.
        echo.awaitClose("4000 node-bye");
        // The close the server started: the client answered it with the same code.
        echo.awaitClose("4001 (the client's answer to the server's close)", seen -> seen.startsWith("4001 "), 20);
    }
}
