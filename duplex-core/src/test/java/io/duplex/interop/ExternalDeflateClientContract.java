package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.server.WebSocketServer;

/**
 * What our server must do with permessage-deflate (RFC 7692) against any external client that offers
 * it, in each {@link Mode}: agree to parameters the client accepts, and echo a set of messages (0 B
 * to 1 MiB, text and binary, compressible and not, repeats of one message, a text in three compressed
 * frames with a Ping between two) so that each comes back
 * identical through the client's own zlib inflater. The client script reports, as checks, the
 * parameters it saw agreed and whatever it can see of the frames (websockets: RSV1 and the size on
 * the wire; Node ws: the same, read from its receiver); this class also asserts the agreement as our
 * server saw it, and the client's closing handshake.
 */
abstract class ExternalDeflateClientContract {

    /** The reason the scripts close with, code 1000, after the last check. */
    static final String CLOSE_REASON = "deflate-done";

    /** The names of the echoed messages, as the scripts print them after {@code echo-}, in order. */
    static final List<String> MESSAGES = List.of("text-0", "text-1", "json-200", "text-125", "text-126",
            "binary-125-random", "binary-126-random", "json-64k", "text-1m-compressible", "binary-1m-random",
            "repeat-1", "repeat-2", "repeat-3", "repeat-4", "repeat-5", "fragmented-text");

    /**
     * How permessage-deflate is configured on either side, and what must be agreed. The scripts take
     * the mode's {@link #arg} and make the matching offer; the server is built with {@link #server}.
     */
    enum Mode {
        /** Both sides as they come: context takeover both ways, full windows. */
        DEFAULTS("defaults", DeflateOptions.defaults(), "permessage-deflate", "context-takeover-used"),
        /**
         * The client offers {@code server_no_context_takeover} and {@code client_no_context_takeover};
         * section 7.1.1.1 obliges the server to confirm the first, and it echoes the second.
         */
        CLIENT_OFFERS_NO_CONTEXT_TAKEOVER("client-no-context-takeover", DeflateOptions.defaults(),
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                "no-context-takeover-honoured"),
        /**
         * The client offers plain permessage-deflate; our server, configured to keep no context and to
         * ask the client for none, adds both parameters (sections 7.1.1.1 and 7.1.1.2 allow it).
         */
        SERVER_CONFIGURED_NO_CONTEXT_TAKEOVER("server-no-context-takeover",
                DeflateOptions.defaults().withContextTakeover(false).withPeerContextTakeover(false),
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                "no-context-takeover-honoured"),
        /**
         * The client offers {@code server_max_window_bits=9}; the server confirms it (section
         * 7.1.2.1) and may then refer back no further than 512 bytes, which the client's inflater,
         * made with a 2^9 window, checks.
         */
        CLIENT_LIMITS_SERVER_WINDOW_TO_9("server-window-9", DeflateOptions.defaults(),
                "permessage-deflate; server_max_window_bits=9", "window-9-check-has-teeth"),
        /**
         * The client offers {@code client_max_window_bits} without a value; our server, configured to
         * ask for a 2^10 window, answers {@code client_max_window_bits=10} (section 7.1.2.2), and the
         * client must compress within it (our 2^15 inflater reads any smaller window).
         */
        SERVER_ASKS_CLIENT_WINDOW_OF_10("client-window-10", DeflateOptions.defaults().withPeerMaxWindowBits(10),
                "permessage-deflate; client_max_window_bits=10", "context-takeover-used");

        final String arg;
        final DeflateOptions server;
        final String agreed;
        final String modeCheck;

        Mode(String arg, DeflateOptions server, String agreed, String modeCheck) {
            this.arg = arg;
            this.server = server;
            this.agreed = agreed;
            this.modeCheck = modeCheck;
        }

        /** @return the checks the script must print and pass in this mode */
        List<String> expectedChecks() {
            List<String> checks = new ArrayList<>(List.of("peer", "negotiated"));
            MESSAGES.forEach(m -> checks.add("echo-" + m));
            checks.addAll(List.of("ping-during-compressed-fragments", "server-compressed-1m"));
            for (String m : List.of("binary-125-random", "binary-126-random", "binary-1m-random")) {
                checks.add("not-expanded-" + m);
            }
            checks.addAll(List.of(modeCheck, "close", "done"));
            return checks;
        }
    }

    private final EchoEndpoint echo = new EchoEndpoint();
    private final List<String> agreedByServer = new ArrayList<>();
    private WebSocketServer server;

    /** @return the client's compression script, run with a mode's argument and the echo endpoint's URL */
    abstract ExternalPeer.Script script();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void compressedEchoesComeBackIdenticalThroughThePeersInflater(Mode mode) throws Exception {
        script().require();
        server = startServer(mode.server);
        String url = "ws://127.0.0.1:" + server.port() + EchoEndpoint.PATH;

        ExternalPeer.Result result = ExternalPeer.run(script().directory(), script().command(mode.arg, url));

        ExternalPeer.assertAllPassed(script().peer() + " (" + mode.arg + ")", result, mode.expectedChecks());
        // The script closed with 1000 after its last check: the closing handshake went through the
        // compressed connection too.
        echo.awaitClose("1000 " + CLOSE_REASON);
        // What our server agreed to, as its WebSocket.extensions() reports it: the response it sent.
        synchronized (agreedByServer) {
            assertThat(agreedByServer).as("the extensions our server agreed per connection")
                    .containsExactly(mode.agreed);
        }
    }

    /**
     * Starts a server on a free port of 127.0.0.1 like {@link EchoEndpoint#startServer()}, with
     * permessage-deflate on, whose endpoint also records what each connection agreed.
     */
    private WebSocketServer startServer(DeflateOptions compression) throws IOException {
        WebSocketListener recording = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                synchronized (agreedByServer) {
                    agreedByServer.add(ws.extensions());
                }
            }

            @Override
            public void onText(WebSocket ws, String text) {
                echo.onText(ws, text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                echo.onBinary(ws, data);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                echo.onClose(ws, code, reason);
            }
        };
        return WebSocketServer.builder()
                .loops(2)
                .maxMessageSize(32L * 1024 * 1024)
                .compression(compression)
                .endpoint(EchoEndpoint.PATH, recording)
                .start();
    }
}
