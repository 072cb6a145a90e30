package io.duplex;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

import io.duplex.protocol.message.PreparedMessage;

/**
 * One WebSocket connection, server or client side. Every method may be called from any thread: work
 * is handed to the connection's event loop, in the order the calls were made from one thread.
 *
 * <p>Calls from different threads are ordered by when they reach the loop. A call made on the loop
 * itself (from this connection's callbacks, when they run on the loop) takes effect at once, so it may
 * go ahead of calls from other threads that are still queued for the loop. That is what lets a reply
 * sent from {@code onText} go out before the answer to a Close that arrived in the same read.
 */
public interface WebSocket {

    /**
     * Sends a text message.
     *
     * @param text the message
     * @return whether it was accepted, and whether the buffer is past its high-water mark
     */
    SendResult sendText(String text);

    /**
     * Sends a binary message. The buffer is handed over: it must not be changed until the connection
     * has written it (its {@link #bufferedAmount()} has dropped below what it was after this call).
     *
     * @param data the message, from position to limit
     * @return whether it was accepted, and whether the buffer is past its high-water mark
     */
    SendResult sendBinary(ByteBuffer data);

    /**
     * Sends one part of a binary message streamed in fragments (RFC 6455 section 5.4): the first call
     * starts the message, the call with {@code last} ends it. Pings may go out between the parts; no
     * other data message may until the last part. The buffer is handed over as with
     * {@link #sendBinary(ByteBuffer)}.
     *
     * @param part the bytes, from position to limit
     * @param last whether this part ends the message
     * @return whether it was accepted, and whether the buffer is past its high-water mark; a part that
     *         mixes kinds (binary inside an unfinished text message) is a programming error: it is
     *         logged and the connection closes with 1011
     */
    SendResult sendBinaryFragment(ByteBuffer part, boolean last);

    /**
     * Sends one part of a text message streamed in fragments. Parts may be cut anywhere, even between
     * the two halves of a surrogate pair: the half is held back until the next part.
     *
     * @param part the text
     * @param last whether this part ends the message
     * @return whether it was accepted, and whether the buffer is past its high-water mark; a part that
     *         mixes kinds is logged and closes the connection with 1011
     */
    SendResult sendTextFragment(CharSequence part, boolean last);

    /**
     * Sends a message prepared once for many connections, as a broadcast does: its bytes are shared,
     * and where this connection's compressor keeps no history, so is its compressed form (made once
     * per compression setting for all of them).
     *
     * @param message the shared message
     * @return as for {@link #sendText(String)}
     */
    SendResult send(PreparedMessage message);

    /**
     * Sends a Ping (RFC 6455 section 5.5.2). The buffer is copied at once.
     *
     * @param payload at most 125 bytes
     * @return whether it was accepted
     */
    SendResult ping(ByteBuffer payload);

    /**
     * Starts the closing handshake (RFC 6455 section 7.1.2).
     *
     * @param code   1000-1003, 1007-1014 or 3000-4999
     * @param reason at most 123 bytes of UTF-8
     * @throws IllegalArgumentException when the code may not be sent or the reason is too long
     */
    void close(int code, String reason);

    /** @return where the connection is in its life */
    ReadyState readyState();

    /** @return bytes accepted by the send methods and not yet written to the socket */
    long bufferedAmount();

    /** @return the subprotocol agreed in the handshake, or {@code null} */
    String subprotocol();

    /**
     * The extensions agreed in the handshake, as the browser API's {@code extensions} attribute gives
     * them: the {@code Sec-WebSocket-Extensions} value of the server's answer, parameters included.
     *
     * @return the agreed extensions in the order they apply, or {@code ""} when there are none
     */
    String extensions();

    /** @return the peer's address */
    SocketAddress remoteAddress();

    /**
     * An attribute attached to the connection (in the handshake, or later).
     *
     * @param name the attribute name
     * @param <T>  the type it was stored with
     * @return the value, or {@code null}
     */
    <T> T attribute(String name);

    /**
     * Attaches an attribute to the connection.
     *
     * @param name  the attribute name
     * @param value the value; {@code null} removes it
     */
    void attribute(String name, Object value);
}
