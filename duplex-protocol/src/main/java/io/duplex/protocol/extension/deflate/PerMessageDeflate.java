package io.duplex.protocol.extension.deflate;

import java.nio.ByteBuffer;

import io.duplex.protocol.Role;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.message.PreparedMessage;

/**
 * permessage-deflate on one connection (RFC 7692): compresses outgoing messages and sets RSV1 on
 * their first frame, inflates incoming messages whose first frame has RSV1. Control frames and
 * streamed fragments never pass through it (the engine's rules, section 6.1).
 *
 * <p>No zlib stream exists before the first message that needs one. Made by
 * {@link PerMessageDeflateServer} or {@link PerMessageDeflateClient} from what was agreed.
 */
public final class PerMessageDeflate implements Extension {

    private final DeflateParameters agreed;
    private final int minimumSize;
    private final MessageCompressor compressor;
    private final MessageDecompressor decompressor;

    /**
     * @param agreed  the parameters of the server's response
     * @param role    which side this connection is
     * @param options this side's wishes: level, threshold and the limits it put on itself
     * @param pool    where zlib streams come from
     */
    PerMessageDeflate(DeflateParameters agreed, Role role, DeflateOptions options, ZlibPool pool) {
        this.agreed = agreed;
        this.minimumSize = Math.max(1, options.minimumSize());
        boolean server = role == Role.SERVER;
        // Our compressor is bound by the parameters naming our side, and by our own options.
        boolean ourNoTakeover = server ? agreed.serverNoContextTakeover() : agreed.clientNoContextTakeover();
        int ourBits = server ? agreed.serverMaxWindowBits() : agreed.clientMaxWindowBits();
        int windowBits = Math.min(options.maxWindowBits(), ourBits > 0 ? ourBits : DeflateParameters.MAX_WINDOW_BITS);
        this.compressor = new MessageCompressor(pool, options.compressionLevel(),
                options.contextTakeover() && !ourNoTakeover, windowBits);
        boolean peerNoTakeover = server ? agreed.clientNoContextTakeover() : agreed.serverNoContextTakeover();
        this.decompressor = new MessageDecompressor(pool, !peerNoTakeover);
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    @Override
    public ExtensionSpec negotiated() {
        return agreed.toSpec();
    }

    /** @return the agreed parameters */
    public DeflateParameters parameters() {
        return agreed;
    }

    @Override
    public int rsvBits() {
        return RSV1;
    }

    /**
     * Compresses a message of at least the minimum size, unless that would not make it smaller: an
     * uncompressed message (RSV1 clear) is always allowed (section 6.1). An empty message is never
     * compressed.
     */
    @Override
    public Encoded encode(boolean text, ByteBuffer payload, int rsv) {
        if (payload.remaining() < minimumSize) {
            return new Encoded(payload, rsv);
        }
        ByteBuffer compressed = compressor.compress(payload);
        if (compressed == null) {
            return new Encoded(payload, rsv);
        }
        if (compressed.remaining() >= payload.remaining()) {
            // Not worth it: the message goes as it is, and the compressor must forget it (the peer
            // never sees that data, so the next message may not refer to it).
            compressor.releaseIdle();
            return new Encoded(payload, rsv);
        }
        return new Encoded(compressed, rsv | RSV1);
    }

    /**
     * Where this connection's compressor keeps no history (no context takeover, or a window below
     * 2^15), the compressed form depends only on the level and the window: it is made once per such
     * pair and shared by every connection sending the message. Otherwise the message is compressed
     * for this connection, in its context.
     */
    @Override
    public Encoded encodePrepared(PreparedMessage message, int rsv) {
        if (message.length() < minimumSize) {
            return new Encoded(message.payload(), rsv);
        }
        if (compressor.takesContextOver()) {
            return encode(message.isText(), message.payload(), rsv);
        }
        ByteBuffer shared = message.encoding(compressor.sharingKey(), payload -> {
            ByteBuffer compressed = compressor.compress(payload);
            return compressed == null || compressed.remaining() >= payload.remaining() ? null : compressed;
        });
        return shared == null ? new Encoded(message.payload(), rsv) : new Encoded(shared, rsv | RSV1);
    }

    @Override
    public ByteBuffer decode(boolean text, ByteBuffer payload, int rsv, long maxMessageSize)
            throws ExtensionException {
        if ((rsv & RSV1) == 0) {
            return payload;
        }
        return decompressor.decompress(payload, maxMessageSize);
    }

    /**
     * Gives back a kept compressor. A kept decompressor stays: it holds the window the peer's next
     * message may refer to (without peer context takeover none is kept).
     */
    @Override
    public void releaseIdle() {
        compressor.releaseIdle();
    }

    @Override
    public void release() {
        compressor.releaseIdle();
        decompressor.release();
    }

    /** @return whether a zlib stream is held between messages, for tests and metrics */
    public boolean holdsZlibState() {
        return compressor.holdsCompressor() || decompressor.holdsDecompressor();
    }
}
