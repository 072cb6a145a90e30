package io.duplex;

import java.nio.ByteBuffer;

/**
 * What happens on a connection, in the browser API's shape. Callbacks run on the connection's event
 * loop, one at a time per connection, and must not block. Every method has an empty default.
 */
public interface WebSocketListener {

    /**
     * The opening handshake succeeded.
     *
     * @param ws the connection
     */
    default void onOpen(WebSocket ws) {
    }

    /**
     * A whole text message arrived.
     *
     * @param ws   the connection
     * @param text the message
     */
    default void onText(WebSocket ws, String text) {
    }

    /**
     * A whole binary message arrived. The buffer is the listener's to keep.
     *
     * @param ws   the connection
     * @param data the message
     */
    default void onBinary(WebSocket ws, ByteBuffer data) {
    }

    /**
     * A Ping arrived; the Pong has already been sent.
     *
     * @param ws      the connection
     * @param payload the Ping's data
     */
    default void onPing(WebSocket ws, ByteBuffer payload) {
    }

    /**
     * A Pong arrived.
     *
     * @param ws      the connection
     * @param payload the Pong's data
     */
    default void onPong(WebSocket ws, ByteBuffer payload) {
    }

    /**
     * The connection failed: the peer broke the protocol, or the transport failed. {@link #onClose}
     * follows.
     *
     * @param ws    the connection
     * @param error what went wrong
     */
    default void onError(WebSocket ws, Throwable error) {
    }

    /**
     * The connection is closed (RFC 6455 section 7.1.4): once per connection, last.
     *
     * @param ws     the connection
     * @param code   the close code received, 1005 when the Close had none, 1006 when none arrived
     * @param reason the reason received, possibly empty
     */
    default void onClose(WebSocket ws, int code, String reason) {
    }
}
