package io.duplex.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/**
 * A client connection that records what it receives, in order: text as {@link String}, binary as
 * {@link Binary} (compared by content, printed as hex).
 */
final class Member implements WebSocketListener {

    /** A binary message's bytes, as hex. */
    record Binary(String hex) {
        static Binary of(byte... bytes) {
            return new Binary(HexFormat.of().formatHex(bytes));
        }
    }

    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    volatile WebSocket ws;

    @Override
    public void onText(WebSocket w, String text) {
        received.add(text);
    }

    @Override
    public void onBinary(WebSocket w, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.add(Binary.of(bytes));
    }

    /** @return the next message, waiting up to the timeout, or null */
    Object poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the next message, which must come within 20 s */
    Object next() throws InterruptedException {
        Object m = poll(Eventually.DEFAULT);
        assertThat(m).as("a message within " + Eventually.DEFAULT).isNotNull();
        return m;
    }

    /** @return the next message, which must be text */
    String nextText() throws InterruptedException {
        Object m = next();
        assertThat(m).as("a text message").isInstanceOf(String.class);
        return (String) m;
    }

    /** @return the next n messages, each within 20 s */
    List<Object> next(int n) throws InterruptedException {
        List<Object> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            messages.add(next());
        }
        return messages;
    }

    /** @return how many messages are waiting to be taken */
    int waiting() {
        return received.size();
    }
}
