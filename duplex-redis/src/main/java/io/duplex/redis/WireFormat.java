package io.duplex.redis;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

import io.duplex.protocol.message.Utf8Validator;
import io.duplex.pubsub.BrokerMessage;

/**
 * The bytes of one publish on a Redis channel, as one node writes them and every node reads them.
 *
 * <pre>
 *   "DPX1"   4 bytes, the magic: this is a Duplex publish, version 1
 *   kind     1 byte: 1 text (UTF-8), 2 binary (the WebSocket opcodes)
 *   node     16 bytes: the publishing node's id, a UUID, most significant byte first
 *   payload  the rest: the message as published
 * </pre>
 *
 * The node id lets a node recognise its own publishes, which Redis sends back to it because it
 * subscribes to the channels it publishes on; Topics has delivered those locally already. A message
 * that does not start with the magic was published by something else (a backend, {@code redis-cli}):
 * it is taken whole, as text when it is valid UTF-8 and as binary otherwise. One that starts with the
 * magic but has no complete header, an unknown kind, or a text payload that is not valid UTF-8 is
 * invalid: it must not reach a browser, which would fail the connection with 1007 on bad text.
 *
 * <p>Immutable and thread-safe.
 */
final class WireFormat {

    /** The magic, version included: a future incompatible format gets a new one. */
    private static final byte[] MAGIC = {'D', 'P', 'X', '1'};
    /** The kind of a text message (the WebSocket text opcode). */
    static final byte TEXT = 1;
    /** The kind of a binary message (the WebSocket binary opcode). */
    static final byte BINARY = 2;
    private static final int KIND_OFFSET = MAGIC.length;
    private static final int NODE_OFFSET = KIND_OFFSET + 1;
    private static final int NODE_LENGTH = 16;
    /** Magic, kind and node id: what precedes the payload. */
    static final int HEADER_LENGTH = NODE_OFFSET + NODE_LENGTH;

    private final byte[] node;
    private final byte[] textHeader;
    private final byte[] binaryHeader;

    /** @param node the id of this node, written in every header and recognised in the ones read */
    WireFormat(UUID node) {
        this.node = ByteBuffer.allocate(NODE_LENGTH)
                .putLong(node.getMostSignificantBits())
                .putLong(node.getLeastSignificantBits())
                .array();
        this.textHeader = header(TEXT, this.node);
        this.binaryHeader = header(BINARY, this.node);
    }

    private static byte[] header(byte kind, byte[] node) {
        byte[] h = Arrays.copyOf(MAGIC, HEADER_LENGTH);
        h[KIND_OFFSET] = kind;
        System.arraycopy(node, 0, h, NODE_OFFSET, NODE_LENGTH);
        return h;
    }

    /**
     * @param text whether the message is text
     * @return this node's header for that kind; shared, the caller must not modify it
     */
    byte[] header(boolean text) {
        return text ? textHeader : binaryHeader;
    }

    /**
     * @param message a publish of this node
     * @return its encoded length: header and payload
     */
    static int encodedLength(BrokerMessage message) {
        return HEADER_LENGTH + message.payload().remaining();
    }

    /**
     * Encodes a publish of this node into a new buffer. The message's payload is read through a
     * duplicate: it is shared with the local subscribers and stays as it is.
     *
     * @param message the publish
     * @return header and payload, ready to be read
     */
    ByteBuffer encode(BrokerMessage message) {
        ByteBuffer out = ByteBuffer.allocate(encodedLength(message));
        out.put(header(message.text())).put(message.payload().duplicate());
        return out.flip();
    }

    /**
     * Reads one message received on a channel.
     *
     * @param message the bytes Redis delivered; kept by the result (no copy), so the caller must not
     *                modify them afterwards
     * @return what the message is
     */
    Decoded decode(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (!startsWithMagic(message)) {
            // Published by something other than Duplex: the whole message is the payload.
            boolean text = Utf8Validator.isValid(message, 0, message.length);
            return new Decoded.Publish(text, view(message, 0), false);
        }
        if (message.length < HEADER_LENGTH) {
            return new Decoded.Invalid("header cut short: " + message.length + " bytes");
        }
        byte kind = message[KIND_OFFSET];
        if (kind != TEXT && kind != BINARY) {
            return new Decoded.Invalid("unknown kind " + kind);
        }
        if (Arrays.equals(message, NODE_OFFSET, HEADER_LENGTH, node, 0, NODE_LENGTH)) {
            return Decoded.Own.INSTANCE;
        }
        boolean text = kind == TEXT;
        if (text && !Utf8Validator.isValid(message, HEADER_LENGTH, message.length - HEADER_LENGTH)) {
            return new Decoded.Invalid("text that is not valid UTF-8");
        }
        return new Decoded.Publish(text, view(message, HEADER_LENGTH), true);
    }

    private static boolean startsWithMagic(byte[] message) {
        return message.length >= MAGIC.length && Arrays.equals(message, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** A read-only view of the bytes from {@code offset}: Topics shares it with every local subscriber. */
    private static ByteBuffer view(byte[] message, int offset) {
        return ByteBuffer.wrap(message, offset, message.length - offset).slice().asReadOnlyBuffer();
    }

    /** What a received message turned out to be. */
    sealed interface Decoded permits Decoded.Publish, Decoded.Own, Decoded.Invalid {

        /**
         * A publish of another node, or of something other than Duplex, to deliver.
         *
         * @param text    whether it is text (valid UTF-8)
         * @param payload the message, read-only
         * @param framed  whether it carried a Duplex header (else it was published raw)
         */
        record Publish(boolean text, ByteBuffer payload, boolean framed) implements Decoded {
        }

        /** A publish of this node, come back from Redis: delivered locally already. */
        enum Own implements Decoded {
            /** The one value. */
            INSTANCE
        }

        /**
         * A message with a Duplex magic that cannot be delivered.
         *
         * @param reason what is wrong with it, for the log
         */
        record Invalid(String reason) implements Decoded {
        }
    }
}
