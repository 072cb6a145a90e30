package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * Our client against Node's {@code ws} server (8.x, from {@code src/test/node/package-lock.json}), run
 * by {@code src/test/node/ws_server.js}; the checks are those of {@link ExternalServerContract}.
 */
class NodeWsServerInteropTest extends ExternalServerContract {

    static final Path SCRIPT = ExternalPeer.NODE_DIR.resolve("ws_server.js");

    @Override
    ExternalServer startServer() throws Exception {
        ExternalPeer.requireNodeWs();
        assertThat(SCRIPT).exists();
        return ExternalServer.start("node-ws", ExternalPeer.NODE_DIR, List.of("node", SCRIPT.toString()));
    }
}
