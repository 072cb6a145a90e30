package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.server.WebSocketServer;

/** {@code duplex connect} in-process, against {@code duplex serve}, a WebSocketServer and raw sockets. */
class CliConnectTest {

    @Test
    void stdinLinesGoOutAndRepliesArePrinted() throws Exception {
        PipedOutputStream stdin = new PipedOutputStream(); // closed below: the end of stdin
        try (CommandRun serve = CommandRun.start("serve", "--port", "0")) {
            int port = serve.awaitListeningPort();
            CommandRun connect = CommandRun.start(new PipedInputStream(stdin), "connect",
                    "ws://127.0.0.1:" + port + "/echo");
            // All lines at once, and the end of stdin right after: the echoes of what was sent before
            // our Close still arrive and are printed (RFC 6455 section 7.1.2: data may follow until the
            // server's own Close).
            stdin.write("hello\nwörld €\r\n\nafter an empty line\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            stdin.close(); // end of stdin: Close 1000, then the server's Close ends the command
            assertThat(connect.awaitExit()).as("stderr: %s", connect.err.text()).isZero();
            assertThat(connect.out.text()).isEqualTo("hello\nwörld €\n\nafter an empty line\n");
            assertThat(connect.err.text()).contains("connected to ws://127.0.0.1:" + port + "/echo", "closed (1000)");
            serve.stopServer();
        }
    }

    @Test
    void echoModeSendsEveryMessageBackUntilTheServerCloses() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> subprotocol = new CompletableFuture<>();
        byte[] binary = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        WebSocketListener script = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                subprotocol.complete(String.valueOf(ws.subprotocol()));
                ws.sendText("héllo");
                ws.sendBinary(ByteBuffer.wrap(binary.clone()));
                ws.sendText("");
            }

