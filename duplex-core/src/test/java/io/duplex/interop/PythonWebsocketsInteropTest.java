package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * Our server against Python's {@code websockets} (Debian's {@code python3-websockets}, 10.x), which
 * runs the scenario of {@code src/test/python/ws_client.py}: echoes of text and binary messages
 * from 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong, closes
 * started by either side, the {@code chat} subprotocol, and a permessage-deflate offer the server
 * must decline.
 */
class PythonWebsocketsInteropTest extends ExternalClientContract {

    static final Path SCRIPT = Path.of("src", "test", "python", "ws_client.py").toAbsolutePath();

    @Override
    String peerName() {
        return "python-websockets";
    }

    @Override
    void requirePeer() {
        ExternalPeer.requirePythonWebsockets();
        assertThat(SCRIPT).exists();
    }

    @Override
    Path workingDirectory() {
        return SCRIPT.getParent();
    }

    @Override
    List<String> command(String url) {
        return List.of(ExternalPeer.PYTHON, "-u", SCRIPT.toString(), url);
    }

    @Override
    String closeReason() {
        return "python-bye";
    }
}
