package io.duplex.protocol.frame;

import java.nio.ByteBuffer;

/**
 * Decodes frames from a byte stream cut at arbitrary points (RFC 6455 section 5.2). It only decodes:
 * it reports each header and hands over the payload, unmasked, in the pieces that arrived; it judges
 * nothing. The caller decides what is allowed, and can stop the parser at any callback.
 *
 * <p>Memory: a partial header is kept in a 14-byte array, made only when a header is cut between two
 * reads; payload is never buffered here, it is
 * handed to the {@link Handler} in place, in the input buffer. Unmasking happens in place, so
 * {@link #parse(ByteBuffer, Handler)} modifies the bytes of the buffer it is given.
 */
public final class FrameParser {

    /** The largest header: 2 bytes, a 64-bit length and a masking key. */
    public static final int MAX_HEADER_SIZE = 14;

    /** Receives what the parser decodes. Returning {@code false} from a callback stops parsing. */
    public interface Handler {
        /**
         * A complete header was decoded.
         *
         * @param header the header as it was on the wire
         * @return {@code true} to go on to the payload, {@code false} to stop
         */
        boolean onHeader(FrameHeader header);

        /**
         * A piece of the current frame's payload, already unmasked: the input buffer itself, its
         * position and limit narrowed to the piece. It is valid only during the call: copy what must be
         * kept. The handler may move the position; the parser restores position and limit after.
         *
         * @param payload the bytes, from position to limit
         * @return {@code true} to go on, {@code false} to stop
         */
        boolean onPayload(ByteBuffer payload);

        /**
         * The current frame's payload is complete (called for empty payloads too).
         *
         * @param header the frame's header
         * @return {@code true} to go on to the next frame, {@code false} to stop
         */
        boolean onFrameEnd(FrameHeader header);
    }

    /** Bytes of a header cut between two reads; created the first time that happens. */
    private byte[] partialHeader;
    private int partialHeaderLength;
    /** The frame whose payload is being read, or {@code null} while a header is awaited. */
    private FrameHeader current;
    private long payloadRemaining;
    private int maskIndex;
    private boolean stopped;

    /**
     * Decodes as much of {@code in} as possible, calling {@code handler} for each part. On return the
     * buffer's position is past everything consumed: all of it, unless a callback stopped the parser,
     * after which the parser stays stopped and consumes nothing more.
     *
     * @param in      the bytes received; their payload bytes are unmasked in place
     * @param handler what receives the decoded parts
     */
    public void parse(ByteBuffer in, Handler handler) {
        while (!stopped) {
            if (current == null && !readHeader(in, handler)) {
                return;
            }
            if (stopped) {
                return;
            }
            if (payloadRemaining > 0) {
                if (!in.hasRemaining()) {
                    return;
                }
                int n = (int) Math.min(payloadRemaining, in.remaining());
                int start = in.position();
                int end = start + n;
                int limit = in.limit();
                // The handler sees the input itself, narrowed to this piece: no view is allocated
                // per piece. Position and limit are put back whatever the handler did with them.
                in.limit(end);
                if (current.masked()) {
                    maskIndex = Masking.maskInPlace(in, current.maskKey(), maskIndex);
                }
                payloadRemaining -= n;
                boolean goOn = handler.onPayload(in);
                in.limit(limit).position(end);
                if (!goOn) {
                    stopped = true;
                    return;
                }
            }
            if (payloadRemaining == 0) {
                FrameHeader done = current;
                current = null;
                if (!handler.onFrameEnd(done)) {
                    stopped = true;
                    return;
                }
            }
        }
    }

    /** @return whether a frame has been started but not finished (a header or payload is partial) */
    public boolean isMidFrame() {
        return current != null || partialHeaderLength > 0;
    }

    /**
     * Reads a header from the partial bytes kept and the input, without copying when the input holds
     * a whole header.
     *
     * @return whether a header was decoded (and {@code current} set)
     */
    private boolean readHeader(ByteBuffer in, Handler handler) {
        FrameHeader header;
        if (partialHeaderLength == 0) {
            int available = in.remaining();
            if (available < 2) {
                stash(in, available);
                return false;
            }
            int pos = in.position();
            int size = headerSize(in.get(pos), in.get(pos + 1));
            if (available < size) {
                stash(in, available);
                return false;
            }
            header = decode(in, pos);
            in.position(pos + size);
        } else {
            int need = partialHeaderLength < 2 ? 2 : headerSize(partialHeader[0], partialHeader[1]);
            while (partialHeaderLength < need) {
                if (!in.hasRemaining()) {
                    return false;
                }
                partialHeader[partialHeaderLength++] = in.get();
                if (partialHeaderLength == 2) {
                    need = headerSize(partialHeader[0], partialHeader[1]);
                }
            }
            header = decode(ByteBuffer.wrap(partialHeader, 0, partialHeaderLength), 0);
            partialHeaderLength = 0;
        }
        current = header;
        payloadRemaining = header.payloadLength();
        maskIndex = 0;
        if (!handler.onHeader(header)) {
            stopped = true;
        } else if (payloadRemaining < 0) {
            // A length with its top bit set cannot be read past; the handler had its chance to refuse it.
            stopped = true;
        }
        return true;
    }

    private void stash(ByteBuffer in, int count) {
        if (partialHeader == null) {
            partialHeader = new byte[MAX_HEADER_SIZE];
        }
        in.get(partialHeader, partialHeaderLength, count);
        partialHeaderLength += count;
    }

    /** RFC 6455 section 5.2: 7-bit length, 126 for a 16-bit and 127 for a 64-bit one, and the key. */
    private static int headerSize(byte b0, byte b1) {
        int len7 = b1 & 0x7F;
        int extended = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + extended + ((b1 & 0x80) != 0 ? 4 : 0);
    }

    private static FrameHeader decode(ByteBuffer buf, int pos) {
        int b0 = buf.get(pos) & 0xFF;
        int b1 = buf.get(pos + 1) & 0xFF;
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        long length;
        int lengthBytes;
        int at = pos + 2;
        if (len7 == 126) {
            length = ((buf.get(at) & 0xFF) << 8) | (buf.get(at + 1) & 0xFF);
            lengthBytes = 2;
        } else if (len7 == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (buf.get(at + i) & 0xFF);
            }
            lengthBytes = 8;
        } else {
            length = len7;
            lengthBytes = 0;
        }
        at += lengthBytes;
        int key = 0;
        if (masked) {
            key = ((buf.get(at) & 0xFF) << 24) | ((buf.get(at + 1) & 0xFF) << 16)
                    | ((buf.get(at + 2) & 0xFF) << 8) | (buf.get(at + 3) & 0xFF);
        }
        return new FrameHeader((b0 & 0x80) != 0, b0 & 0x70, b0 & 0x0F, masked, key, length, lengthBytes);
    }
}
