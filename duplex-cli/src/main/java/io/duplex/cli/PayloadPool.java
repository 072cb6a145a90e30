package io.duplex.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * The messages a benchmark sends: a fixed pool made once from a fixed seed, every message of the
 * same size, which connections walk through in turn. Several different messages, not one repeated,
 * because with context takeover a compressor that saw the same message a moment ago would send a few
 * bytes of back-reference: the pool holds at least 128 KiB, four deflate windows, so that what a
 * connection sent within its last window is never the message it sends now. Immutable.
 */
final class PayloadPool {

    /** What the messages contain. */
    enum Kind {
        /** Market-data updates in JSON ({@link PayloadGenerator#json}): compressible. */
        JSON,
        /** Noise ({@link PayloadGenerator#random}): incompressible. */
        RANDOM,
        /** English-like words ({@link PayloadGenerator#ascii}): very compressible. */
        ASCII;

        /** @return the name as the command line spells it */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The seed of every pool: the same messages in every run, for every server. */
    static final long SEED = 0x5EED_DEF1_A7E5L;
    /** The pool spans at least this many bytes: four times the largest deflate window (2^15). */
    private static final int MIN_POOL_BYTES = 4 << 15;
    private static final int MIN_MESSAGES = 16;
    /** Large messages: the pool stays within this many bytes (but holds at least one message). */
    private static final long MAX_POOL_BYTES = 16L << 20;

    private final Kind kind;
    private final int messageSize;
    private final boolean binary;
    private final byte[][] bytes;
    /** The same messages as strings, for text messages; null for binary ones. */
    private final String[] texts;

    private PayloadPool(Kind kind, int messageSize, boolean binary, byte[][] bytes, String[] texts) {
        this.kind = kind;
        this.messageSize = messageSize;
        this.binary = binary;
        this.bytes = bytes;
        this.texts = texts;
    }

    /**
     * Makes the pool.
     *
     * @param kind   what the messages contain
     * @param size   the size of every message, in bytes
     * @param binary whether they go out as binary messages (else as text)
     * @return the pool
     */
    static PayloadPool create(Kind kind, int size, boolean binary) {
        int count = poolSize(size);
        Random random = new Random(SEED);
        byte[][] bytes = new byte[count][];
        String[] texts = binary ? null : new String[count];
        for (int i = 0; i < count; i++) {
            switch (kind) {
                case JSON -> bytes[i] = PayloadGenerator.bytes(PayloadGenerator.json(random, i, size));
                case ASCII -> bytes[i] = PayloadGenerator.bytes(PayloadGenerator.ascii(random, size));
                case RANDOM -> bytes[i] = PayloadGenerator.random(random, size, !binary);
                default -> throw new IllegalArgumentException("unknown payload kind " + kind);
            }
            if (texts != null) {
                texts[i] = new String(bytes[i], StandardCharsets.US_ASCII);
            }
        }
        return new PayloadPool(kind, size, binary, bytes, texts);
    }

    /**
     * @param size the size of each message
     * @return how many messages a pool of that size holds
     */
    static int poolSize(int size) {
        long wanted = Math.max(MIN_MESSAGES, (MIN_POOL_BYTES + (long) size - 1) / Math.max(size, 1));
        long affordable = Math.max(1, MAX_POOL_BYTES / Math.max(size, 1));
        return (int) Math.min(wanted, affordable);
    }

    /** @return how many different messages there are */
    int count() {
        return bytes.length;
    }

    /** @return the size of every message, in bytes */
    int messageSize() {
        return messageSize;
    }

    /** @return what the messages contain */
    Kind kind() {
        return kind;
    }

    /** @return whether the messages go out as binary messages */
    boolean binary() {
        return binary;
    }

    /**
     * @param index 0 to {@link #count()} - 1
     * @return the message as text (text pools only)
     */
    String text(int index) {
        return texts[index];
    }

    /**
     * @param index 0 to {@link #count()} - 1
     * @return a read-only view of the message's bytes: the pool is shared by every connection
     */
    ByteBuffer buffer(int index) {
        return ByteBuffer.wrap(bytes[index]).asReadOnlyBuffer();
    }

    /**
     * Whether a received message is exactly the one sent, byte for byte.
     *
     * @param index    the message sent
     * @param received the text received, or null when a binary message was received
     * @param data     the binary message received, or null when text was received
     * @return {@code true} when kind and every byte match
     */
    boolean matches(int index, String received, ByteBuffer data) {
        if (binary) {
            return data != null && data.equals(ByteBuffer.wrap(bytes[index]));
        }
        // Both strings come from the same bytes through UTF-8: equal strings are equal bytes.
        return received != null && received.equals(texts[index]);
    }
}
