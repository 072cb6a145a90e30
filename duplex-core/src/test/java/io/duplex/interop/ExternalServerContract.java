package io.duplex.interop;

import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.duplex.client.WebSocketClient;

/**
 * What our client must do against any external server: the {@code chat} subprotocol, echoes of text
 * (1- to 4-byte characters) and binary messages from 0 B to 16 MiB, pipelined echoes, fragmented
 * messages with a Ping between fragments, Ping and Pong
 * with payloads, and closes started by either side with their codes and reasons. Each peer's test
 * says how to start its server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExternalServerContract {

    private EchoServerPeer server;
    private WebSocketClient client;
    private ExternalServer.Checks checks;

    /**
     * Checks that the peer is installed (failing under {@code CI=true}, skipping otherwise) and starts
     * its server.
     *
     * @return the running server
     * @throws Exception when it cannot be started
     */
    abstract EchoServerPeer startServer() throws Exception;

    /**
     * @return the client the checks use; by default {@link ExternalServer.Checks#newClient()}, which
     *         a subclass changes in one setting, such as whom it trusts over TLS
     * @throws Exception when it cannot be built
     */
    WebSocketClient newClient() throws Exception {
        return ExternalServer.Checks.newClient();
    }

    /** @return the running server, for a subclass's own checks */
    EchoServerPeer server() {
        return server;
    }

    @BeforeAll
    void start() throws Exception {
        server = startServer();
        client = newClient();
        checks = new ExternalServer.Checks(server, client);
    }

    @AfterAll
    void stop() {
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

    IntStream sizes() {
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
    void fragmentedMessagesWithAPingBetweenFragmentsComeBackWhole() throws Exception {
        checks.fragmentedMessages();
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
