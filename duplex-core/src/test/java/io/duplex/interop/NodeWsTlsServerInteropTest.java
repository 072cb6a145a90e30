package io.duplex.interop;

/**
 * Our client over TLS against Node's {@code ws} server on an {@code https.Server} (Node's TLS,
 * OpenSSL), run by {@code src/test/node/ws_server.js --tls} with the test certificate for localhost
 * in PEM; the checks are those of {@link ExternalTlsServerContract}.
 */
class NodeWsTlsServerInteropTest extends ExternalTlsServerContract {

    @Override
    ExternalServer startServer() throws Exception {
        return ExternalServer.startTls("node-ws-tls", NodeWsServerInteropTest.SCRIPT);
    }
}
