package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/** The handshake hook: authentication, Origin checks, subprotocol choice, headers and attributes. */
class HandshakeHookTest {

    static WebSocketServer server;

    @BeforeAll
    static void start() throws Exception {
        HandshakeHook hook = request -> {
            if (request.query().orElse("").contains("boom")) {
                throw new IllegalStateException("hook bug");
            }
            if (!request.origin().map(o -> o.equals("http://good.example")).orElse(true)) {
                return HandshakeDecision.reject(403, "origin not allowed");
            }
            String session = request.cookies().get("session");
            String token = request.queryParameter("token").orElse(null);
            if (session == null || !"s3cret".equals(token)) {
                return HandshakeDecision.reject(401, "log in first");
            }
            HandshakeDecision ok = HandshakeDecision.accept()
                    .header("X-Session", session)
                    .attribute("user", request.queryParameter("user").orElse("anonymous"));
            if (request.queryParameter("bad-subprotocol").isPresent()) {
                return ok.subprotocol("never-offered");
            }
            return request.offeredSubprotocols().contains("v2") ? ok.subprotocol("v2") : ok;
        };
        server = WebSocketServer.builder().loops(1).endpoint("/chat", hook, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.sendText("hello " + ws.attribute("user"));
            }
        }, null).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static java.net.http.WebSocket.Builder client(String cookie) {
        java.net.http.WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        return cookie == null ? b : b.header("Cookie", cookie);
    }

    static int rejectedStatus(java.net.http.WebSocket.Builder builder, String query) {
        CompletionException e = (CompletionException) org.assertj.core.api.Assertions.catchThrowable(() -> builder
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat?" + query),
                        new java.net.http.WebSocket.Listener() { }).join());
        assertThat(e).isNotNull();
        assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }

    @Test
    void acceptedWithAttributesAndTheChosenSubprotocol() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = client("theme=dark; session=abc").subprotocols("v1", "v2")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat?token=s3cret&user=J%C3%BCrgen"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence d, boolean last) {
                                got.add(d.toString());
                                return null;
                            }
                        }).join();
        assertThat(ws.getSubprotocol()).isEqualTo("v2");
        assertThat(got.poll(20, TimeUnit.SECONDS)).isEqualTo("hello Jürgen");
        ws.abort();
    }

    @Test
    void addedHeadersAreInThe101() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            String key = Base64.getEncoder().encodeToString(new byte[16]);
            s.getOutputStream().write(("GET /chat?token=s3cret HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nCookie: session=xyz\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String head = SamePortHttpTest.readHead(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("X-Session: xyz\r\n")
                    .doesNotContain("Sec-WebSocket-Protocol");
        }
    }

    @Test
    void unauthenticatedIs401() {
        assertThat(rejectedStatus(client(null), "token=s3cret")).isEqualTo(401);
        assertThat(rejectedStatus(client("session=abc"), "token=wrong")).isEqualTo(401);
    }

    @Test
    void foreignOriginIs403() {
        assertThat(rejectedStatus(client("session=abc").header("Origin", "http://evil.example"), "token=s3cret"))
                .isEqualTo(403);
    }

    @Test
    void aHookThatBreaksTheRulesOrThrowsGives500() {
        assertThat(rejectedStatus(client("session=abc").subprotocols("v1"), "token=s3cret&bad-subprotocol"))
                .isEqualTo(500);
        assertThat(rejectedStatus(client("session=abc"), "boom")).isEqualTo(500);
    }

    @Test
    void rejectionsAreOnly4xxOr5xx() {
        assertThatThrownBy(() -> HandshakeDecision.reject(302, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeDecision.reject(401, "x").header("a", "b"))
                .isInstanceOf(IllegalStateException.class);
    }
}
