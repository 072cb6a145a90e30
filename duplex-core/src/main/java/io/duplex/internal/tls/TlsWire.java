package io.duplex.internal.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

import io.duplex.internal.transport.Wire;

/**
 * TLS between the transport and the socket: an {@link SSLEngine} per connection, as a byte
 * transformer. The handshake runs inside {@link #read} and {@link #write}, on the loop.
 *
 * <p>It reads and writes the socket it was made with; the one the transport passes is the same.
 *
 * <p>Memory: ciphertext is read into, and written from, two buffers shared by every connection of
 * the loop's thread ({@link TlsBuffers}). A connection keeps a buffer of its own only for an
 * incomplete record that arrived (until the rest comes) and for encrypted bytes the socket did not
 * take (until it drains): an idle TLS connection holds its SSLEngine and nothing else.
 */
public final class TlsWire implements Wire {

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** The largest record, fixed when the engine is made: asking the session each time costs a lock. */
    private final int packetSize;
    /** Ciphertext of an incomplete record; null while none. */
    private ByteBuffer partialIn;
    /** Ciphertext the socket did not take; null while none. */
    private ByteBuffer pendingOut;
    /** The peer's close_notify arrived. */
    private boolean inboundDone;

    /**
     * @param channel the connection's socket
     * @param engine  a new engine, in client or server mode, configured
     */
    public TlsWire(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
    }

    @Override
    public int read(SocketChannel socket, ByteBuffer dst) throws IOException {
        TlsBuffers buffers = TlsBuffers.forThisThread(packetSize);
        ByteBuffer in = buffers.netIn();
        in.clear();
        ByteBuffer spare = partialIn;
        if (partialIn != null) {
            in.put(partialIn);
            partialIn = null;
        }
        int n = channel.read(in);
        in.flip();
        int start = dst.position();
        unwrapAll(in, dst, buffers);
        if (in.hasRemaining()) {
            // A bulk transfer ends most reads inside a record: the buffer of the last one is reused,
            // and once one did not fit it is made a record large. A read that ends on a record
            // boundary lets it go, so an idle connection holds none.
            ByteBuffer keep = spare != null && spare.capacity() >= in.remaining() ? spare.clear()
                    : ByteBuffer.allocate(spare == null ? in.remaining() : Math.max(in.remaining(), packetSize));
            partialIn = keep.put(in).flip();
        }
        int produced = dst.position() - start;
        if (produced > 0) {
            return produced;
        }
        return inboundDone || n < 0 ? -1 : 0;
    }

    /**
     * Unwraps every complete record, running the handshake as it asks. Every complete record fits:
     * the input buffer is never larger than the destination's free space, and TLS plaintext is never
     * longer than its ciphertext.
     */
    private void unwrapAll(ByteBuffer in, ByteBuffer dst, TlsBuffers buffers) throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrapHandshake(buffers);
                if (engine.isOutboundDone()) {
                    return;
                }
                continue;
            }
            if (!in.hasRemaining() || inboundDone) {
                return;
            }
            SSLEngineResult r = engine.unwrap(in, dst);
            switch (r.getStatus()) {
                case OK -> {
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                        return;
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    return; // an incomplete record: the rest comes with the next read
                }
                case BUFFER_OVERFLOW -> throw new SSLException("a TLS record larger than the read buffer");
                case CLOSED -> {
                    // The peer's close_notify: answer it (the engine asks to wrap), then end of input.
                    inboundDone = true;
                    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        wrapHandshake(buffers);
                    }
                    return;
                }
                default -> throw new IllegalStateException(r.getStatus().toString());
            }
        }
    }

    /** Wraps what the handshake (or the closing) has to say, and sends or keeps it. */
    private void wrapHandshake(TlsBuffers buffers) throws IOException {
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            ByteBuffer out = buffers.netOut();
            out.clear();
            SSLEngineResult r = engine.wrap(TlsBuffers.EMPTY, out);
            out.flip();
            send(out);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                return;
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            }
        }
    }

    private void runDelegatedTasks() {
        // Key exchange and certificate checks: CPU work of a few milliseconds at most, run in place.
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    @Override
    public long write(SocketChannel socket, ByteBuffer[] srcs) throws IOException {
        flushPending();
        if (pendingOut != null) {
            return 0;
        }
        if (engine.isOutboundDone()) {
            // Our close_notify already answered the peer's: the connection is ending, and what the
            // layer above still writes (its answer to a Close that came with it) cannot be sent.
            long dropped = 0;
            for (ByteBuffer b : srcs) {
                dropped += b.remaining();
                b.position(b.limit());
            }
            return dropped;
        }
        TlsBuffers buffers = TlsBuffers.forThisThread(packetSize);
        long taken = 0;
        while (hasRemaining(srcs)) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                break; // the handshake waits for the peer; the data goes after it
            }
            ByteBuffer out = buffers.netOut();
            out.clear();
            SSLEngineResult r = engine.wrap(srcs, out);
            taken += r.bytesConsumed();
            out.flip();
            send(out);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the TLS session is closed");
            }
            if (pendingOut != null || r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        }
        return taken;
    }

    private static boolean hasRemaining(ByteBuffer[] srcs) {
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** Writes ciphertext; what the socket does not take is kept, after anything kept before. */
    private void send(ByteBuffer out) throws IOException {
        if (pendingOut == null && out.hasRemaining()) {
            channel.write(out);
        }
        if (!out.hasRemaining()) {
            return;
        }
        if (pendingOut == null) {
            pendingOut = ByteBuffer.allocate(out.remaining()).put(out).flip();
        } else {
            ByteBuffer joined = ByteBuffer.allocate(pendingOut.remaining() + out.remaining());
            pendingOut = joined.put(pendingOut).put(out).flip();
        }
    }

    @Override
    public boolean inputEnded() {
        return inboundDone;
    }

    @Override
    public boolean hasPendingOutput() {
        return pendingOut != null;
    }

    @Override
    public boolean canTakeOutput() {
        HandshakeStatus hs = engine.getHandshakeStatus();
        return hs != HandshakeStatus.NEED_UNWRAP && hs != HandshakeStatus.NEED_UNWRAP_AGAIN;
    }

    @Override
    public void flushPending() throws IOException {
        if (pendingOut != null) {
            channel.write(pendingOut);
            if (!pendingOut.hasRemaining()) {
                pendingOut = null;
            }
        }
    }

    @Override
    public void closeOutbound() {
        try {
            flushPending();
            engine.closeOutbound();
            wrapHandshake(TlsBuffers.forThisThread(packetSize)); // close_notify
        } catch (IOException | RuntimeException e) {
            // Best effort: the socket is being closed anyway.
        }
    }

    @Override
    public boolean isSecure() {
        return true;
    }

}
