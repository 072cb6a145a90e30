package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.duplex.WebSocketException;
import io.duplex.client.ClientTls;
import io.duplex.client.WebSocketClient;
import io.duplex.tls.TestCertificates;

/**
 * {@link ExternalServerContract} over TLS: the same checks, our client connecting to
 * {@code wss://localhost} and trusting the test CA only ({@link ClientTls#trustingPem}), with the
 * host name checked, against a server whose TLS is not ours. Plus one check of trust: a client
 * trusting only the JDK's CAs refuses the server's certificate, and the server goes on serving.
 */
abstract class ExternalTlsServerContract extends ExternalServerContract {

    /** The checks' client, its other settings those of {@link ExternalServer.Checks#newClient()}. */
    @Override
    WebSocketClient newClient() throws Exception {
        return ExternalServer.Checks.clientBuilder().tls(ClientTls.trustingPem(TestCertificates.get().ca())).build();
    }

    @Test
    void theEchoUriIsWssOnLocalhostTheNameTheCertificateIsFor() {
        // A subclass that started its peer without TLS would pass every other check over ws://:
        // this one would fail.
        URI uri = server().echoUri();
        assertThat(uri.getScheme()).isEqualTo("wss");
        assertThat(uri.getHost()).isEqualTo("localhost");
    }

    @Test
    void aClientTrustingOnlyTheJdkCasRefusesTheCertificateAndTheServerGoesOn() throws Exception {
        // The test CA is in no trust store of the JDK's: the handshake must fail on our side, and
        // say so, rather than connect or hang.
        try (WebSocketClient jdkTrust = ExternalServer.Checks.clientBuilder().tls(ClientTls.defaults()).build()) {
            assertThatThrownBy(() -> jdkTrust.connect(server().echoUri(), new ExternalServer.Recorder())
                    .get(ExternalServer.STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketException.class)
                    .hasMessageContaining("TLS handshake with");
        }
        // The peer dropped that connection only: a client that trusts the CA still gets its echo.
        try (WebSocketClient trusting = newClient()) {
            new ExternalServer.Checks(server(), trusting).textEcho(125);
        }
    }
}
