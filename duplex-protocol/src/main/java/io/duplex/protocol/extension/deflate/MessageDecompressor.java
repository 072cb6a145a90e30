package io.duplex.protocol.extension.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.extension.ExtensionException;

/**
 * Inflates incoming compressed messages for permessage-deflate (RFC 7692 section 7.2.2): the payload
 * with {@code 00 00 FF FF} appended is raw DEFLATE. The output is capped at the connection's largest
 * message, so that a small frame that inflates to gigabytes fails with 1009 after at most that many
 * bytes, and grows by doubling from a small start rather than being sized from the peer's claims.
 *
 * <p>When the peer keeps its history between messages the decompressor is kept for the life of the
 * connection (its window is needed by the next message). Otherwise one is borrowed per message and
 * given back reset. One per connection, used by one thread at a time.
 */
final class MessageDecompressor {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};
    /** The largest array the JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ZlibPool pool;
    private final boolean peerContextTakeover;
    private Inflater kept;

    /**
     * @param pool                where decompressors come from and go back to
     * @param peerContextTakeover whether the peer may refer to earlier messages
     */
    MessageDecompressor(ZlibPool pool, boolean peerContextTakeover) {
        this.pool = pool;
        this.peerContextTakeover = peerContextTakeover;
    }

    /**
     * @param payload        the compressed message without its tail; read, not kept
     * @param maxMessageSize the largest inflated message accepted
     * @return the inflated message
     * @throws ExtensionException 1009 when it inflates past the limit, 1007 when it is not valid DEFLATE
     */
    ByteBuffer decompress(ByteBuffer payload, long maxMessageSize) throws ExtensionException {
        Inflater inflater = kept != null ? kept : pool.borrowInflater();
        kept = null;
        boolean healthy = false;
        try {
            Output out = new Output(payload.remaining(), maxMessageSize);
            inflater.setInput(payload.duplicate());
            inflateAll(inflater, out);
            // Bytes after a block with BFINAL set are ignored: the example of section 7.2.3.4 has one.
            boolean ended = inflater.finished();
            if (!ended) {
                inflater.setInput(TAIL);
                inflateAll(inflater, out);
                ended = inflater.finished();
            }
            if (ended) {
                // A block with BFINAL set (section 7.2.3.4) ends the DEFLATE stream; the next message
                // starts a new one, primed with this message's window when the peer takes context over.
                inflater.reset();
                if (peerContextTakeover) {
                    int window = Math.min(out.length, 1 << DeflateParameters.MAX_WINDOW_BITS);
                    inflater.setDictionary(out.bytes, out.length - window, window);
                }
            }
            healthy = true;
            return ByteBuffer.wrap(out.bytes, 0, out.length);
        } finally {
            if (healthy && peerContextTakeover) {
                kept = inflater;
            } else {
                // After a failure the connection is over; the stream is reset before reuse.
                pool.giveBack(inflater);
            }
        }
    }

    private static void inflateAll(Inflater inflater, Output out) throws ExtensionException {
        try {
            while (!inflater.finished()) {
                if (inflater.needsDictionary()) {
                    throw new ExtensionException(CloseCode.INVALID_PAYLOAD, "DEFLATE data asks for a dictionary");
                }
                out.ensureRoom();
                int room = out.bytes.length - out.length;
                int n = inflater.inflate(out.bytes, out.length, room);
                out.length += n;
                // A full buffer may hide more output (the rest of a match) even with no input left.
                if (n < room && inflater.needsInput()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new ExtensionException(CloseCode.INVALID_PAYLOAD, "invalid DEFLATE data: " + e.getMessage());
        }
    }

    /** Gives back whatever is held; the connection is over. */
    void release() {
        if (kept != null) {
            pool.giveBack(kept);
            kept = null;
        }
    }

    /** @return whether a decompressor is held between messages */
    boolean holdsDecompressor() {
        return kept != null;
    }

    /** The growing output, never past the cap plus one byte (the byte that proves the overflow). */
    private static final class Output {
        final long max;
        byte[] bytes;
        int length;

        Output(int compressedSize, long max) {
            this.max = max;
            long first = Math.max(256, Math.min((long) compressedSize * 4, 64 * 1024));
            this.bytes = new byte[(int) Math.min(first, Math.min(max + 1, MAX_ARRAY))];
        }

        void ensureRoom() throws ExtensionException {
            if (length < bytes.length) {
                return;
            }
            if (length > max) {
                throw new ExtensionException(CloseCode.MESSAGE_TOO_BIG,
                        "the message inflates past " + max + " bytes");
            }
            long grown = Math.min(Math.min((long) bytes.length * 2, max + 1), MAX_ARRAY);
            if (grown <= bytes.length) {
                throw new ExtensionException(CloseCode.MESSAGE_TOO_BIG, "the message inflates past "
                        + bytes.length + " bytes");
            }
            bytes = Arrays.copyOf(bytes, (int) grown);
        }
    }
}
