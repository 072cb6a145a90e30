package io.duplex.interop;

/**
 * Our client over TLS against Python's {@code websockets} server behind Python's {@code ssl}
 * (OpenSSL), run by {@code src/test/python/ws_server.py --tls} with the test certificate for
 * localhost in PEM; the checks are those of {@link ExternalTlsServerContract}.
 */
class PythonWebsocketsTlsServerInteropTest extends ExternalTlsServerContract {

    @Override
    ExternalServer startServer() throws Exception {
        return ExternalServer.startTls("python-websockets-tls", PythonWebsocketsServerInteropTest.SCRIPT);
    }
}
