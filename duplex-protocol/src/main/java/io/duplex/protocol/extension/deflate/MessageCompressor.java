package io.duplex.protocol.extension.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses outgoing messages for permessage-deflate (RFC 7692 section 7.2.1): raw DEFLATE ended
 * by a sync flush, whose trailing {@code 00 00 FF FF} is removed.
 *
 * <p>With context takeover the zlib compressor is kept between messages, until {@link #releaseIdle()}
 * gives it back (dropping our history is always allowed: the next message simply refers to none of
 * it). Without, or with a window below 2^15, a compressor is borrowed for each message and given back
 * reset. A window of 2^N bytes below 2^15 is honoured by a full flush after every 2^N bytes of input,
 * which restarts the history, so that no back-reference reaches further than the window.
 *
 * <p>One per connection, used by one thread at a time.
 */
final class MessageCompressor {

    private static final int TAIL_LENGTH = 4;
    /** Given to a kept compressor as its input: the Deflater would otherwise keep the last message alive. */
    private static final byte[] NO_INPUT = new byte[0];
    /** The first output buffer is at most this large; it grows as the output needs. */
    private static final int FIRST_OUTPUT = 16 * 1024;

    private final ZlibPool pool;
    private final int level;
    private final boolean contextTakeover;
    /** Input bytes between two restarts of the history; 0 when the full window is allowed. */
    private final int segment;
    /** The compressor kept between messages, with context takeover only. */
    private Deflater kept;
    /** What a history-free compressor's output depends on; see {@link #sharingKey()}. */
    private final Object sharingKey;

    /**
     * @param pool            where compressors come from and go back to
     * @param level           the zlib level
     * @param contextTakeover whether the history may carry over to the next message
     * @param windowBits      the largest window allowed, 8 to 15
     */
    MessageCompressor(ZlibPool pool, int level, boolean contextTakeover, int windowBits) {
        this.pool = pool;
        this.level = level;
        boolean fullWindow = windowBits == DeflateParameters.MAX_WINDOW_BITS;
        this.contextTakeover = contextTakeover && fullWindow;
        this.segment = fullWindow ? 0 : 1 << windowBits;
        this.sharingKey = new SharingKey(level, segment);
    }

    /**
     * Compresses one message. Output that grows past the input by more than a few bytes is abandoned
     * early (noise does not shrink), so the work on an incompressible message is bounded.
     *
     * @param payload the message, from position to limit; not modified, its position not moved
     * @return the compressed payload without the tail, or {@code null} when it came out larger than
     *         the message (the history is then dropped: the message will go uncompressed)
     */
    ByteBuffer compress(ByteBuffer payload) {
        Deflater d = kept != null ? kept : pool.borrowDeflater(level);
        kept = null;
        ByteBuffer input = payload.duplicate();
        int inputSize = input.remaining();
        byte[] out = new byte[Math.max(64, Math.min(FIRST_OUTPUT, inputSize / 2))];
        int length = 0;
        boolean smaller = true;
        while (smaller) {
            ByteBuffer piece = input;
            boolean last = true;
            if (segment > 0 && input.remaining() > segment) {
                piece = input.slice().limit(segment);
                last = false;
            }
            d.setInput(piece);
            int flush = last ? Deflater.SYNC_FLUSH : Deflater.FULL_FLUSH;
            while (true) {
                // zlib wants more than 6 bytes of room for a flush, or it repeats the flush marker.
                if (out.length - length < 8) {
                    if (length >= inputSize + TAIL_LENGTH + 16) {
                        smaller = false;
                        break;
                    }
                    out = Arrays.copyOf(out, Math.max(out.length + 1, Math.min(inputSize + 64, out.length * 2)));
                }
                int n = d.deflate(out, length, out.length - length, flush);
                length += n;
                // With a flush, a full output buffer may mean more output to come (Deflater's contract).
                if (length < out.length) {
                    break;
                }
            }
            if (last || !smaller) {
                break;
            }
            input.position(input.position() + segment);
        }
        if (!smaller) {
            pool.giveBack(d, level);
            return null;
        }
        if (contextTakeover) {
            d.setInput(NO_INPUT); // let the message go: the history lives in zlib's own window
            kept = d;
        } else {
            pool.giveBack(d, level);
        }
        // Section 7.2.1: the sync flush ends with an empty stored block, 00 00 FF FF, removed here.
        // The buffer is trimmed when mostly empty: it may wait in a send queue or a shared message.
        int size = length - TAIL_LENGTH;
        return ByteBuffer.wrap(out.length - size > 1024 ? Arrays.copyOf(out, size) : out, 0, size);
    }

    /** @return whether the history carries over from one message to the next */
    boolean takesContextOver() {
        return contextTakeover;
    }

    /**
     * @return what the output of a compressor without history depends on: equal keys, equal bytes
     *         (the same zlib, level and window restarts)
     */
    Object sharingKey() {
        return sharingKey;
    }

    /** Gives back a kept compressor: the history is dropped, which the peer never notices. */
    void releaseIdle() {
        if (kept != null) {
            pool.giveBack(kept, level);
            kept = null;
        }
    }

    /** @return whether a compressor is held between messages */
    boolean holdsCompressor() {
        return kept != null;
    }

    /** The level and the window restart interval: all a history-free compressor's output depends on. */
    private record SharingKey(int level, int segment) {
    }
}
