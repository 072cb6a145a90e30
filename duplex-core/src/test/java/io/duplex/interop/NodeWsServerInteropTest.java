package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our client against Node's {@code ws} server (8.x, from {@code src/test/node/package-lock.json}), run
 * by {@code src/test/node/ws_server.js}; the checks are those of {@link ExternalServerContract}.
 */
class NodeWsServerInteropTest extends ExternalServerContract {

    static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    static final Path SCRIPT = NODE_DIR.resolve("ws_server.js");

    @Override
    ExternalServer startServer() throws Exception {
        String install = "npm ci --prefix duplex-core/src/test/node (Node 18 or later on PATH)";
        ExternalPeer.require(ExternalPeer.succeeds("node", "--version"), "node is not on PATH", install);
        ExternalPeer.require(Files.isRegularFile(NODE_DIR.resolve("node_modules/ws/package.json")),
                "the npm package ws is not installed in " + NODE_DIR.resolve("node_modules"), install);
        assertThat(SCRIPT).exists();
        return ExternalServer.start("node-ws", NODE_DIR, List.of("node", SCRIPT.toString()));
    }
}
