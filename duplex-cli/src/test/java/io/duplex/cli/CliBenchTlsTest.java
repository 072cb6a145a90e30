package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duplex bench} over {@code wss://} (a {@code duplex cert} certificate, trusted with
 * {@code --cacert}) and its handshake mode, plain and over TLS, against an in-process
 * {@code duplex serve}: short runs only.
 */
class CliBenchTlsTest {

    @TempDir
    static Path dir;

    private static Path pem;

    @BeforeAll
    static void certificate() {
        pem = dir.resolve("localhost.pem");
        CommandRun cert = CommandRun.run("cert", "--out", pem.toString());
        assertThat(cert.awaitExit()).as("stderr: %s", cert.err.text()).isZero();
    }

    @Test
    void handshakesOverPlainWebSocket() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1")) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "--handshakes",
                    "--concurrency", "4", "--warmup", "200ms", "--duration", "1s");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            String line = resultLine(bench, "handshake");
            assertThat(number(line, "conn_per_s")).isGreaterThan(0);
            assertThat(number(line, "conns")).isGreaterThan(0);
            assertThat(number(line, "errors")).isZero();
            assertThat(line).contains(" concurrency=4 tls=0 compression=0 ").endsWith(" extensions=\"\"");
            assertThat(bench.out.text()).contains("bench phase=warmup concurrency=4", "bench phase=measure",
                    "bench phase=drain");
            assertThat(bench.err.text()).contains("connections/s opened and closed", "(TCP, upgrade)");
            serve.stopServer();
        }
    }

    @Test
    void handshakesOverTlsTrustingTheCertificate() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1", "--tls-cert", pem.toString())) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "wss://localhost:" + port + "/echo", "--cacert", pem.toString(),
                    "--handshakes", "--concurrency", "4", "--warmup", "200ms", "--duration", "1s");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            String line = resultLine(bench, "handshake");
            assertThat(number(line, "conn_per_s")).isGreaterThan(0);
            assertThat(number(line, "errors")).isZero();
            assertThat(line).contains(" tls=1 ");
            assertThat(bench.err.text()).contains("(TCP, TLS, upgrade)").doesNotContain("--insecure");
            serve.stopServer();
        }
    }

    @Test
    void handshakesWithCompressionCheckEveryConnection() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1")) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "--handshakes",
                    "--compression", "--concurrency", "2", "--warmup", "0s", "--duration", "500ms");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            String line = resultLine(bench, "handshake");
            assertThat(number(line, "errors")).isZero();
            assertThat(line).contains(" compression=1 ").endsWith(" extensions=\"permessage-deflate\"");
            serve.stopServer();
        }
    }

    @Test
    void echoOverTls() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1", "--tls-cert", pem.toString())) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "wss://127.0.0.1:" + port + "/echo", "--cacert", pem.toString(),
                    "-c", "4", "-d", "8", "--size", "64", "--warmup", "200ms", "--duration", "800ms");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            String line = resultLine(bench, "echo");
            assertThat(number(line, "msgs_per_s")).isGreaterThan(0);
            assertThat(number(line, "errors")).isZero();
            assertThat(line).contains(" size=64 ", " compression=0 ");
            assertThat(bench.err.text()).contains("connections open to wss://127.0.0.1:" + port);
            serve.stopServer();
        }
    }

    @Test
    void idleOverTlsWithoutCheckingSaysSo() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1", "--tls-cert", pem.toString())) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "wss://127.0.0.1:" + port + "/echo", "--insecure",
                    "--idle", "3", "--size", "64", "--hold", "100ms");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            assertThat(bench.out.text()).containsPattern("bench mode=idle conns=3 open=3 failed=0 closed=3 .* errors=0 ");
            assertThat(bench.err.text()).contains("--insecure: the server's certificate is not checked");
            serve.stopServer();
        }
    }

    @Test
    void anUntrustedCertificateFailsAtTheFirstConnection() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1", "--tls-cert", pem.toString())) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "wss://localhost:" + port + "/echo", "--handshakes",
                    "--duration", "1s");
            assertThat(bench.awaitExit()).isEqualTo(1);
            assertThat(bench.err.text()).startsWith("duplex bench: cannot connect to wss://localhost:" + port + "/echo: ")
                    .contains("TLS handshake");
            assertThat(bench.out.text()).doesNotContain("bench mode=");
            serve.stopServer();
        }
    }

    @Test
    void nobodyListeningInHandshakeModeFailsWithExit1() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "--handshakes", "--duration", "1s");
        assertThat(bench.awaitExit()).isEqualTo(1);
        assertThat(bench.err.text()).startsWith("duplex bench: cannot connect to ws://127.0.0.1:" + port + "/echo: ");
    }

    @Test
    void badTlsAndHandshakeOptions() {
        String url = "wss://127.0.0.1:9/echo";
        assertThat(CommandRun.run("bench", url, "--cacert", pem.toString(), "--insecure").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--handshakes", "--idle", "3").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--handshakes", "--concurrency", "0").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--handshakes", "--duration", "0s").awaitExit()).isEqualTo(2);
        CommandRun missing = CommandRun.run("bench", url, "--cacert", dir.resolve("none.pem").toString());
        assertThat(missing.awaitExit()).isEqualTo(1);
        assertThat(missing.err.text()).startsWith("duplex bench: cannot read --cacert ");
        CommandRun help = CommandRun.run("bench", "--help");
        assertThat(help.awaitExit()).isZero();
        assertThat(help.out.text()).contains("--handshakes", "--concurrency", "--cacert", "--insecure");
    }

    private static String resultLine(CommandRun bench, String mode) {
        Matcher m = Pattern.compile("^bench mode=" + mode + " .*", Pattern.MULTILINE).matcher(bench.out.text());
        assertThat(m.find()).as("a result line in: %s", bench.out.text()).isTrue();
        return m.group();
    }

    private static double number(String line, String key) {
        Matcher m = Pattern.compile(" " + key + "=([0-9.]+) ").matcher(line);
        assertThat(m.find()).as("%s in %s", key, line).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
