package io.duplex.protocol;

import java.nio.ByteBuffer;

/**
 * What the engine found in the bytes it was fed, in order. Every connection ends with exactly one
 * {@link Closed}, after which no event follows.
 */
public sealed interface ProtocolEvent {

    /**
     * A whole text message, reassembled, decoded by the extensions and checked as UTF-8.
     *
     * @param text the message
     */
    record Text(String text) implements ProtocolEvent {
    }

    /**
     * A whole binary message, reassembled and decoded by the extensions. The buffer is the receiver's
     * to keep.
     *
     * @param data the message, from position to limit
     */
    record Binary(ByteBuffer data) implements ProtocolEvent {
    }

    /**
     * A Ping arrived (RFC 6455 section 5.5.2). With {@link EngineSettings#autoPong()} the Pong is
     * already queued.
     *
     * @param payload the application data, at most 125 bytes
     */
    record Ping(ByteBuffer payload) implements ProtocolEvent {
    }

    /**
     * A Pong arrived (RFC 6455 section 5.5.3), solicited or not.
     *
     * @param payload the application data, at most 125 bytes
     */
    record Pong(ByteBuffer payload) implements ProtocolEvent {
    }

    /**
     * The peer broke the protocol and the engine failed the connection (RFC 6455 section 7.1.7): a
     * Close frame with {@code closeCode} is queued (unless one had already been sent) and all further
     * input is discarded. A {@link Closed} follows at once.
     *
     * @param closeCode the code sent to the peer: 1002, 1007, 1009, 1010 ...
     * @param reason    what the peer did wrong
     */
    record Failure(int closeCode, String reason) implements ProtocolEvent {
    }

    /**
     * The connection is closed for the WebSocket protocol (RFC 6455 section 7.1.4). The code and reason
     * follow section 7.1.5 and 7.1.6: those of the first Close frame received, 1005 when it carried no
     * code, and 1006 when none was received (the transport ended, or the connection failed).
     *
     * @param code     the WebSocket connection close code
     * @param reason   the WebSocket connection close reason, possibly empty
     * @param wasClean whether both Close frames were exchanged (the browser API's {@code wasClean})
     */
    record Closed(int code, String reason, boolean wasClean) implements ProtocolEvent {
    }
}
