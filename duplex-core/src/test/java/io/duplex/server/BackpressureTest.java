package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/** A peer that reads nothing cannot make the server's memory grow without bound. */
class BackpressureTest {

    static final int MIB = 1 << 20;

    @Test
    void sendsAnswerBackpressureThenDroppedAndTheBufferStaysBounded() throws Exception {
        CompletableFuture<List<SendResult>> results = new CompletableFuture<>();
        CompletableFuture<Long> bufferedAtEnd = new CompletableFuture<>();
        try (WebSocketServer server = WebSocketServer.builder().loops(1)
                .highWaterMark(MIB).maxBufferedAmount(4L * MIB)
                .endpoint("/ws", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        // 256 MiB in 256 KiB messages offered to a peer that never reads: far past any
                        // socket buffer, and small enough that the first ones stay under the mark.
                        List<SendResult> seen = new ArrayList<>();
                        ByteBuffer message = ByteBuffer.allocate(MIB / 4).asReadOnlyBuffer();
                        for (int i = 0; i < 1024; i++) {
                            seen.add(ws.sendBinary(message.duplicate()));
                        }
                        bufferedAtEnd.complete(ws.bufferedAmount());
                        results.complete(seen);
                    }
                }).start();
             Socket mute = TimeoutsTest.rawUpgrade(server.port())) {
            List<SendResult> seen = results.get(20, TimeUnit.SECONDS);
            assertThat(seen).startsWith(SendResult.SENT);
            assertThat(seen).contains(SendResult.BACKPRESSURE);
            assertThat(seen).endsWith(SendResult.DROPPED);
            // Once dropping starts, nothing more is accepted until the peer reads.
            assertThat(seen.subList(seen.indexOf(SendResult.DROPPED), seen.size())).containsOnly(SendResult.DROPPED);
            assertThat(bufferedAtEnd.get()).isLessThanOrEqualTo(4L * MIB + 64); // frame headers on top
        }
    }
}
