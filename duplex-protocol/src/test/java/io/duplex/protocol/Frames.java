package io.duplex.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Builds raw frames for tests, valid or not, independently of the engine's writer: any FIN, RSV,
 * opcode and length form, masked or not.
 */
public final class Frames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A fresh, empty stream. */
    public static Frames stream() {
        return new Frames();
    }

    /** Bytes from a hex string such as {@code "81 05 48 65"}. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** UTF-8 bytes of a string. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A frame with the shortest length form. {@code maskKey} null means unmasked. */
    public Frames frame(boolean fin, int rsv, int opcode, byte[] payload, Integer maskKey) {
        int form = payload.length < 126 ? 0 : payload.length <= 0xFFFF ? 2 : 8;
        return frame(fin, rsv, opcode, payload, maskKey, form);
    }

    /** A frame with the given length form (0, 2 or 8 extra length bytes), minimal or not. */
    public Frames frame(boolean fin, int rsv, int opcode, byte[] payload, Integer maskKey, int lengthForm) {
        out.write((fin ? 0x80 : 0) | rsv | opcode);
        int maskBit = maskKey != null ? 0x80 : 0;
        long len = payload.length;
        if (lengthForm == 0) {
            out.write(maskBit | (int) len);
        } else if (lengthForm == 2) {
            out.write(maskBit | 126);
            out.write((int) (len >>> 8) & 0xFF);
            out.write((int) len & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xFF);
            }
        }
        if (maskKey != null) {
            int k = maskKey;
            byte[] key = {(byte) (k >>> 24), (byte) (k >>> 16), (byte) (k >>> 8), (byte) k};
            out.write(key, 0, 4);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ key[i & 3]);
            }
        } else {
            out.write(payload, 0, payload.length);
        }
        return this;
    }

    /** Raw bytes appended as they are. */
    public Frames raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** The bytes so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** The bytes so far, in a buffer. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes());
    }
}
