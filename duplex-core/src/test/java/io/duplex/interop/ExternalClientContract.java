package io.duplex.interop;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.server.WebSocketServer;

/**
 * What our server must do against any external client running the scripted scenario: echoes of text
 * and binary from 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong,
 * closes started by either side, the {@code chat} subprotocol, and a permessage-deflate offer the
 * server must decline. Each peer's test says how to run its client.
 */
abstract class ExternalClientContract {

    final EchoEndpoint echo = new EchoEndpoint();
    WebSocketServer server;

    /** @return the peer's name in reports */
    abstract String peerName();

    /** Checks that the peer is installed: fails under {@code CI=true}, skips otherwise. */
    abstract void requirePeer();

    /** @return the folder the client runs in */
    abstract Path workingDirectory();

    /**
     * @param url the echo endpoint's URL
     * @return the command that runs the client's scenario against it
     */
    abstract List<String> command(String url);

    /** @return the reason the client closes with, after code 4000 */
    abstract String closeReason();

    @BeforeEach
    void start() throws Exception {
        requirePeer();
        server = echo.startServer();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scriptedScenarioPasses() throws Exception {
        String url = "ws://127.0.0.1:" + server.port() + EchoEndpoint.PATH;
        ExternalPeer.Result result = ExternalPeer.run(workingDirectory(), command(url));
        ExternalPeer.assertAllPassed(peerName(), result, ExternalPeer.expectedChecks());
        // The close the client started: the server saw its code and reason.
        echo.awaitClose("4000 " + closeReason());
        // The close the server started: the client answered it with the same code.
        echo.awaitClose("4001 (the client's answer to the server's close)", seen -> seen.startsWith("4001 "), 20);
    }
}
