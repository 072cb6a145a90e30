package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * Our server against Node's {@code ws} (8.x, from {@code src/test/node/package-lock.json}), which
 * runs the scenario of {@code src/test/node/ws_client.js}: echoes of text and binary messages from
 * 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong, closes started
 * by either side, the {@code chat} subprotocol, and a permessage-deflate offer the server must
 * decline.
 */
class NodeWsInteropTest extends ExternalClientContract {

    static final Path SCRIPT = ExternalPeer.NODE_DIR.resolve("ws_client.js");

    @Override
    String peerName() {
        return "node ws";
    }

    @Override
    void requirePeer() {
        ExternalPeer.requireNodeWs();
        assertThat(SCRIPT).exists();
    }

    @Override
    Path workingDirectory() {
        return ExternalPeer.NODE_DIR;
    }

    @Override
    List<String> command(String url) {
        return List.of("node", SCRIPT.toString(), url);
    }

    @Override
    String closeReason() {
        return "node-bye";
    }
}
