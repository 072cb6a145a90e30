package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.duplex.client.WebSocketClient;

/**
 * Our client against Python's {@code websockets} server (Debian's {@code python3-websockets}, 10.x),
 * run by {@code src/test/python/ws_server.py}: the {@code chat} subprotocol, echoes of text (1- to
 * 4-byte characters) and binary messages from 0 B to 16 MiB, Ping and Pong with payloads, and closes
 * started by either side with their codes and reasons.
 */
class PythonWebsocketsServerInteropTest {

    /** Debian's interpreter: the one that sees Debian's packages (a pyenv {@code python3} does not). */
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src", "test", "python", "ws_server.py").toAbsolutePath();

    static ExternalServer server;
    static WebSocketClient client;
    static ExternalServer.Checks checks;

    @BeforeAll
    static void start() throws Exception {
        ExternalPeer.require(
                Files.isExecutable(Path.of(PYTHON)) && ExternalPeer.succeeds(PYTHON, "-c", "import websockets"),
                PYTHON + " with the websockets module is missing",
                "apt-get install python3-websockets (Debian/Ubuntu)");
        assertThat(SCRIPT).exists();
        server = ExternalServer.start("python-websockets", SCRIPT.getParent(),
                List.of(PYTHON, "-u", SCRIPT.toString()));
        client = ExternalServer.Checks.newClient();
        checks = new ExternalServer.Checks(server, client);
    }

    @AfterAll
    static void stop() {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    static IntStream sizes() {
        return IntStream.of(ExternalPeer.SIZES);
    }

    @Test
    void subprotocolChatIsAgreed() throws Exception {
        checks.subprotocol();
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void textEcho(int size) throws Exception {
        checks.textEcho(size);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void binaryEcho(int size) throws Exception {
        checks.binaryEcho(size);
    }

    @Test
    void pipelinedEchoesOnOneConnection() throws Exception {
        checks.pipelinedEchoes(ExternalPeer.SIZES);
    }

    @Test
    void pingWithPayloadGetsPongWithSamePayload() throws Exception {
        checks.pingPong();
    }

    @Test
    void clientInitiatedClose() throws Exception {
        checks.clientClose();
    }

    @Test
    void serverInitiatedClose() throws Exception {
        checks.serverClose();
    }
}
