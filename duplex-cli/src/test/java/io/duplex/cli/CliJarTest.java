package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.server.WebSocketServer;

/**
 * The real shaded jar in its own JVM, as the README and the benchmark runner start it. The build runs
 * this class in the package phase, once {@code duplex.jar} is made, and says so in
 * {@code duplex.jar.ready} (see the jar-test execution in the pom).
 */
@EnabledIfSystemProperty(named = "duplex.jar.ready", matches = "true",
        disabledReason = "runs in the package phase, on the shaded jar (surefire execution jar-test)")
class CliJarTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A {@code java -jar duplex.jar ...} process; its stdout and stderr together, captured. */
    private static final class JarProcess implements AutoCloseable {
        final CapturedOutput output = new CapturedOutput();
        final Process process;

        JarProcess(String... args) throws IOException {
            String jar = System.getProperty("duplex.jar");
            assertThat(jar).as("system property duplex.jar, set by the build").isNotNull();
            assertThat(Path.of(jar)).as("the shaded jar").isRegularFile();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread pump = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(output);
                } catch (IOException e) {
                    // the process is gone; what it wrote is in output
                }
            }, "pump " + String.join(" ", args));
            pump.setDaemon(true);
            pump.start();
        }

        /** @return the exit code, once the process has ended by itself within the timeout */
        int awaitExit() throws InterruptedException {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("the process did not end within " + TIMEOUT + "; output:\n" + output.text());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void serveRunsFromTheJarAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<h1>duplex</h1>\n");
        try (JarProcess serve = new JarProcess("serve", "--port", "0", "--static", dir.toString())) {
            int port = Integer.parseInt(serve.output.awaitLine(
                    Pattern.compile("^duplex serve: listening on ws://127\\.0\\.0\\.1:(\\d+) \\(/echo, /bcast; static files from "),
                    TIMEOUT).group(1));
            assertThat(port).isPositive();

            JdkPeer echo = JdkPeer.connect("ws://127.0.0.1:" + port + "/echo");
            echo.ws.sendText("text stays text", true).get(30, TimeUnit.SECONDS);
            assertThat(echo.next()).isEqualTo("text stays text");
            echo.ws.sendBinary(ByteBuffer.wrap(new byte[] {7, 8, 9}), true).get(30, TimeUnit.SECONDS);
            assertThat(echo.next()).isEqualTo(new byte[] {7, 8, 9});
            echo.close();

            JdkPeer a = CliServeTest.joinBroadcast(port, "a");
            JdkPeer b = CliServeTest.joinBroadcast(port, "b");
            assertThat(a.next()).isEqualTo("b-ready");
            b.ws.sendText("from b", true).get(30, TimeUnit.SECONDS);
            assertThat(a.next()).isEqualTo("from b");
            assertThat(b.next()).isEqualTo("from b");

            HttpResponse<String> page = CliServeTest.get(port, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("<h1>duplex</h1>\n");

            // SIGTERM: the shutdown hook closes the server. (Through the ProcessHandle: Process.destroy()
            // would also close our end of the process's stdout, before its last line is read.)
            assertThat(serve.process.toHandle().destroy()).isTrue();
            int code = serve.awaitExit();
            serve.output.awaitLine(Pattern.compile("^duplex serve: stopped$"), TIMEOUT);
            assertThat(code).as("128 + SIGTERM").isEqualTo(143);
            // the server's Close reached the open connections
            assertThat(a.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(b.closed.get(30, TimeUnit.SECONDS)).isEqualTo(1001);
        }
    }

    @Test
    void connectEchoRunsFromTheJar() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        WebSocketListener script = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}));
                ws.sendText("and back");
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                received.add(b);
            }

            @Override
            public void onText(WebSocket ws, String text) {
                received.add(text);
                ws.close(1000, "");
            }
        };
        WebSocketServer server = WebSocketServer.builder().port(0).loops(1).endpoint("/s", script).start();
        try (JarProcess connect = new JarProcess("connect", "--echo", "ws://127.0.0.1:" + server.port() + "/s")) {
            assertThat(connect.awaitExit()).as("output: %s", connect.output.text()).isZero();
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo(new byte[] {1, 2});
            assertThat(received.poll(30, TimeUnit.SECONDS)).isEqualTo("and back");
        } finally {
            server.close();
        }
    }

    @Test
    void helpVersionAndUsageErrorsFromTheJar() throws Exception {
        try (JarProcess version = new JarProcess("--version")) {
            assertThat(version.awaitExit()).isZero();
            version.output.awaitLine(Pattern.compile("^duplex \\d+\\.\\d+\\.\\d+"), TIMEOUT);
        }
        try (JarProcess usage = new JarProcess("connect", "--header", "oops", "ws://127.0.0.1:9/")) {
            assertThat(usage.awaitExit()).isEqualTo(2);
            usage.output.awaitLine(Pattern.compile("--header"), TIMEOUT);
        }
    }
}
