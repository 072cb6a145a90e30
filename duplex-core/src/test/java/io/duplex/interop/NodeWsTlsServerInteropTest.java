package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.duplex.tls.TestCertificates;

/**
 * Our client over TLS against Node's {@code ws} server on an {@code https.Server} (Node's TLS,
 * OpenSSL), run by {@code src/test/node/ws_server.js --tls} with the test certificate for localhost
 * in PEM; the checks are those of {@link ExternalTlsServerContract}.
 */
class NodeWsTlsServerInteropTest extends ExternalTlsServerContract {

    @Override
    ExternalServer startServer() throws Exception {
        ExternalPeer.requireNodeWs();
        assertThat(NodeWsServerInteropTest.SCRIPT).exists();
        TestCertificates certs = TestCertificates.get();
        return ExternalServer.start("node-ws-tls", ExternalPeer.NODE_DIR,
                List.of("node", NodeWsServerInteropTest.SCRIPT.toString(),
                        "--tls", certs.localhostChain().toString(), certs.localhostKey().toString()), true);
    }
}
