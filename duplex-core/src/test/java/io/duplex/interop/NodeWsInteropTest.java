package io.duplex.interop;

/**
 * Our server against Node's {@code ws} (8.x, from {@code src/test/node/package-lock.json}), which
 * runs the scenario of {@code src/test/node/ws_client.js}: echoes of text and binary messages from
 * 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong, closes started
 * by either side, the {@code chat} subprotocol, and a permessage-deflate offer the server must
 * decline.
 */
class NodeWsInteropTest extends ExternalClientContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.nodeScript("ws_client.js");

    @Override
    ExternalPeer.Script script() {
        return SCRIPT;
    }

    @Override
    String closeReason() {
        return "node-bye";
    }
}
