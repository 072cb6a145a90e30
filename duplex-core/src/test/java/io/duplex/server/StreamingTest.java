package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/**
 * Messages streamed in fragments by the server (RFC 6455 section 5.4), received by the JDK client,
 * which reports each frame with its {@code last} flag.
 */
class StreamingTest {

    static WebSocketServer server;
    static final byte[] BIG = new byte[5 << 20];

    @BeforeAll
    static void start() throws Exception {
        new Random(5).nextBytes(BIG);
        server = WebSocketServer.builder().loops(1).endpoint("/stream", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("mixed")) {
                    ws.sendTextFragment("unfinished", false);
                    ws.sendBinary(ByteBuffer.allocate(1)); // a whole message inside a streamed one
                } else if (text.equals("binary")) {
                    for (int off = 0; off < BIG.length; off += 1 << 20) {
                        ws.sendBinaryFragment(ByteBuffer.wrap(BIG, off, 1 << 20), off + (1 << 20) >= BIG.length);
                    }
                } else {
                    // "a😀b" cut inside the surrogate pair of the emoji, with a Ping between the parts.
                    ws.sendTextFragment("a\uD83D", false);
                    ws.ping(ByteBuffer.allocate(0));
                    ws.sendTextFragment("\uDE00b", true);
                }
            }
        }).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Collects frames as the JDK client reports them. */
    static class Frames implements java.net.http.WebSocket.Listener {
        final BlockingQueue<Object> whole = new LinkedBlockingQueue<>();
        final List<Boolean> lastFlags = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bytes.write(b, 0, b.length);
            lastFlags.add(last);
            if (last) {
                whole.add(bytes.toByteArray());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                whole.add(text.toString());
            }
            ws.request(1);
            return null;
        }
    }

    @Test
    void aMessageInsideAnUnfinishedStreamClosesWith1011() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        Frames frames = new Frames() {
            @Override
            public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
                closed.complete(code);
                return null;
            }
        };
        java.net.http.WebSocket ws = connect(frames);
        ws.sendText("mixed", true).join();
        assertThat(closed.get(20, TimeUnit.SECONDS)).isEqualTo(1011);
    }

    static java.net.http.WebSocket connect(Frames frames) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/stream"), frames).join();
    }

    @Test
    void binaryStreamedInFragmentsArrivesWhole() throws Exception {
        Frames frames = new Frames();
        java.net.http.WebSocket ws = connect(frames);
        ws.sendText("binary", true).join();
        assertThat((byte[]) frames.whole.poll(20, TimeUnit.SECONDS)).isEqualTo(BIG);
        assertThat(frames.lastFlags).endsWith(true).contains(false); // it came in several frames
        ws.abort();
    }

    @Test
    void textCutInsideASurrogatePairArrivesWhole() throws Exception {
        Frames frames = new Frames();
        java.net.http.WebSocket ws = connect(frames);
        ws.sendText("text", true).join();
        assertThat(frames.whole.poll(20, TimeUnit.SECONDS)).isEqualTo("a\uD83D\uDE00b");
        ws.abort();
    }
}
