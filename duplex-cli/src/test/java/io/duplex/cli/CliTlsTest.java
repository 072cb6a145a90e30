package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duplex cert}, {@code duplex serve --tls-cert} and {@code duplex connect wss://} together:
 * a development certificate, trusted with {@code --cacert}, or not checked with {@code --insecure},
 * and refused without either.
 */
class CliTlsTest {

    @TempDir
    Path dir;

    @Test
    void certServeAndConnectOverTls() throws Exception {
        Path pem = dir.resolve("localhost.pem");
        CommandRun cert = CommandRun.run("cert", "--out", pem.toString());
        assertThat(cert.awaitExit()).as("stderr: %s", cert.err.text()).isZero();
        String written = Files.readString(pem);
        assertThat(written).contains("-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----");
        assertThat(CommandRun.run("cert", "--out", pem.toString()).awaitExit()).as("no overwrite without --force")
                .isEqualTo(1);

        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--tls-cert", pem.toString())) {
            int port = serve.awaitListeningPort();
            assertThat(serve.out.text()).contains("listening on wss://127.0.0.1:" + port);

            // Trusting the certificate itself, by the name it was made for.
            assertThat(echoOnce("wss://localhost:" + port + "/echo", "--cacert", pem.toString())).isEqualTo("over tls");
            // Not checking at all, and saying so.
            assertThat(echoOnce("wss://127.0.0.1:" + port + "/echo", "--insecure")).isEqualTo("over tls");

            // The JDK's trust store does not know it: a clear failure, exit 1.
            CommandRun refused = CommandRun.run("connect", "wss://localhost:" + port + "/echo");
            assertThat(refused.awaitExit()).isEqualTo(1);
            assertThat(refused.err.text()).contains("TLS handshake");
            serve.stopServer();
        }
    }

    @Test
    void separateKeyFile() throws Exception {
        Path crt = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        assertThat(CommandRun.run("cert", "--out", crt.toString(), "--key-out", key.toString(), "--host", "localhost")
                .awaitExit()).isZero();
        assertThat(Files.readString(crt)).doesNotContain("PRIVATE KEY");
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--tls-cert", crt.toString(),
                "--tls-key", key.toString())) {
            int port = serve.awaitListeningPort();
            assertThat(echoOnce("wss://localhost:" + port + "/echo", "--cacert", crt.toString())).isEqualTo("over tls");
            serve.stopServer();
        }
    }

    @Test
    void aMissingCertificateIsAClearFailure() {
        CommandRun serve = CommandRun.run("serve", "--port", "0", "--tls-cert", dir.resolve("none.pem").toString());
        assertThat(serve.awaitExit()).isEqualTo(1);
        assertThat(serve.err.text()).contains("cannot use the TLS certificate");
    }

    /** Sends one line with {@code duplex connect} and returns the printed echo. */
    private static String echoOnce(String url, String... tlsOptions) throws Exception {
        PipedOutputStream stdin = new PipedOutputStream();
        String[] args = new String[tlsOptions.length + 2];
        args[0] = "connect";
        System.arraycopy(tlsOptions, 0, args, 1, tlsOptions.length);
        args[args.length - 1] = url;
        CommandRun connect = CommandRun.start(new PipedInputStream(stdin), args);
        stdin.write("over tls\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        connect.out.awaitLine(Pattern.compile("^over tls$"), CommandRun.TIMEOUT);
        stdin.close();
        assertThat(connect.awaitExit()).as("stderr: %s", connect.err.text()).isZero();
        return connect.out.text().trim();
    }
}
