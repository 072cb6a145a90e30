package io.duplex.interop;

import java.io.IOException;

import io.duplex.server.ServerTls;
import io.duplex.tls.TestCertificates;

/**
 * {@link PythonWebsocketsTlsInteropTest} with our server allowing TLS 1.2 only, so that the whole
 * scenario, 16 MiB echoes included, runs over TLS 1.2 records with OpenSSL on the other side: the
 * other TLS tests agree on TLS 1.3, which both ends prefer. The script's {@code tls} check accepts
 * {@code TLSv1.2} only.
 */
class PythonWebsocketsTls12InteropTest extends PythonWebsocketsTlsInteropTest {

    @Override
    ServerTls serverTls() throws IOException {
        TestCertificates certs = TestCertificates.get();
        return ServerTls.builder().certificate(certs.localhostChain(), certs.localhostKey()).protocols("TLSv1.2")
                .build();
    }

    @Override
    String tlsVersion() {
        return "TLSv1.2";
    }
}
