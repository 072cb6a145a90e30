package io.duplex.interop;

/**
 * Our server against Python's {@code websockets} (Debian's {@code python3-websockets}, 10.x), which
 * runs the scenario of {@code src/test/python/ws_client.py}: echoes of text and binary messages
 * from 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong, closes
 * started by either side, the {@code chat} subprotocol, and a permessage-deflate offer the server
 * must decline.
 */
class PythonWebsocketsInteropTest extends ExternalClientContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.pythonScript("ws_client.py");

    @Override
    ExternalPeer.Script script() {
        return SCRIPT;
    }

    @Override
    String closeReason() {
        return "python-bye";
    }
}
