package io.duplex.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * How a connection's bytes reach its socket: as they are ({@link PlainWire#INSTANCE}, shared by every
 * plain connection, so that it costs them nothing), or through TLS ({@link io.duplex.internal.tls.TlsWire},
 * one per connection). The transport above it reads and writes application
 * bytes and never knows which. Used only on the connection's loop.
 */
public interface Wire {

    /**
     * Reads application bytes.
     *
     * @param channel the connection's socket
     * @param dst     where they go, from its position; at least 64 KiB free
     * @return how many bytes were read, 0 when none are ready yet, -1 at the end of input
     * @throws IOException when the socket or the TLS session fails (a peer that does not speak TLS)
     */
    int read(SocketChannel channel, ByteBuffer dst) throws IOException;

    /**
     * Writes application bytes, as many as it takes now. Bytes it takes but cannot put on the socket
     * yet (encrypted records) it keeps, and reports through {@link #hasPendingOutput()}.
     *
     * @param channel the connection's socket
     * @param srcs    the bytes, each from its position; positions are advanced past what was taken
     * @return how many bytes were taken
     * @throws IOException when the socket fails
     */
    long write(SocketChannel channel, ByteBuffer[] srcs) throws IOException;

    /**
     * @return whether the peer has ended its input below the WebSocket layer (TLS: its close_notify
     *         arrived) although the socket may never signal it again: the transport then ends the
     *         input itself, after handling what came with it
     */
    boolean inputEnded();

    /** @return whether bytes already taken still wait for the socket to drain */
    boolean hasPendingOutput();

    /**
     * @return whether {@link #write} can take bytes now; {@code false} while a TLS handshake waits
     *         for the peer, when waiting for the socket to drain would only spin
     */
    boolean canTakeOutput();

    /**
     * Writes what it kept, as far as the socket takes it.
     *
     * @throws IOException when the socket fails
     */
    void flushPending() throws IOException;

    /**
     * Says goodbye below the WebSocket layer, in one non-blocking write at most (TLS: close_notify);
     * the socket is closed right after.
     */
    void closeOutbound();

    /** @return whether the connection is encrypted */
    boolean isSecure();
}
