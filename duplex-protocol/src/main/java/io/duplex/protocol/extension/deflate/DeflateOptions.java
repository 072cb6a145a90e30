package io.duplex.protocol.extension.deflate;

import java.util.zip.Deflater;

/**
 * What one side wants of permessage-deflate (RFC 7692), for {@link PerMessageDeflateServer} and
 * {@link PerMessageDeflateClient}. Immutable: each setter returns a copy.
 *
 * <p>"Our" settings bind this side's compressor; "peer" settings are asked of the other side's
 * compressor. A server asks through its response (it may add {@code client_no_context_takeover} to
 * any response, and {@code client_max_window_bits} when the offer allowed it); a client asks in its
 * offer ({@code server_no_context_takeover}, {@code server_max_window_bits}).
 *
 * <p>Windows smaller than 2^15 are supported although the JDK's {@link Deflater} always uses a
 * 2^15-byte window: the compressor restarts its LZ77 history (a zlib full flush) every 2^bits bytes
 * of input and at the start of each message, so no back-reference ever reaches further than the
 * agreed window. Offers are therefore never declined for their window size. Incoming messages are
 * inflated with the JDK's {@link java.util.zip.Inflater}, whose 2^15-byte window reads any smaller one.
 *
 * @param compressionLevel    the zlib level, 0 to 9, or {@link Deflater#DEFAULT_COMPRESSION} (6)
 * @param minimumSize         messages shorter than this many bytes are sent uncompressed, where
 *                            compression costs more than it saves
 * @param contextTakeover     whether our compressor keeps its history from one message to the next
 *                            (better ratio, a zlib compressor held per busy connection); {@code false}
 *                            announces {@code *_no_context_takeover} for our side
 * @param peerContextTakeover whether the peer may keep its history; {@code false} asks it not to,
 *                            so that this side holds no decompressor between messages
 * @param maxWindowBits       the largest window our compressor uses, 8 to 15
 * @param peerMaxWindowBits   the largest window asked of the peer's compressor, 8 to 15 (15 asks
 *                            nothing)
 */
public record DeflateOptions(int compressionLevel, int minimumSize, boolean contextTakeover,
                             boolean peerContextTakeover, int maxWindowBits, int peerMaxWindowBits) {

    /** Checks the ranges. */
    public DeflateOptions {
        if (compressionLevel != Deflater.DEFAULT_COMPRESSION && (compressionLevel < 0 || compressionLevel > 9)) {
            throw new IllegalArgumentException("compression level 0 to 9, or -1 for the default: " + compressionLevel);
        }
        if (minimumSize < 0) {
            throw new IllegalArgumentException("minimum size " + minimumSize);
        }
        if (!DeflateParameters.isWindowBits(maxWindowBits) || !DeflateParameters.isWindowBits(peerMaxWindowBits)) {
            throw new IllegalArgumentException("window bits are 8 to 15: " + maxWindowBits + ", " + peerMaxWindowBits);
        }
    }

    /**
     * Level 6, messages of 64 bytes or more compressed, context takeover on both sides (the ratio
     * browsers and most peers expect), full windows.
     *
     * @return the defaults
     */
    public static DeflateOptions defaults() {
        return new DeflateOptions(Deflater.DEFAULT_COMPRESSION, 64, true, true,
                DeflateParameters.MAX_WINDOW_BITS, DeflateParameters.MAX_WINDOW_BITS);
    }

    /**
     * @param level 0 to 9, or {@link Deflater#DEFAULT_COMPRESSION}
     * @return a copy with this level
     */
    public DeflateOptions withCompressionLevel(int level) {
        return new DeflateOptions(level, minimumSize, contextTakeover, peerContextTakeover, maxWindowBits,
                peerMaxWindowBits);
    }

    /**
     * @param bytes messages shorter than this are sent uncompressed
     * @return a copy with this threshold
     */
    public DeflateOptions withMinimumSize(int bytes) {
        return new DeflateOptions(compressionLevel, bytes, contextTakeover, peerContextTakeover, maxWindowBits,
                peerMaxWindowBits);
    }

    /**
     * @param keep whether our compressor keeps its history between messages
     * @return a copy with this choice
     */
    public DeflateOptions withContextTakeover(boolean keep) {
        return new DeflateOptions(compressionLevel, minimumSize, keep, peerContextTakeover, maxWindowBits,
                peerMaxWindowBits);
    }

    /**
     * @param allow whether the peer may keep its history between messages
     * @return a copy with this choice
     */
    public DeflateOptions withPeerContextTakeover(boolean allow) {
        return new DeflateOptions(compressionLevel, minimumSize, contextTakeover, allow, maxWindowBits,
                peerMaxWindowBits);
    }

    /**
     * @param bits the largest window our compressor uses, 8 to 15
     * @return a copy with this window
     */
    public DeflateOptions withMaxWindowBits(int bits) {
        return new DeflateOptions(compressionLevel, minimumSize, contextTakeover, peerContextTakeover, bits,
                peerMaxWindowBits);
    }

    /**
     * @param bits the largest window asked of the peer, 8 to 15
     * @return a copy with this request
     */
    public DeflateOptions withPeerMaxWindowBits(int bits) {
        return new DeflateOptions(compressionLevel, minimumSize, contextTakeover, peerContextTakeover, maxWindowBits,
                bits);
    }
}
