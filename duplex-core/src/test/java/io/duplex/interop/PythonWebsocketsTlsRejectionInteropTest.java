package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;
import io.duplex.tls.TestCertificates;

/**
 * Our server's certificate refused by a client we did not write: Python's {@code websockets} on
 * Python's {@code ssl} (OpenSSL), run by {@code src/test/python/ws_tls_reject.py}. Each test makes
 * the client's verification fail one way, a name the certificate does not hold or an issuer the
 * client does not trust, and the script counts {@code ssl.SSLCertVerificationError} with the
 * matching OpenSSL verify code as a passed check. Then the same server must serve a client that
 * does trust it, and hold no connection once both are gone: a refused handshake costs the server
 * that connection only.
 */
class PythonWebsocketsTlsRejectionInteropTest {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.pythonScript("ws_tls_reject.py");

    final EchoEndpoint echo = new EchoEndpoint();
    WebSocketServer server;
    TestCertificates certs;

    @BeforeEach
    void requirePeer() throws IOException {
        SCRIPT.require();
        certs = TestCertificates.get();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aServerHostnameTheCertificateDoesNotNameFailsVerificationAndTheServerServesTheNextClient()
            throws Exception {
        // The localhost certificate, from a trusted CA, reached as other.test (SNI and the name checked).
        server = echo.startServer(ServerTls.fromPem(certs.localhostChain(), certs.localhostKey()));
        refusedThenServed("hostname",
                url("127.0.0.1"), certs.ca(), "other.test",
                url("localhost"), certs.ca(), null);
    }

    @Test
    void aCertificateForAnotherNameFailsVerificationAndTheServerServesTheNextClient() throws Exception {
        // The server presents other.test's certificate; the client asks for localhost.
        server = echo.startServer(ServerTls.fromPem(certs.otherChain(), certs.otherKey()));
        refusedThenServed("hostname",
                url("localhost"), certs.ca(), null,
                url("127.0.0.1"), certs.ca(), "other.test");
    }

    @Test
    void aSelfSignedCertificateNoTrustedCaIssuedFailsVerificationAndTheServerServesTheNextClient()
            throws Exception {
        // The right name, but signed by itself: untrusted by a client trusting the test CA, and
        // trusted by one that takes that very certificate as its trust anchor.
        server = echo.startServer(ServerTls.fromPem(certs.untrustedChain(), certs.untrustedKey()));
        refusedThenServed("untrusted",
                url("localhost"), certs.ca(), null,
                url("localhost"), certs.untrustedChain(), null);
    }

    private String url(String host) {
        return "wss://" + host + ":" + server.port() + EchoEndpoint.PATH;
    }

    /**
     * Runs the script: the first connection must be refused by the client for the reason
     * {@code expect}, the second must echo and close with 1000; then the server must have seen that
     * close and hold no connection.
     */
    private void refusedThenServed(String expect, String rejectUrl, Path rejectCa, String rejectName,
                                   String thenUrl, Path thenCa, String thenName) throws Exception {
        List<String> command = SCRIPT.command("--expect", expect, "--reject", rejectUrl,
                "--reject-ca", rejectCa.toString(), "--then", thenUrl, "--then-ca", thenCa.toString());
        if (rejectName != null) {
            command.addAll(List.of("--reject-server-hostname", rejectName));
        }
        if (thenName != null) {
            command.addAll(List.of("--then-server-hostname", thenName));
        }
        ExternalPeer.Result result = ExternalPeer.run(SCRIPT.directory(), command);
        ExternalPeer.assertAllPassed("python-websockets refusing our certificate (" + expect + ")", result,
                List.of("peer", "rejected", "then-echo", "done"));
        echo.awaitClose("1000 python-after");
        awaitNoConnections();
    }

    /** Waits up to 10 s for the server to hold no connection: neither the refused one nor the served one. */
    private void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.connectionCount()).as("connections our server still holds after the client left")
                .isZero();
    }
}
