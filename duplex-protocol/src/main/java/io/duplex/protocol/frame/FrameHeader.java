package io.duplex.protocol.frame;

/**
 * A frame header exactly as decoded from the wire (RFC 6455 section 5.2), before any rule is applied:
 * judging whether it is allowed is the connection's job, not the decoder's.
 *
 * @param fin           the FIN bit: this is the final fragment of a message
 * @param rsv           the RSV1-3 bits in place in the first byte ({@code 0x70} mask)
 * @param opcodeCode    the raw 4-bit opcode, reserved values included
 * @param masked        the MASK bit
 * @param maskKey       the masking key as a big-endian int (octet 0 most significant), 0 when unmasked
 * @param payloadLength the payload length; negative when a 64-bit length had its top bit set, which
 *                      RFC 6455 forbids
 * @param lengthBytes   how the length was encoded: 0 (7-bit), 2 (16-bit) or 8 (64-bit)
 */
public record FrameHeader(boolean fin, int rsv, int opcodeCode, boolean masked, int maskKey,
                          long payloadLength, int lengthBytes) {

    /** @return the opcode, or {@code null} when the value is reserved */
    public Opcode opcode() {
        return Opcode.of(opcodeCode);
    }

    /**
     * RFC 6455 section 5.2: "the minimal number of bytes MUST be used to encode the length".
     *
     * @return whether the length used its shortest form
     */
    public boolean usesMinimalLength() {
        return switch (lengthBytes) {
            case 0 -> true;
            case 2 -> payloadLength >= 126;
            default -> payloadLength > 0xFFFF || payloadLength < 0;
        };
    }

    /** @return the size of this header on the wire, 2 to 14 bytes */
    public int size() {
        return 2 + lengthBytes + (masked ? 4 : 0);
    }
}
