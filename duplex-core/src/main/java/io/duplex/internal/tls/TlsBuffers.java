package io.duplex.internal.tls;

import java.nio.ByteBuffer;

/**
 * The ciphertext buffers of one loop thread, shared by all its TLS connections: a connection uses
 * them only inside one read or write, on that thread. Sized from the engine's packet size; the input
 * buffer holds two records and never more than the transport's 64 KiB read buffer can take in
 * plaintext.
 */
final class TlsBuffers {

    static final ByteBuffer[] EMPTY = {ByteBuffer.allocate(0)};

    private static final ThreadLocal<TlsBuffers> PER_THREAD = new ThreadLocal<>();
    private static final int MAX_NET_IN = 64 * 1024;

    private final ByteBuffer netIn;
    private final ByteBuffer netOut;

    private TlsBuffers(int packetSize) {
        this.netIn = ByteBuffer.allocateDirect(Math.min(2 * packetSize, MAX_NET_IN));
        this.netOut = ByteBuffer.allocateDirect(packetSize);
    }

    /**
     * @param packetSize how large a record of the asking engine may be
     * @return this thread's buffers, made (or made larger) on first need
     */
    static TlsBuffers forThisThread(int packetSize) {
        TlsBuffers buffers = PER_THREAD.get();
        if (buffers == null || buffers.netOut.capacity() < packetSize) {
            buffers = new TlsBuffers(packetSize);
            PER_THREAD.set(buffers);
        }
        return buffers;
    }

    ByteBuffer netIn() {
        return netIn;
    }

    ByteBuffer netOut() {
        return netOut;
    }
}