            @Override
            public void onText(WebSocket ws, String text) {
                received.add(text);
                if (text.isEmpty()) { // the last of the three came back
                    ws.close(1000, "done");
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                received.add(b);
            }
        };
        WebSocketServer server = WebSocketServer.builder().port(0).loops(1).endpoint("/script", script, "chat").start();
        try {
            CommandRun connect = CommandRun.start("connect", "--echo", "--subprotocol", "other", "-s", "chat",
                    "ws://127.0.0.1:" + server.port() + "/script");
            assertThat(connect.awaitExit()).as("stderr: %s", connect.err.text()).isZero();
            assertThat(subprotocol.get(30, TimeUnit.SECONDS)).isEqualTo("chat");
            assertThat(List.of(next(received), next(received), next(received))).containsExactly("héllo", binary, "");
            assertThat(connect.out.text()).isEmpty();
            assertThat(connect.err.text()).contains("(subprotocol chat)", "closed (1000 done)");
        } finally {
            server.close();
        }
    }

    private static Object next(BlockingQueue<Object> q) throws InterruptedException {
        Object m = q.poll(30, TimeUnit.SECONDS);
        assertThat(m).as("a message within 30 s").isNotNull();
        return m;
    }

    @Test
    void messagesFromTheServerArePrintedBinaryInHex() throws Exception {
        byte[] twenty = new byte[20];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = (byte) (0xa0 + i);
        }
        WebSocketListener script = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.sendText("first");
                ws.sendBinary(ByteBuffer.wrap(twenty));
                ws.sendText("multi\nline");
                ws.close(1001, "bye");
            }
        };
        WebSocketServer server = WebSocketServer.builder().port(0).loops(1).endpoint("/script", script).start();
        try (PipedOutputStream keepOpen = new PipedOutputStream()) {
            // stdin stays open: the server's Close ends the command, not the end of stdin
            CommandRun connect = CommandRun.start(new PipedInputStream(keepOpen), "connect",
                    "ws://127.0.0.1:" + server.port() + "/script");
            assertThat(connect.awaitExit()).as("stderr: %s", connect.err.text()).isZero();
            assertThat(connect.out.text()).isEqualTo("first\n"
                    + "<binary 20 bytes: a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af ...>\n"
                    + "multi\nline\n");
            assertThat(connect.err.text()).contains("closed (1001 bye)");
        } finally {
            server.close();
        }
    }

    @Test
    void stopRequestClosesWith1000() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0");
             PipedOutputStream stdin = new PipedOutputStream()) {
            int port = serve.awaitListeningPort();
            CommandRun connect = CommandRun.start(new PipedInputStream(stdin), "connect",
                    "ws://127.0.0.1:" + port + "/echo");
            connect.err.awaitLine(Pattern.compile("connected to"), CommandRun.TIMEOUT);
            stdin.write("before the signal\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            connect.out.awaitLine(Pattern.compile("before the signal"), CommandRun.TIMEOUT);
            connect.io.requestStop(); // what SIGINT does
            assertThat(connect.awaitExit()).as("stderr: %s", connect.err.text()).isZero();
            assertThat(connect.err.text()).contains("closed (1000)");
            serve.stopServer();
        }
    }

    @Test
    void unknownPathFailsWith404() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0")) {
            int port = serve.awaitListeningPort();
            for (String mode : new String[] {"--echo", "--subprotocol=x"}) {
                CommandRun connect = CommandRun.start("connect", mode, "ws://127.0.0.1:" + port + "/nowhere");
                assertThat(connect.awaitExit()).isEqualTo(1);
                assertThat(connect.err.text())
                        .startsWith("duplex connect: cannot connect to ws://127.0.0.1:" + port + "/nowhere: ")
                        .contains("404");
                assertThat(connect.out.text()).isEmpty();
            }
            serve.stopServer();
        }
    }

    @Test
    void refusedConnectionFailsWith1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        CommandRun connect = CommandRun.run("connect", "ws://127.0.0.1:" + port + "/echo");
        assertThat(connect.awaitExit()).isEqualTo(1);
        assertThat(connect.err.text()).startsWith("duplex connect: cannot connect to ws://127.0.0.1:" + port + "/echo: ")
                .containsIgnoringCase("refused");
    }

    /** A raw server: reads the request head, answers with what the test gives, then does what it says. */
    private static final class RawServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        final CompletableFuture<String> request = new CompletableFuture<>();

        RawServer(Function<String, String> response, boolean dropAfter) throws IOException {
            Thread t = new Thread(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(30_000);
                    String head = readHead(s.getInputStream());
                    request.complete(head);
                    OutputStream out = s.getOutputStream();
                    out.write(response.apply(head).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (!dropAfter) {
                        s.getInputStream().readAllBytes(); // until the client closes
                    }
                } catch (IOException e) {
                    request.completeExceptionally(e);
                }
            }, "raw-server");
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "ws://127.0.0.1:" + socket.getLocalPort() + "/raw?q=1";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        static String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("end of stream in the request head: " + head);
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }

    @Test
    void headersAndSubprotocolsGoIntoTheRequest() throws Exception {
        try (RawServer raw = new RawServer(head -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", true)) {
            CommandRun connect = CommandRun.start("connect", "-H", "Authorization: Bearer a:b", "--header",
                    "X-Empty:", "-s", "chat", "-s", "v2.chat", raw.url());
            assertThat(connect.awaitExit()).isEqualTo(1);
            assertThat(connect.err.text()).contains("403");
            String head = raw.request.get(30, TimeUnit.SECONDS);
            assertThat(head).startsWith("GET /raw?q=1 HTTP/1.1\r\n")
                    .containsIgnoringCase("\r\nAuthorization: Bearer a:b\r\n")
                    .containsIgnoringCase("\r\nX-Empty:")
                    .containsIgnoringCase("\r\nSec-WebSocket-Protocol: chat, v2.chat\r\n");
        }
    }

    @Test
    void connectionDroppedWithoutACloseIsAbnormal() throws Exception {
        try (RawServer raw = new RawServer(CliConnectTest::acceptUpgrade, true)) {
            try (PipedOutputStream keepOpen = new PipedOutputStream()) {
                CommandRun connect = CommandRun.start(new PipedInputStream(keepOpen), "connect", raw.url());
                assertThat(connect.awaitExit()).isEqualTo(3);
                assertThat(connect.err.text()).contains("connected to", "ended abnormally (1006");
            }
        }
    }

    /** A 101 answer to the request head: RFC 6455 section 4.2.2. */
    static String acceptUpgrade(String head) {
        Matcher key = Pattern.compile("(?i)\r\nSec-WebSocket-Key: *([^\r]+)\r\n").matcher(head);
        assertThat(key.find()).isTrue();
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(
                    (key.group(1).trim() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(sha1) + "\r\n\r\n";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
