package io.duplex.interop;

/**
 * Our client against Python's {@code websockets} server (Debian's {@code python3-websockets}, 10.x),
 * run by {@code src/test/python/ws_server.py}; the checks are those of {@link ExternalServerContract}.
 */
class PythonWebsocketsServerInteropTest extends ExternalServerContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.pythonScript("ws_server.py");

    @Override
    ExternalServer startServer() throws Exception {
        return ExternalServer.start("python-websockets", SCRIPT);
    }
}
