package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code duplex bench} in-process, against an in-process {@code duplex serve}: short runs only. */
class CliBenchTest {

    private static final Pattern RESULT = Pattern.compile("^bench mode=echo .*", Pattern.MULTILINE);

    @Test
    void echoWithCompressionMeasuresAndAgreesPermessageDeflate() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1")) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "--compression",
                    "--connections", "2", "--depth", "4", "--size", "4096", "--payload", "json",
                    "--warmup", "200ms", "--duration", "800ms");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            String line = resultLine(bench);
            assertThat(number(line, "msgs_per_s")).isGreaterThan(0);
            assertThat(number(line, "errors")).isZero();
            assertThat(line).contains(" compression=1 ", " payload=json type=text ", " size=4096 ")
                    .endsWith(" extensions=\"permessage-deflate\"");
            assertThat(bench.out.text()).contains("bench phase=warmup connections=2", "bench phase=measure",
                    "bench phase=drain");
            assertThat(bench.err.text()).contains("msg/s", "extensions: permessage-deflate");
            serve.stopServer();
        }
    }

    @Test
    void echoWithoutCompressionAgreesNoExtensionAndChecksBinary() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1")) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "-c", "2", "-d", "2",
                    "--size", "1k", "--payload", "random", "--binary", "--warmup", "0s", "--duration", "800ms");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            String line = resultLine(bench);
            assertThat(number(line, "msgs_per_s")).isGreaterThan(0);
            assertThat(number(line, "errors")).isZero();
            assertThat(line).contains(" compression=0 ", " type=binary ").endsWith(" extensions=\"\"");
            serve.stopServer();
        }
    }

    @Test
    void compressionTheServerDeclinesFailsAndSaysWhatWasAgreed() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--no-compression")) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "--compression",
                    "-c", "3", "--duration", "1s");
            assertThat(bench.awaitExit()).isEqualTo(1);
            assertThat(bench.err.text()).contains("did not agree to permessage-deflate", "extensions: \"\"");
            assertThat(bench.out.text()).doesNotContain("bench mode=");
            serve.stopServer();
        }
    }

    @Test
    void idleModeHoldsTheConnectionsAndClosesThemCleanly() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "1")) {
            int port = serve.awaitListeningPort();
            CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "--idle", "5",
                    "--compression", "--hold", "100ms", "--ramp", "2");
            assertThat(bench.awaitExit()).as("stderr: %s", bench.err.text()).isZero();
            assertThat(bench.out.text())
                    .contains("bench phase=ready open=5 failed=0 extensions=\"permessage-deflate\"",
                            "bench phase=closing")
                    .containsPattern("bench mode=idle conns=5 open=5 failed=0 closed=5 .* errors=0 ");
            serve.stopServer();
        }
    }

    @Test
    void nobodyListeningFailsWithExit1() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CommandRun bench = CommandRun.run("bench", "ws://127.0.0.1:" + port + "/echo", "-c", "2", "--duration", "1s");
        assertThat(bench.awaitExit()).isEqualTo(1);
        assertThat(bench.err.text()).startsWith("duplex bench: cannot connect to ws://127.0.0.1:" + port + "/echo: ");
    }

    @Test
    void badOptionsAreUsageErrors() {
        String url = "ws://127.0.0.1:9/echo";
        assertThat(CommandRun.run("bench", url, "--payload", "xml").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--duration", "0s").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--warmup", "soon").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--connections", "0").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", url, "--compression-level", "10").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("bench", "http://127.0.0.1:9/").awaitExit()).isEqualTo(2);
        CommandRun help = CommandRun.run("bench", "--help");
        assertThat(help.awaitExit()).isZero();
        assertThat(help.out.text()).contains("Usage: duplex bench", "--idle", "--hold", "--payload", "Exit codes:");
    }

    @Test
    void durationsTakeUnits() {
        CommandLine.ITypeConverter<Duration> c = new BenchCommand.DurationConverter();
        assertThat(convert(c, "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(convert(c, "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(convert(c, "2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(convert(c, "1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(convert(c, "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(convert(c, "0s")).isEqualTo(Duration.ZERO);
    }

    private static Duration convert(CommandLine.ITypeConverter<Duration> c, String text) {
        try {
            return c.convert(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String resultLine(CommandRun bench) {
        Matcher m = RESULT.matcher(bench.out.text());
        assertThat(m.find()).as("a result line in: %s", bench.out.text()).isTrue();
        return m.group();
    }

    private static double number(String line, String key) {
        Matcher m = Pattern.compile(" " + key + "=([0-9.]+) ").matcher(line);
        assertThat(m.find()).as("%s in %s", key, line).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
