package io.duplex.bench;

import io.duplex.protocol.frame.Masking;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of RFC 6455 section 5.3 masking, which a server runs over every byte it receives:
 * {@link Masking#maskInPlace} and {@link Masking#maskCopy} (word at a time) against the byte loop
 * the RFC describes.
 *
 * <h2>Reading the numbers</h2>
 * Mode is throughput per second. Each benchmark reports two rows:
 * <ul>
 *   <li>the primary score, in ops/s: calls per second, each over {@code size} bytes;</li>
 *   <li>a secondary {@code :bytes} row from an {@link ByteCounter}, in "ops/s" that are in
 *       fact <b>bytes per second</b>: divide by 10^9 for GB/s (for example {@code 1.2e10} is
 *       12 GB/s). It equals the primary score times {@code size}.</li>
 * </ul>
 * Run: {@code java -jar duplex-bench/target/benchmarks.jar Masking}. The 16-byte case is dominated
 * by call overhead; 1 KiB is a typical chat message; 1 MiB exceeds L2 on most machines.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {

    /** Payload length in bytes. */
    @Param({"16", "1024", "1048576"})
    public int size;

    /** {@code heap} for {@code ByteBuffer.allocate}, {@code direct} for {@code allocateDirect}. */
    @Param({"heap", "direct"})
    public String memory;

    private static final int KEY = 0x37fa213d;
    private final byte[] keyOctets = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private ByteBuffer payload;
    private ByteBuffer target;


    /** Allocates the buffers and fills the payload with random bytes. */
    @Setup
    public void setUp() {
        payload = allocate(size);
        target = allocate(size);
        byte[] random = new byte[size];
        new Random(6455).nextBytes(random);
        payload.put(random).clear();
    }

    private ByteBuffer allocate(int capacity) {
        return "direct".equals(memory) ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /**
     * Word-at-a-time in-place masking. Masking twice restores the payload, so the data simply
     * alternates between iterations.
     *
     * @param counter byte counter
     * @return the next key index, so that the work is not eliminated
     */
    @Benchmark
    public int maskInPlace(ByteCounter counter) {
        counter.bytes += size;
        return Masking.maskInPlace(payload, KEY, 1);
    }

    /**
     * Word-at-a-time masking copy into a second buffer of the same kind.
     *
     * @param counter byte counter
     * @return the next key index
     */
    @Benchmark
    public int maskCopy(ByteCounter counter) {
        counter.bytes += size;
        payload.clear();
        target.clear();
        return Masking.maskCopy(payload, target, KEY, 1);
    }

    /**
     * Baseline: the RFC's algorithm one byte at a time, as a straightforward implementation would
     * write it with absolute buffer access.
     *
     * @param counter byte counter
     * @return the next key index
     */
    @Benchmark
    public int byteLoop(ByteCounter counter) {
        counter.bytes += size;
        ByteBuffer buf = payload;
        int keyIndex = 1;
        int position = buf.position();
        int limit = buf.limit();
        for (int i = position; i < limit; i++) {
            buf.put(i, (byte) (buf.get(i) ^ keyOctets[(keyIndex + i - position) & 3]));
        }
        return (keyIndex + limit - position) & 3;
    }
}
