package io.duplex.protocol.extension.deflate;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Idle zlib streams shared by connections that do not keep a history between messages, so that a
 * connection holds one only while it compresses or inflates a message. A zlib compressor holds about
 * 256 KiB of native memory and a decompressor about 40 KiB: the pool is what keeps many compressed
 * connections cheap. Bounded: a stream given back to a full pool is ended at once. Thread-safe.
 */
public final class ZlibPool {

    /** The pool every connection uses unless told otherwise. */
    private static final ZlibPool SHARED = new ZlibPool(4 * Runtime.getRuntime().availableProcessors());

    private final int capacity;
    /** Idle compressors by level: index 0 for the default level, 1 to 10 for levels 0 to 9. */
    private final Idle<Deflater>[] deflaters;
    private final Idle<Inflater> inflaters = new Idle<>();

    /** @param capacity how many idle streams of each kind (and each level) to keep */
    @SuppressWarnings("unchecked")
    public ZlibPool(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.deflaters = new Idle[11];
        for (int i = 0; i < deflaters.length; i++) {
            deflaters[i] = new Idle<>();
        }
    }

    /** @return the pool shared by the whole JVM */
    public static ZlibPool shared() {
        return SHARED;
    }

    /**
     * @param level 0 to 9 or {@link Deflater#DEFAULT_COMPRESSION}
     * @return a raw (no zlib header) compressor at that level, with no history
     */
    Deflater borrowDeflater(int level) {
        Deflater d = deflaters[level + 1].queue.poll();
        if (d != null) {
            deflaters[level + 1].size.decrementAndGet();
            return d;
        }
        return new Deflater(level, true);
    }

    /**
     * Takes back a compressor, resetting it, or ends it when the pool is full.
     *
     * @param d     from {@link #borrowDeflater(int)}
     * @param level the level it was borrowed at
     */
    void giveBack(Deflater d, int level) {
        d.reset();
        if (!deflaters[level + 1].offer(d, capacity)) {
            d.end();
        }
    }

    /** @return a raw decompressor with no history */
    Inflater borrowInflater() {
        Inflater i = inflaters.queue.poll();
        if (i != null) {
            inflaters.size.decrementAndGet();
            return i;
        }
        return new Inflater(true);
    }

    /**
     * Takes back a decompressor, resetting it, or ends it when the pool is full.
     *
     * @param i from {@link #borrowInflater()}
     */
    void giveBack(Inflater i) {
        i.reset();
        if (!inflaters.offer(i, capacity)) {
            i.end();
        }
    }

    /** @return how many idle compressors and decompressors the pool holds, for tests and metrics */
    public int idleCount() {
        int n = inflaters.size.get();
        for (Idle<Deflater> d : deflaters) {
            n += d.size.get();
        }
        return n;
    }

    /** One bounded queue of idle streams. */
    private static final class Idle<T> {
        final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();

        boolean offer(T item, int capacity) {
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                return false;
            }
            queue.offer(item);
            return true;
        }
    }
}
