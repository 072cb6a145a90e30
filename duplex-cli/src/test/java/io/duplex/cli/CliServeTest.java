package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duplex serve} in-process, against the JDK's WebSocket and HTTP clients. */
class CliServeTest {

    @Test
    void echoSendsEachMessageBackAsItCame() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "2")) {
            int port = serve.awaitListeningPort();
            assertThat(serve.out.text())
                    .startsWith("duplex serve: listening on ws://127.0.0.1:" + port + " (/echo, /bcast; permessage-deflate; topics on this node only)");

            JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/echo");
            peer.ws.sendText("héllo €", true).get(30, TimeUnit.SECONDS);
            assertThat(peer.next()).isEqualTo("héllo €");
            byte[] data = new byte[70_000];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            peer.ws.sendBinary(ByteBuffer.wrap(data), true).get(30, TimeUnit.SECONDS);
            assertThat(peer.next()).isEqualTo(data);
            peer.ws.sendBinary(ByteBuffer.allocate(0), true).get(30, TimeUnit.SECONDS);
            assertThat(peer.next()).isEqualTo(new byte[0]);
            peer.close();

            serve.stopServer();
        }
    }

    @Test
    void compressionIsAcceptedByDefaultAndCanBeWithoutContextTakeoverOrOff() throws Exception {
        String[][] cases = {
            {"", "permessage-deflate"},
            {"--no-context-takeover", "permessage-deflate; server_no_context_takeover; client_no_context_takeover"},
            {"--no-compression", ""}};
        for (String[] c : cases) {
            String[] args = c[0].isEmpty() ? new String[] {"serve", "--port", "0"} : new String[] {"serve", "--port", "0", c[0]};
            try (CommandRun serve = CommandRun.start(args);
                 io.duplex.client.WebSocketClient client = io.duplex.client.WebSocketClient.builder().build()) {
                int port = serve.awaitListeningPort();
                java.util.concurrent.CompletableFuture<String> echo = new java.util.concurrent.CompletableFuture<>();
                io.duplex.WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                        new io.duplex.WebSocketListener() {
                            @Override
                            public void onText(io.duplex.WebSocket w, String text) {
                                echo.complete(text);
                            }
                        }, io.duplex.client.ConnectOptions.defaults().compression(true)).get(30, TimeUnit.SECONDS);
                assertThat(ws.extensions()).as("with %s", c[0]).isEqualTo(c[1]);
                String json = "{\"n\":1,\"text\":\"repeat repeat repeat repeat\"}".repeat(10);
                ws.sendText(json);
                assertThat(echo.get(30, TimeUnit.SECONDS)).isEqualTo(json);
                ws.close(1000, "");
                serve.stopServer();
            }
        }
    }

    @Test
    void broadcastReachesEveryClientTheSenderIncluded() throws Exception {
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--loops", "2")) {
            int port = serve.awaitListeningPort();
            JdkPeer a = joinBroadcast(port, "a");
            JdkPeer b = joinBroadcast(port, "b");
            assertThat(a.next()).as("b's marker reaches a, already a member").isEqualTo("b-ready");

            a.ws.sendText("to all", true).get(30, TimeUnit.SECONDS);
            assertThat(a.next()).isEqualTo("to all");
            assertThat(b.next()).isEqualTo("to all");
            b.ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(30, TimeUnit.SECONDS);
            assertThat(a.next()).isEqualTo(new byte[] {1, 2, 3});
            assertThat(b.next()).isEqualTo(new byte[] {1, 2, 3});

            a.close();
            b.ws.sendText("only b", true).get(30, TimeUnit.SECONDS);
            assertThat(b.next()).isEqualTo("only b");
            assertThat(a.messages).isEmpty();
            b.close();
            serve.stopServer();
        }
    }

    /**
     * Connects to /bcast and sends a marker, waiting for it to come back: then the connection is a
     * member (the server adds it in onOpen, which runs before any of its input is handled).
     */
    static JdkPeer joinBroadcast(int port, String name) throws Exception {
        JdkPeer peer = JdkPeer.connect("ws://127.0.0.1:" + port + "/bcast");
        peer.ws.sendText(name + "-ready", true).get(30, TimeUnit.SECONDS);
        assertThat(peer.next()).isEqualTo(name + "-ready");
        return peer;
    }

    @Test
    void otherPathsServeStaticFilesOr404(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hello, file\n");
        try (CommandRun serve = CommandRun.start("serve", "--port", "0", "--static", dir.toString())) {
            int port = serve.awaitListeningPort();
            assertThat(serve.out.text()).contains("static files from " + dir.toAbsolutePath().normalize());
            HttpResponse<String> file = get(port, "/hello.txt");
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("hello, file\n");
            assertThat(get(port, "/missing.txt").statusCode()).isEqualTo(404);
            serve.stopServer();
        }
        try (CommandRun bare = CommandRun.start("serve", "--port", "0")) {
            int port = bare.awaitListeningPort();
            assertThat(get(port, "/hello.txt").statusCode()).isEqualTo(404);
            bare.stopServer();
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        return JdkPeer.HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void portInUseExitsWith1AndAMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CommandRun serve = CommandRun.run("serve", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(serve.awaitExit()).isEqualTo(1);
            assertThat(serve.err.text())
                    .startsWith("duplex serve: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(serve.out.text()).isEmpty();
        }
    }

    @Test
    void unknownHostExitsWith1() {
        CommandRun serve = CommandRun.run("serve", "--host", "no-such-host.invalid", "--port", "0");
        assertThat(serve.awaitExit()).isEqualTo(1);
        assertThat(serve.err.text()).contains("cannot listen on no-such-host.invalid");
    }
}
