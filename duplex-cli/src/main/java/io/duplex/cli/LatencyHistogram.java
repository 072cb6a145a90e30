package io.duplex.cli;

/**
 * Latencies in nanoseconds, counted in fixed log-linear buckets: exact below 128 ns, within 1/64
 * (1.6 %) above, up to {@link #MAX_VALUE} (about 18 minutes; larger values count as that). Memory is
 * fixed (about 18 KiB) and recording allocates nothing, so that a load generator can keep one per
 * connection and record every message instead of a sample.
 *
 * <p>Each power of two from 128 up is cut into 64 equal buckets; below 128 every value has its own.
 * Thread-safe (synchronized: one histogram per connection is never contended).
 */
final class LatencyHistogram {

    /** Buckets per power of two above the exact range: 2^6, hence the 1/64 relative precision. */
    private static final int PRECISION_BITS = 6;
    private static final int SUB_BUCKETS = 1 << PRECISION_BITS;
    /** Values below this have a bucket each. */
    private static final int EXACT_LIMIT = 2 * SUB_BUCKETS;
    /** The largest value told apart from larger ones: 2^40 - 1 ns. */
    static final long MAX_VALUE = (1L << 40) - 1;

    private final long[] counts = new long[bucketIndex(MAX_VALUE) + 1];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max;

    /**
     * Counts one value.
     *
     * @param nanos the latency; negative values (a clock that went back) count as 0
     */
    public synchronized void record(long nanos) {
        long v = Math.min(Math.max(nanos, 0), MAX_VALUE);
        counts[bucketIndex(v)]++;
        count++;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    /**
     * Adds another histogram's counts to this one.
     *
     * @param other the histogram to add; not changed
     */
    public void add(LatencyHistogram other) {
        long[] theirs;
        long theirCount;
        long theirMin;
        long theirMax;
        synchronized (other) { // copied first, so that two locks are never held together
            theirs = other.counts.clone();
            theirCount = other.count;
            theirMin = other.min;
            theirMax = other.max;
        }
        synchronized (this) {
            for (int i = 0; i < theirs.length; i++) {
                counts[i] += theirs[i];
            }
            count += theirCount;
            min = Math.min(min, theirMin);
            max = Math.max(max, theirMax);
        }
    }

    /** @return how many values were recorded */
    public synchronized long count() {
        return count;
    }

    /** @return the smallest value recorded (exact), or 0 when there is none */
    public synchronized long min() {
        return count == 0 ? 0 : min;
    }

    /** @return the largest value recorded (exact, up to {@link #MAX_VALUE}), or 0 when there is none */
    public synchronized long max() {
        return max;
    }

    /**
     * The value below or at which the given share of the recorded values lie: the smallest bucket
     * whose cumulative count reaches {@code ceil(p / 100 * count)}, given as the middle of that bucket
     * (exact below 128 ns), but never outside the exact minimum and maximum.
     *
     * @param percent 0 to 100; 0 gives the minimum, 100 the maximum
     * @return the percentile in nanoseconds, or 0 when nothing was recorded
     */
    public synchronized long percentile(double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is 0 to 100: " + percent);
        }
        if (count == 0) {
            return 0;
        }
        if (percent == 0) {
            return min; // exact, as the maximum is
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100 * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long low = bucketLow(i);
                long middle = low + (bucketHigh(i) - low) / 2;
                return Math.min(Math.max(middle, min), max);
            }
        }
        return max; // unreachable: the counts add up to count
    }

    /**
     * @param value 0 to {@link #MAX_VALUE}
     * @return the bucket that counts it
     */
    static int bucketIndex(long value) {
        if (value < EXACT_LIMIT) {
            return (int) value;
        }
        // Keep the 7 leading bits: the top one says which power of two, the 6 below which 64th of it.
        int shift = 63 - Long.numberOfLeadingZeros(value) - PRECISION_BITS;
        long mantissa = value >>> shift; // 64 to 127
        return (int) (SUB_BUCKETS * shift + mantissa);
    }

    /**
     * @param index a bucket
     * @return the smallest value it counts
     */
    static long bucketLow(int index) {
        if (index < EXACT_LIMIT) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long mantissa = SUB_BUCKETS + index % SUB_BUCKETS;
        return mantissa << shift;
    }

    /**
     * @param index a bucket
     * @return the largest value it counts
     */
    static long bucketHigh(int index) {
        return bucketLow(index + 1) - 1;
    }
}
