package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/**
 * Messages and the peer's Close in one read: each message is answered before the Close is (RFC 6455
 * section 5.5.1 lets an endpoint finish what it is sending before its Close).
 */
class CloseOrderingTest {

    @Test
    void echoesOfMessagesThatArriveWithTheCloseAreNotLost() throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        try (WebSocketServer server = WebSocketServer.builder().loops(1).endpoint("/ws", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                closed.complete(code + " " + reason);
            }
        }).start(); Socket s = TimeoutsTest.rawUpgrade(server.port())) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (char c : "abcd".toCharArray()) {
                frames.write(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, (byte) c});
            }
            frames.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
            s.getOutputStream().write(frames.toByteArray()); // one write: one read on the server

            InputStream in = s.getInputStream();
            for (char c : "abcd".toCharArray()) {
                assertThat(in.readNBytes(3)).containsExactly(0x81, 1, c);
            }
            assertThat(in.readNBytes(4)).containsExactly(0x88, 2, 0x03, 0xE8);
            assertThat(in.read()).isEqualTo(-1); // the server closes TCP after the handshake
        }
        assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo("1000 ");
    }
}
