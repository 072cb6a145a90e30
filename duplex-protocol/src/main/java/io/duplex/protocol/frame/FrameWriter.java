package io.duplex.protocol.frame;

import java.nio.ByteBuffer;

/**
 * Encodes frame headers (RFC 6455 section 5.2). The header is written on its own, so that a payload
 * goes to the socket as it is, next to its header, without being copied to make room for it.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    /**
     * The size of a header for a payload of this length: the 7-bit, 16-bit or 64-bit form, whichever
     * is shortest, as section 5.2 requires, plus 4 bytes for a masking key.
     *
     * @param payloadLength the payload length, 0 or more
     * @param masked        whether a masking key follows
     * @return the header size, 2 to 14
     */
    public static int headerSize(long payloadLength, boolean masked) {
        int size = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? size + 4 : size;
    }

    /**
     * Writes a header at the buffer's position and advances it.
     *
     * @param dst           where to write; needs {@link #headerSize(long, boolean)} bytes of room
     * @param fin           whether this is the final fragment
     * @param rsv           the RSV bits in place ({@code 0x70} mask)
     * @param opcode        the opcode
     * @param payloadLength the payload length, 0 or more
     * @param masked        whether the payload is masked (client to server, section 5.3)
     * @param maskKey       the masking key as a big-endian int, used when {@code masked}
     */
    public static void writeHeader(ByteBuffer dst, boolean fin, int rsv, Opcode opcode, long payloadLength,
                                   boolean masked, int maskKey) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        if ((rsv & ~0x70) != 0) {
            throw new IllegalArgumentException("RSV bits outside 0x70: " + Integer.toHexString(rsv));
        }
        dst.put((byte) ((fin ? 0x80 : 0) | rsv | opcode.code()));
        int maskBit = masked ? 0x80 : 0;
        if (payloadLength < 126) {
            dst.put((byte) (maskBit | payloadLength));
        } else if (payloadLength <= 0xFFFF) {
            dst.put((byte) (maskBit | 126));
            dst.putShort((short) payloadLength);
        } else {
            dst.put((byte) (maskBit | 127));
            dst.putLong(payloadLength);
        }
        if (masked) {
            dst.putInt(maskKey);
        }
    }

    /**
     * A header in a buffer of its own, ready to be written (position 0, limit at its end).
     *
     * @param fin           whether this is the final fragment
     * @param rsv           the RSV bits in place
     * @param opcode        the opcode
     * @param payloadLength the payload length
     * @param masked        whether a masking key follows
     * @param maskKey       the masking key, used when {@code masked}
     * @return the header bytes
     */
    public static ByteBuffer header(boolean fin, int rsv, Opcode opcode, long payloadLength,
                                    boolean masked, int maskKey) {
        ByteBuffer buf = ByteBuffer.allocate(headerSize(payloadLength, masked));
        writeHeader(buf, fin, rsv, opcode, payloadLength, masked, maskKey);
        return buf.flip();
    }

    /**
     * A whole unmasked frame in one buffer: the form a server encodes once for a broadcast and hands,
     * read-only, to every connection.
     *
     * @param fin     whether this is the final fragment
     * @param rsv     the RSV bits in place
     * @param opcode  the opcode
     * @param payload the payload, read from position to limit and left unchanged
     * @return the frame bytes, read-only
     */
    public static ByteBuffer unmaskedFrame(boolean fin, int rsv, Opcode opcode, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer buf = ByteBuffer.allocate(headerSize(length, false) + length);
        writeHeader(buf, fin, rsv, opcode, length, false, 0);
        buf.put(payload.duplicate());
        return buf.flip().asReadOnlyBuffer();
    }
}
