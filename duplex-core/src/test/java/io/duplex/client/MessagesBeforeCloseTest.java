package io.duplex.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.interop.EchoEndpoint;
import io.duplex.server.WebSocketServer;

/**
 * What a peer sent before its Close is handled before the Close is answered (RFC 6455 section
 * 5.5.1: an endpoint may finish sending its current data before its Close): messages that arrive in
 * the same read as the Close are echoed, and the echoes precede the answering Close on the wire.
 */
class MessagesBeforeCloseTest {

    static final EchoEndpoint echo = new EchoEndpoint();
    static WebSocketServer server;

    @BeforeAll
    static void start() throws Exception {
        server = echo.startServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void echoesOfMessagesThatArriveWithTheCloseGoOutBeforeTheAnsweringClose() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Two masked texts ("Hi" and "Yo", key 0) and a masked Close 1000, in one write.
            out.write(HexFormat.of().parseHex("818200000000" + "4869" + "818200000000" + "596f"
                    + "888200000000" + "03e8"));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes(); // the server closes TCP after the close handshake
            String response = new String(all, StandardCharsets.ISO_8859_1);
            int body = response.indexOf("\r\n\r\n") + 4;
            assertThat(HexFormat.of().formatHex(all, body, all.length)).isEqualTo("81024869" + "8102596f" + "880203e8");
        }
    }

    @Test
    void ourClientReceivesTheEchoesOfWhatItSentJustBeforeItsClose() throws Exception {
        try (WebSocketClient client = WebSocketClient.builder().build()) {
            ClientServerTest.Recorder r = new ClientServerTest.Recorder();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + EchoEndpoint.PATH), r)
                    .get(20, TimeUnit.SECONDS);
            ws.sendText("one");
            ws.sendText("two");
            ws.close(1000, "bye");
            assertThat(r.closed.get(20, TimeUnit.SECONDS)).startsWith("1000");
            assertThat(r.received).containsExactly("one", "two");
        }
    }
}
