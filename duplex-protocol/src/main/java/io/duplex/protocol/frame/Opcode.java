package io.duplex.protocol.frame;

/**
 * The frame opcodes defined by RFC 6455 section 5.2. Values 3-7 and 11-15 are reserved for future
 * non-control and control frames; {@link #of(int)} answers {@code null} for them, and receiving one
 * fails the connection.
 */
public enum Opcode {
    /** %x0: a continuation of a fragmented message (section 5.4). */
    CONTINUATION(0x0),
    /** %x1: the first frame of a text message. */
    TEXT(0x1),
    /** %x2: the first frame of a binary message. */
    BINARY(0x2),
    /** %x8: a Close frame (section 5.5.1). */
    CLOSE(0x8),
    /** %x9: a Ping frame (section 5.5.2). */
    PING(0x9),
    /** %xA: a Pong frame (section 5.5.3). */
    PONG(0xA);

    private static final Opcode[] BY_CODE = new Opcode[16];

    static {
        for (Opcode op : values()) {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** @return the 4-bit value on the wire */
    public int code() {
        return code;
    }

    /**
     * Control frames have opcodes whose most significant bit is 1 (RFC 6455 section 5.5).
     *
     * @return whether this is Close, Ping or Pong
     */
    public boolean isControl() {
        return (code & 0x8) != 0;
    }

    /**
     * The opcode for a 4-bit value.
     *
     * @param code the value on the wire, 0 to 15
     * @return the opcode, or {@code null} when the value is reserved
     */
    public static Opcode of(int code) {
        return code >= 0 && code < 16 ? BY_CODE[code] : null;
    }
}
