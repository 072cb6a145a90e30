package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The benchmark's latency histogram: its buckets, and percentiles against exact ones. */
class LatencyHistogramTest {

    @Test
    void bucketsTileTheRangeWithoutGapsOrOverlaps() {
        int last = LatencyHistogram.bucketIndex(LatencyHistogram.MAX_VALUE);
        assertThat(LatencyHistogram.bucketLow(0)).isZero();
        for (int i = 0; i < last; i++) {
            assertThat(LatencyHistogram.bucketLow(i + 1)).as("bucket %d", i + 1)
                    .isEqualTo(LatencyHistogram.bucketHigh(i) + 1);
            assertThat(LatencyHistogram.bucketIndex(LatencyHistogram.bucketLow(i))).isEqualTo(i);
            assertThat(LatencyHistogram.bucketIndex(LatencyHistogram.bucketHigh(i))).isEqualTo(i);
        }
        assertThat(LatencyHistogram.bucketHigh(last)).isEqualTo(LatencyHistogram.MAX_VALUE);
    }

    @Test
    void bucketsAreExactBelow128AndWithinOneSixtyFourthAbove() {
        for (long v = 0; v < 128; v++) {
            int i = LatencyHistogram.bucketIndex(v);
            assertThat(LatencyHistogram.bucketLow(i)).isEqualTo(v);
            assertThat(LatencyHistogram.bucketHigh(i)).isEqualTo(v);
        }
        Random random = new Random(42);
        for (int n = 0; n < 100_000; n++) {
            long v = 128 + (random.nextLong() >>> 1) % (LatencyHistogram.MAX_VALUE - 127);
            int i = LatencyHistogram.bucketIndex(v);
            long low = LatencyHistogram.bucketLow(i);
            long high = LatencyHistogram.bucketHigh(i);
            assertThat(v).isBetween(low, high);
            assertThat((double) (high - low + 1) / low).isLessThanOrEqualTo(1.0 / 64);
        }
    }

    @Test
    void percentilesAreWithinTheBucketPrecisionOfTheExactOnes() {
        Random random = new Random(7);
        long[] values = new long[50_001];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // Log-normal around 300 us with a long tail, as latencies are.
            values[i] = (long) (300_000 * Math.exp(random.nextGaussian()));
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 10, 50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) h.percentile(p)).as("p%s", p).isCloseTo(exact, within(exact / 64.0 + 1));
        }
        assertThat(h.percentile(100)).isEqualTo(values[values.length - 1]);
        assertThat(h.percentile(0)).isEqualTo(values[0]);
        assertThat(h.count()).isEqualTo(values.length);
        assertThat(h.min()).isEqualTo(values[0]);
        assertThat(h.max()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void smallCountsGiveTheValuesThemselves() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(50)).isZero();
        assertThat(h.max()).isZero();
        assertThat(h.min()).isZero();
        h.record(5);
        h.record(100);
        h.record(7_000_000);
        assertThat(h.percentile(33)).isEqualTo(5);
        assertThat(h.percentile(50)).isEqualTo(100);
        // The middle of its bucket, within 1/128 of the value, and never above the maximum.
        assertThat(h.percentile(99)).isCloseTo(7_000_000L, within(7_000_000L / 128)).isLessThanOrEqualTo(7_000_000L);
        h.record(-3); // a clock that went back counts as 0
        assertThat(h.min()).isZero();
        h.record(Long.MAX_VALUE);
        assertThat(h.max()).isEqualTo(LatencyHistogram.MAX_VALUE);
    }

    @Test
    void addingHistogramsIsRecordingEverythingInOne() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        LatencyHistogram both = new LatencyHistogram();
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextInt(10_000_000);
            (i % 3 == 0 ? a : b).record(v);
            both.record(v);
        }
        a.add(b);
        assertThat(a.count()).isEqualTo(both.count());
        assertThat(a.min()).isEqualTo(both.min());
        assertThat(a.max()).isEqualTo(both.max());
        for (double p : new double[] {0, 25, 50, 75, 99, 99.99, 100}) {
            assertThat(a.percentile(p)).as("p%s", p).isEqualTo(both.percentile(p));
        }
        a.add(new LatencyHistogram()); // an empty one changes nothing, its min included
        assertThat(a.min()).isEqualTo(both.min());
    }

    @Test
    void percentilesOutsideZeroToHundredAreRefused() {
        LatencyHistogram h = new LatencyHistogram();
        assertThatThrownBy(() -> h.percentile(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.percentile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
