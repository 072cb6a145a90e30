package io.duplex.interop;

/**
 * Our client against Node's {@code ws} server (8.x, from {@code src/test/node/package-lock.json}), run
 * by {@code src/test/node/ws_server.js}; the checks are those of {@link ExternalServerContract}.
 */
class NodeWsServerInteropTest extends ExternalServerContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.nodeScript("ws_server.js");

    @Override
    ExternalServer startServer() throws Exception {
        return ExternalServer.start("node-ws", SCRIPT);
    }
}
