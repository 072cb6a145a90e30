package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** Help, version and usage errors: everything decided before a socket is opened. */
class CliUsageTest {

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CommandRun r = CommandRun.run("--help");
        assertThat(r.awaitExit()).isZero();
        assertThat(r.out.text()).contains("serve", "connect", "Exit codes:", "0 ", "1 ", "2 ", "3 ");
    }

    @Test
    void eachCommandHasHelpWithItsExitCodes() {
        for (String command : new String[] {"serve", "demo", "connect"}) {
            CommandRun r = CommandRun.run(command, "--help");
            assertThat(r.awaitExit()).isZero();
            assertThat(r.out.text()).contains("Usage: duplex " + command, "Exit codes:");
        }
        assertThat(CommandRun.run("serve", "--help").out.text()).contains("--port", "--host", "--static",
                "--max-message", "--loops", "--broker");
        assertThat(CommandRun.run("demo", "--help").out.text()).contains("--port", "--host", "--broker",
                "--tls-cert", "/chat.html", "/counter.html", "/ticker.html");
        assertThat(CommandRun.run("connect", "--help").out.text()).contains("--subprotocol", "--header", "--echo");
    }

    @Test
    void versionIsTheBuildsVersion() {
        CommandRun r = CommandRun.run("--version");
        assertThat(r.awaitExit()).isZero();
        assertThat(r.out.text()).containsPattern("^duplex \\d+\\.\\d+\\.\\d+").doesNotContain("unknown", "${");
    }

    @Test
    void noCommandIsAUsageError() {
        CommandRun r = CommandRun.run();
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err.text()).contains("Missing required subcommand", "duplex --help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NoColon", ": no name", "Two Words: x", "X-Ctl: a\u0001b"})
    void malformedHeaderIsAUsageError(String header) {
        CommandRun r = CommandRun.run("connect", "--header", header, "ws://127.0.0.1:9/echo");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err.text()).contains("--header", "duplex connect --help");
    }

    @Test
    void headerTheHandshakeWritesItselfIsAUsageError() {
        CommandRun r = CommandRun.run("connect", "-H", "Sec-WebSocket-Key: abc", "ws://127.0.0.1:9/echo");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err.text()).contains("Sec-WebSocket-Key");
    }

    @Test
    void subprotocolThatIsNotATokenIsAUsageError() {
        CommandRun r = CommandRun.run("connect", "--subprotocol", "a b", "ws://127.0.0.1:9/echo");
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err.text()).contains("subprotocol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "https://127.0.0.1/", "127.0.0.1:8080", "ws://", "wss://", "ws://h/#frag", "ws://a b"})
    void urlThatIsNotWsIsAUsageError(String url) {
        CommandRun r = CommandRun.run("connect", url);
        assertThat(r.awaitExit()).isEqualTo(2);
        assertThat(r.err.text()).contains("URL");
    }

    @Test
    void serveChecksItsOptions(@TempDir Path dir) {
        assertThat(CommandRun.run("serve", "--port", "65536").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("serve", "--port", "x").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("serve", "--loops", "0").awaitExit()).isEqualTo(2);
        assertThat(CommandRun.run("serve", "--max-message", "lots").awaitExit()).isEqualTo(2);
        CommandRun missing = CommandRun.run("serve", "--port", "0", "--static", dir.resolve("missing").toString());
        assertThat(missing.awaitExit()).isEqualTo(2);
        assertThat(missing.err.text()).contains("not a directory");
        assertThat(missing.out.text()).doesNotContain("listening");
    }

    @Test
    void aBrokerMustBeARedisUri() {
        for (String command : new String[] {"serve", "demo"}) {
            for (String uri : new String[] {"localhost:6379", "http://127.0.0.1:6379", "redis://", "redis:// x"}) {
                CommandRun r = CommandRun.run(command, "--port", "0", "--broker", uri);
                assertThat(r.awaitExit()).as(command + " --broker " + uri).isEqualTo(2);
                assertThat(r.err.text()).contains("--broker");
                assertThat(r.out.text()).doesNotContain("listening");
            }
        }
    }

    @Test
    void anUnreachableBrokerExitsWith1AndSaysWhere() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        for (String command : new String[] {"serve", "demo"}) {
            CommandRun r = CommandRun.run(command, "--port", "0", "--broker", "redis://127.0.0.1:" + closedPort);
            assertThat(r.awaitExit()).as(command).isEqualTo(1);
            assertThat(r.err.text()).startsWith("duplex " + command + ": cannot reach the broker")
                    .contains("127.0.0.1:" + closedPort);
            assertThat(r.out.text()).doesNotContain("listening");
        }
    }

    @Test
    void byteSizesTakeBinarySuffixes() {
        ServeCommand.ByteSizeConverter c = new ServeCommand.ByteSizeConverter();
        assertThat(c.convert("65536")).isEqualTo(65536L);
        assertThat(c.convert("64k")).isEqualTo(64L << 10);
        assertThat(c.convert("16M")).isEqualTo(16L << 20);
        assertThat(c.convert("2g")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> c.convert("0")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> c.convert("-1k")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> c.convert("k")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @Test
    void headersParseNameColonValue() {
        ConnectCommand.HeaderConverter c = new ConnectCommand.HeaderConverter();
        assertThat(c.convert("Authorization: Bearer a:b")).isEqualTo(new ConnectCommand.Header("Authorization", "Bearer a:b"));
        assertThat(c.convert("X-Empty:")).isEqualTo(new ConnectCommand.Header("X-Empty", ""));
        assertThat(c.convert("Origin:http://x")).isEqualTo(new ConnectCommand.Header("Origin", "http://x"));
    }

    @Test
    void binaryMessagesAreSummedUpInHex() {
        assertThat(ConnectCommand.describe(ByteBuffer.allocate(0))).isEqualTo("<binary 0 bytes>");
        assertThat(ConnectCommand.describe(ByteBuffer.wrap(new byte[] {(byte) 0xff}))).isEqualTo("<binary 1 byte: ff>");
        byte[] twenty = new byte[20];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = (byte) i;
        }
        assertThat(ConnectCommand.describe(ByteBuffer.wrap(twenty)))
                .isEqualTo("<binary 20 bytes: 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f ...>");
    }
}
