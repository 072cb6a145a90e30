package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * Our client against Python's {@code websockets} server (Debian's {@code python3-websockets}, 10.x),
 * run by {@code src/test/python/ws_server.py}; the checks are those of {@link ExternalServerContract}.
 */
class PythonWebsocketsServerInteropTest extends ExternalServerContract {

    static final Path SCRIPT = Path.of("src", "test", "python", "ws_server.py").toAbsolutePath();

    @Override
    ExternalServer startServer() throws Exception {
        ExternalPeer.requirePythonWebsockets();
        assertThat(SCRIPT).exists();
        return ExternalServer.start("python-websockets", SCRIPT.getParent(),
                List.of(ExternalPeer.PYTHON, "-u", SCRIPT.toString()));
    }
}
