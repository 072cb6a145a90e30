package io.duplex.interop;

import java.io.IOException;

import io.duplex.server.ServerTls;
import io.duplex.tls.TestCertificates;

/**
 * Our server over TLS against Node's {@code ws}: the scenario of {@link NodeWsInteropTest} on
 * {@code wss://localhost}, the client verifying our certificate (its chain up to the test CA, given
 * as {@code ca}, and the name localhost) with Node's {@code tls}, which is OpenSSL. The server reads
 * the PKCS#12 key store here, where the Python test reads PEM, so that both forms meet a foreign
 * client.
 */
class NodeWsTlsInteropTest extends NodeWsInteropTest {

    @Override
    ServerTls serverTls() throws IOException {
        TestCertificates certs = TestCertificates.get();
        return ServerTls.builder().pkcs12(certs.localhostP12(), TestCertificates.PASSWORD.toCharArray()).build();
    }
}
