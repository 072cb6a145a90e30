package io.duplex.protocol.message;

import java.nio.ByteBuffer;

/**
 * Accumulates the payload of one incoming message. It starts small and grows as bytes arrive, never
 * past the size announced or allowed, so that a peer announcing a large frame and sending nothing
 * cannot make the receiver reserve the memory up front.
 */
public final class PayloadBuffer {

    /** The first allocation for a payload whose announced size is larger. */
    static final int INITIAL_CAPACITY = 64 * 1024;

    private byte[] data;
    private int size;

    /**
     * @param expectedSize the size announced so far (a frame's length), or more; the first allocation
     *                     is at most {@value #INITIAL_CAPACITY} bytes unless more has already arrived
     */
    public PayloadBuffer(long expectedSize) {
        this.data = new byte[(int) Math.min(expectedSize, INITIAL_CAPACITY)];
    }

    /**
     * Appends bytes from position to limit, advancing the source's position.
     *
     * @param src      the bytes
     * @param capacity the most this buffer will ever need to hold (the message so far plus what its
     *                 current frame announced); growth stops there
     */
    public void append(ByteBuffer src, long capacity) {
        int n = src.remaining();
        int needed = size + n;
        if (needed > data.length) {
            long grown = Math.max((long) data.length * 2, needed);
            byte[] bigger = new byte[(int) Math.max(needed, Math.min(grown, capacity))];
            System.arraycopy(data, 0, bigger, 0, size);
            data = bigger;
        }
        src.get(data, size, n);
        size = needed;
    }

    /** @return the number of bytes held */
    public int size() {
        return size;
    }

    /** @return the bytes held, as a buffer over this buffer's array (no copy) */
    public ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(data, 0, size);
    }

    /** @return the backing array; its first {@link #size()} bytes are the payload */
    public byte[] array() {
        return data;
    }
}
