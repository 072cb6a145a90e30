package io.duplex.protocol.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * One message sent to many connections (a broadcast, a topic's publish): its payload is encoded to
 * UTF-8 once, kept read-only and shared, and what an extension makes of it without per-connection
 * state (a compressed form where the compressor keeps no history) is made once per distinct key and
 * shared too. Thread-safe: every connection's loop may send it at once.
 */
public final class PreparedMessage {

    /** Stands for "the extension chose not to transform it", which the map cannot hold as null. */
    private static final ByteBuffer UNTRANSFORMED = ByteBuffer.allocate(0);

    private final boolean text;
    private final ByteBuffer payload;
    private final ConcurrentHashMap<Object, ByteBuffer> encodings = new ConcurrentHashMap<>(4);

    private PreparedMessage(boolean text, ByteBuffer payload) {
        this.text = text;
        this.payload = payload.asReadOnlyBuffer();
    }

    /**
     * @param text the message
     * @return a text message, its UTF-8 encoded now
     */
    public static PreparedMessage text(String text) {
        return new PreparedMessage(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param data the message, from position to limit; copied, so the caller keeps its buffer
     * @return a binary message
     */
    public static PreparedMessage binary(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        return new PreparedMessage(false, copy);
    }

    /**
     * A message over bytes that are already shared and never change (another node's publish, say):
     * no copy is made.
     *
     * @param text  whether the bytes are a text message (valid UTF-8, as received)
     * @param bytes the payload, from position to limit; the caller must never modify them
     * @return the message
     */
    public static PreparedMessage ofShared(boolean text, ByteBuffer bytes) {
        return new PreparedMessage(text, bytes.slice());
    }

    /** @return whether it is a text message (opcode 1) rather than binary (opcode 2) */
    public boolean isText() {
        return text;
    }

    /** @return the payload, read-only, with its own position */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @return the payload's length in bytes */
    public int length() {
        return payload.remaining();
    }

    /**
     * The payload as an extension transforms it without per-connection state, made on first use for
     * each key and shared by every connection that asks with an equal key.
     *
     * @param key     what determines the result (for permessage-deflate: level and window)
     * @param encoder makes the result from the payload, or returns {@code null} to send it untransformed
     * @return a read-only view of the result, or {@code null} when it is sent untransformed
     */
    public ByteBuffer encoding(Object key, UnaryOperator<ByteBuffer> encoder) {
        Objects.requireNonNull(key, "key");
        ByteBuffer shared = encodings.computeIfAbsent(key, k -> {
            ByteBuffer made = encoder.apply(payload());
            return made == null ? UNTRANSFORMED : made.asReadOnlyBuffer();
        });
        return shared == UNTRANSFORMED ? null : shared.duplicate();
    }

    /** @return how many distinct encodings were made so far, for tests and metrics */
    public int encodingCount() {
        return encodings.size();
    }
}
