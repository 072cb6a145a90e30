package io.duplex.interop;

import java.io.IOException;

import io.duplex.server.ServerTls;
import io.duplex.tls.TestCertificates;

/**
 * Our server over TLS against Python's {@code websockets}: the scenario of
 * {@link PythonWebsocketsInteropTest} on {@code wss://localhost}, the client verifying our
 * certificate (its chain up to the test CA, and the name localhost) with Python's {@code ssl}
 * module, which is OpenSSL: a TLS stack we did not write on the other side of ours.
 */
class PythonWebsocketsTlsInteropTest extends PythonWebsocketsInteropTest {

    @Override
    ServerTls serverTls() throws IOException {
        TestCertificates certs = TestCertificates.get();
        return ServerTls.fromPem(certs.localhostChain(), certs.localhostKey());
    }
}
