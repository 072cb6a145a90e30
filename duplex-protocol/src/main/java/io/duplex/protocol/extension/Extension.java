package io.duplex.protocol.extension;

import java.nio.ByteBuffer;

import io.duplex.protocol.message.PreparedMessage;

/**
 * A negotiated extension on one connection: it transforms whole data messages on their way out and
 * on their way in, and claims the RSV bits it uses (RFC 6455 sections 5.2 and 9).
 *
 * <p>Extensions are stacked in the order they were negotiated: outgoing messages pass through them in
 * that order, incoming messages in the reverse order (RFC 6455 section 9.1). An instance belongs to
 * one connection and is only called from the thread that drives that connection's engine.
 */
public interface Extension {

    /** RSV1 as it sits in the first header byte (RFC 6455 section 5.2). */
    int RSV1 = 0x40;
    /** RSV2 as it sits in the first header byte. */
    int RSV2 = 0x20;
    /** RSV3 as it sits in the first header byte. */
    int RSV3 = 0x10;

    /** @return the extension token, such as {@code permessage-deflate} */
    String name();

    /**
     * What was agreed, as it goes in (or came in) the server's {@code Sec-WebSocket-Extensions}.
     *
     * @return the negotiated name and parameters
     */
    ExtensionSpec negotiated();

    /**
     * The RSV bits this extension may set on frames, as a mask of {@link #RSV1}, {@link #RSV2} and
     * {@link #RSV3}. A frame with a bit that no negotiated extension claims fails with 1002.
     *
     * @return the claimed bits
     */
    int rsvBits();

    /**
     * Transforms an outgoing data message. The returned payload is written as the message and its
     * RSV bits are set on the message's first frame.
     *
     * @param text    whether the message is text (opcode 1) rather than binary (opcode 2)
     * @param payload the payload so far, read from position to limit; the extension must not modify it
     * @param rsv     the RSV bits set by the extensions before this one
     * @return the transformed message
     */
    Encoded encode(boolean text, ByteBuffer payload, int rsv);

    /**
     * Transforms an outgoing message that many connections send at once. Where the result does not
     * depend on this connection's state, the extension should make it through
     * {@link PreparedMessage#encoding} so that it is made once and shared; the default transforms it
     * for this connection alone, as {@link #encode} does.
     *
     * @param message the shared message
     * @param rsv     the RSV bits set by the extensions before this one (none: this is the first)
     * @return the transformed message; its payload must not be modified by the caller
     */
    default Encoded encodePrepared(PreparedMessage message, int rsv) {
        return encode(message.isText(), message.payload(), rsv);
    }

    /**
     * Transforms an incoming data message, given whole once its last frame has arrived.
     *
     * @param text           whether the message is text
     * @param payload        the payload as received (after the extensions after this one in the
     *                       stack), read from position to limit; the extension may not keep it
     * @param rsv            the RSV bits of the message's first frame
     * @param maxMessageSize the largest payload the connection accepts; a decoded message larger than
     *                       this must fail with 1009 before the memory for it is spent
     * @return the decoded payload
     * @throws ExtensionException when the payload cannot be decoded or is too large
     */
    ByteBuffer decode(boolean text, ByteBuffer payload, int rsv, long maxMessageSize)
            throws ExtensionException;

    /**
     * Gives back what can be rebuilt, because the connection has carried no message for a while
     * (a compressor whose history may be dropped, for instance). What the next incoming message may
     * need stays. Called on the thread that drives the engine, between messages.
     */
    default void releaseIdle() {
    }

    /** Releases what the extension holds (native zlib memory, pooled buffers). Called once, on close. */
    default void release() {
    }

    /**
     * An outgoing message after an extension transformed it.
     *
     * @param payload the payload to send
     * @param rsv     the RSV bits for the message's first frame, including those set before
     */
    record Encoded(ByteBuffer payload, int rsv) {
    }
}
