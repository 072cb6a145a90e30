package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Our client against Python's {@code websockets} server (Debian's {@code python3-websockets}, 10.x),
 * run by {@code src/test/python/ws_server.py}; the checks are those of {@link ExternalServerContract}.
 */
class PythonWebsocketsServerInteropTest extends ExternalServerContract {

    /** Debian's interpreter: the one that sees Debian's packages (a pyenv {@code python3} does not). */
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src", "test", "python", "ws_server.py").toAbsolutePath();

    @Override
    ExternalServer startServer() throws Exception {
        ExternalPeer.require(
                Files.isExecutable(Path.of(PYTHON)) && ExternalPeer.succeeds(PYTHON, "-c", "import websockets"),
                PYTHON + " with the websockets module is missing",
                "apt-get install python3-websockets (Debian/Ubuntu)");
        assertThat(SCRIPT).exists();
        return ExternalServer.start("python-websockets", SCRIPT.getParent(), List.of(PYTHON, "-u", SCRIPT.toString()));
    }
}
