package io.duplex.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Bytes straight to and from the socket: keeps nothing of its own. */
public final class PlainWire implements Wire {

    private final SocketChannel channel;

    /** @param channel the connection's socket */
    public PlainWire(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return channel.write(srcs);
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
