package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/** Plain HTTP and WebSocket on one port: files, keep-alive, pipelining, and an upgrade after a request. */
class SamePortHttpTest {

    @TempDir
    static Path www;
    static WebSocketServer server;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(www.resolve("index.html"), "<p>hello</p>");
        server = WebSocketServer.builder().loops(1).staticFiles(www).endpoint("/echo", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }
        }).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jdkHttpClientGetsTheFiles() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<p>hello</p>");
        assertThat(index.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        // The same client reuses its connection: the second request rides the kept-alive socket.
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void pipelinedRequestsThenAnUpgradeOnOneConnection() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        String requests = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            // One write: the requests and, right after the upgrade, a masked text frame "hi", so that the
            // frame arrives in the same read as the upgrade request and must not be lost with the head.
            byte[] head = requests.getBytes(StandardCharsets.US_ASCII);
            byte[] frame = {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'};
            byte[] all = java.util.Arrays.copyOf(head, head.length + frame.length);
            System.arraycopy(frame, 0, all, head.length, frame.length);
            s.getOutputStream().write(all);
            InputStream in = s.getInputStream();
            String first = readHead(in);
            assertThat(first).startsWith("HTTP/1.1 200 ").contains("Content-Length: 12");
            assertThat(new String(in.readNBytes(12), StandardCharsets.UTF_8)).isEqualTo("<p>hello</p>");
            assertThat(readHead(in)).startsWith("HTTP/1.1 200 ").contains("Content-Length: 12");
            assertThat(readHead(in)).startsWith("HTTP/1.1 101 ");
            assertThat(in.readNBytes(4)).containsExactly(0x81, 2, 'h', 'i');
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith("<p>hello</p>");
        }
    }

    @Test
    void http10ClosesAfterTheAnswer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 200 ").endsWith("<p>hello</p>");
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
