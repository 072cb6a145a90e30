package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.duplex.tls.TestCertificates;

/**
 * Our client over TLS against Python's {@code websockets} server behind Python's {@code ssl}
 * (OpenSSL), run by {@code src/test/python/ws_server.py --tls} with the test certificate for
 * localhost in PEM; the checks are those of {@link ExternalTlsServerContract}.
 */
class PythonWebsocketsTlsServerInteropTest extends ExternalTlsServerContract {

    @Override
    ExternalServer startServer() throws Exception {
        ExternalPeer.requirePythonWebsockets();
        assertThat(PythonWebsocketsServerInteropTest.SCRIPT).exists();
        TestCertificates certs = TestCertificates.get();
        return ExternalServer.start("python-websockets-tls", PythonWebsocketsServerInteropTest.SCRIPT.getParent(),
                List.of(ExternalPeer.PYTHON, "-u", PythonWebsocketsServerInteropTest.SCRIPT.toString(),
                        "--tls", certs.localhostChain().toString(), certs.localhostKey().toString()), true);
    }
}
