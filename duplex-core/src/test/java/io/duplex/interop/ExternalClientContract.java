package io.duplex.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;
import io.duplex.tls.TestCertificates;

/**
 * What our server must do against any external client running the scripted scenario: echoes of text
 * and binary from 0 B to 16 MiB, fragmented messages with a Ping between fragments, Ping and Pong,
 * closes started by either side, the {@code chat} subprotocol, and a permessage-deflate offer the
 * server must decline. Each peer's test says how to run its client.
 *
 * <p>Over plain TCP ({@code ws://127.0.0.1}) by default; a subclass whose {@link #serverTls()} gives
 * TLS runs the same scenario over {@code wss://localhost}, the script trusting the test CA named by
 * the environment variable {@link #CA_VARIABLE}, and must then also pass the script's {@code tls}
 * check (the protocol the handshake agreed: TLS 1.3 or 1.2, or exactly {@link #tlsVersion()}).
 */
abstract class ExternalClientContract {

    /** The environment variable giving the scripts the PEM file of the CA to trust for {@code wss://}. */
    static final String CA_VARIABLE = "DUPLEX_TEST_CA";
    /** The environment variable naming the one TLS version a script's {@code tls} check accepts. */
    static final String TLS_VERSION_VARIABLE = "DUPLEX_TEST_TLS_VERSION";

    final EchoEndpoint echo = new EchoEndpoint();
    WebSocketServer server;
    /** Whether {@link #server} speaks TLS. */
    boolean tls;

    /** @return the client's script, run with the echo endpoint's URL as its one argument */
    abstract ExternalPeer.Script script();

    /** @return the reason the client closes with, after code 4000 */
    abstract String closeReason();

    /**
     * @return the server's TLS, or {@code null} (the default) for plain {@code ws://}
     * @throws IOException when the certificates cannot be made or read
     */
    ServerTls serverTls() throws IOException {
        return null;
    }

    /**
     * @return the TLS version the handshake must agree, as OpenSSL names it ({@code TLSv1.2}), given
     *         to the script as {@link #TLS_VERSION_VARIABLE}; {@code null} (the default) for either
     *         TLS 1.3 or 1.2
     */
    String tlsVersion() {
        return null;
    }

    @BeforeEach
    void start() throws Exception {
        script().require();
        ServerTls serverTls = serverTls();
        tls = serverTls != null;
        server = echo.startServer(serverTls);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scriptedScenarioPasses() throws Exception {
        // Over TLS the URL names localhost, the name the certificate is for, so that the client's
        // host name check has something to check (it also holds IP:127.0.0.1, which the plain
        // tests keep using).
        String url = (tls ? "wss://localhost:" : "ws://127.0.0.1:") + server.port() + EchoEndpoint.PATH;
        Map<String, String> environment = new HashMap<>();
        if (tls) {
            environment.put(CA_VARIABLE, TestCertificates.get().ca().toString());
            if (tlsVersion() != null) {
                environment.put(TLS_VERSION_VARIABLE, tlsVersion());
            }
        }
        ExternalPeer.Result result = ExternalPeer.run(script().directory(), script().command(url), environment);
        List<String> expected = new ArrayList<>(ExternalPeer.expectedChecks());
        if (tls) {
            expected.add("tls");
        }
        ExternalPeer.assertAllPassed(script().peer(), result, expected);
        // The close the client started: the server saw its code and reason.
        echo.awaitClose("4000 " + closeReason());
        // The close the server started: the client answered it with the same code.
        echo.awaitClose("4001 (the client's answer to the server's close)", seen -> seen.startsWith("4001 "), 20);
    }
}
