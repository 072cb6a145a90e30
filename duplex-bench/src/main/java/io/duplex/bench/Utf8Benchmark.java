package io.duplex.bench;

import io.duplex.protocol.message.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * Throughput of UTF-8 validation of text messages (RFC 6455 section 8.1): {@link Utf8Validator}
 * against what the JDK offers.
 *
 * <ul>
 *   <li>{@code validatorIsValid}: {@link Utf8Validator#isValid(byte[], int, int)} on a heap array;</li>
 *   <li>{@code validatorFeedDirect}: the incremental {@link Utf8Validator#feed(ByteBuffer)} on a
 *       direct buffer, as the engine meets it when reading from a socket;</li>
 *   <li>{@code jdkDecodeReport}: a {@link CharsetDecoder} with {@link CodingErrorAction#REPORT}
 *       into a reused {@link CharBuffer}: what validating by decoding costs;</li>
 *   <li>{@code jdkNewString}: {@code new String(bytes, UTF_8)}, which replaces malformed input with
 *       U+FFFD instead of failing, so it does not validate: a lower bound for "decode then check".</li>
 * </ul>
 * Text is {@code ascii} (letters and spaces) or {@code mixed}: about 70% ASCII, 15% two-byte
 * (Latin, Greek, Cyrillic) and 15% three-byte (CJK) characters.
 *
 * <h2>Reading the numbers</h2>
 * Throughput mode in ops/s (one op is one whole payload of {@code size} bytes); the secondary
 * {@code :bytes} row counts bytes, so its "ops/s" are <b>bytes per second</b>: divide by 10^9 for
 * GB/s. Run: {@code java -jar duplex-bench/target/benchmarks.jar Utf8}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8Benchmark {

    /** Payload length in bytes. */
    @Param({"16", "1024", "1048576"})
    public int size;

    /** {@code ascii} or {@code mixed}. */
    @Param({"ascii", "mixed"})
    public String text;

    private byte[] bytes;
    private ByteBuffer heap;
    private ByteBuffer direct;
    private final Utf8Validator validator = new Utf8Validator();
    private CharsetDecoder decoder;
    private CharBuffer chars;


    /** Builds the payload and the reusable decoder state. */
    @Setup
    public void setUp() {
        bytes = "mixed".equals(text) ? mixed(size) : ascii(size);
        if (!Utf8Validator.isValid(bytes, 0, bytes.length) || bytes.length != size) {
            throw new IllegalStateException("bad payload");
        }
        heap = ByteBuffer.wrap(bytes);
        direct = ByteBuffer.allocateDirect(size).put(bytes).flip();
        decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        chars = CharBuffer.allocate(size);
    }

    private static byte[] ascii(int size) {
        Random random = new Random(8);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (random.nextInt(6) == 0 ? ' ' : 'a' + random.nextInt(26));
        }
        return out;
    }

    private static byte[] mixed(int size) {
        Random random = new Random(8);
        StringBuilder sb = new StringBuilder();
        int length = 0;
        while (true) {
            int roll = random.nextInt(100);
            int cp;
            if (roll < 70) {
                cp = random.nextInt(6) == 0 ? ' ' : 'a' + random.nextInt(26);
            } else if (roll < 85) {
                cp = 0xC0 + random.nextInt(0x4FF - 0xC0); // Latin-1 supplement .. Cyrillic: 2 bytes
            } else {
                cp = 0x4E00 + random.nextInt(0x9FFF - 0x4E00); // CJK: 3 bytes
            }
            int encoded = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
            if (length + encoded > size) {
                break;
            }
            sb.appendCodePoint(cp);
            length += encoded;
        }
        while (length++ < size) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One-shot validation of a heap array.
     *
     * @param counter byte counter
     * @return whether valid
     */
    @Benchmark
    public boolean validatorIsValid(ByteCounter counter) {
        counter.bytes += size;
        return Utf8Validator.isValid(bytes, 0, bytes.length);
    }

    /**
     * Incremental validation of a direct buffer, as the engine does per fragment.
     *
     * @param counter byte counter
     * @return whether valid and complete
     */
    @Benchmark
    public boolean validatorFeedDirect(ByteCounter counter) {
        counter.bytes += size;
        validator.reset();
        return validator.feed(direct) && validator.isComplete();
    }

    /**
     * Validating decode with the JDK: a REPORT decoder into a reused char buffer.
     *
     * @param counter byte counter
     * @return whether valid
     */
    @Benchmark
    public boolean jdkDecodeReport(ByteCounter counter) {
        counter.bytes += size;
        heap.clear();
        chars.clear();
        decoder.reset();
        CoderResult result = decoder.decode(heap, chars, true);
        return !result.isError() && !decoder.flush(chars).isError();
    }

    /**
     * {@code new String(bytes, UTF_8)}: decodes with replacement, does not validate.
     *
     * @param counter byte counter
     * @return the string
     */
    @Benchmark
    public String jdkNewString(ByteCounter counter) {
        counter.bytes += size;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
