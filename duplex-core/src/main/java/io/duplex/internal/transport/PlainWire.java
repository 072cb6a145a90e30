package io.duplex.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Bytes straight to and from the socket: keeps nothing, so one instance serves every connection. */
public final class PlainWire implements Wire {

    /** The one instance. */
    public static final PlainWire INSTANCE = new PlainWire();

    private PlainWire() {
    }

    @Override
    public int read(SocketChannel channel, ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long write(SocketChannel channel, ByteBuffer[] srcs) throws IOException {
        return channel.write(srcs);
    }

    @Override
    public boolean inputEnded() {
        return false; // a FIN keeps the socket readable until read: the read itself says -1
    }

    @Override
    public boolean hasPendingOutput() {
        return false;
    }

    @Override
    public boolean canTakeOutput() {
        return true;
    }

    @Override
    public void flushPending() {
        // Nothing is ever kept.
    }

    @Override
    public void closeOutbound() {
        // TCP's FIN is goodbye enough.
    }

    @Override
    public boolean isSecure() {
        return false;
    }
}
