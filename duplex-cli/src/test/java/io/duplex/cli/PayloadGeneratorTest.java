package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark's messages: exact sizes, reproducible, varied, and as compressible as they claim. */
class PayloadGeneratorTest {

    @Test
    void jsonHasExactlyTheSizeAskedForAtEverySize() {
        Random random = new Random(1);
        for (int size = 0; size <= 600; size++) {
            assertJsonShape(PayloadGenerator.json(random, size, size), size);
        }
        for (int size : new int[] {1000, 4095, 4096, 4097, 65_536, 1 << 20}) {
            assertJsonShape(PayloadGenerator.json(random, 123_456_789L, size), size);
        }
    }

    private static void assertJsonShape(String json, int size) {
        assertThat(json).as("size %d", size).hasSize(size);
        assertThat(json.getBytes(StandardCharsets.UTF_8)).as("UTF-8 bytes, size %d", size).hasSize(size);
        assertThat(json.chars()).as("ASCII without control characters").allMatch(c -> c >= 0x20 && c < 0x7f);
        if (size >= 2) {
            assertThat(balanced(json)).as("brackets balance outside strings: %s", json).isTrue();
        }
        if (size >= 200) {
            assertThat(json).startsWith("{\"channel\":\"trades\",\"seq\":").endsWith("]}").contains("{\"sym\":\"");
        }
    }

    /** Brackets and braces nest and close, quotes pair: the shape of JSON, without a JSON parser. */
    private static boolean balanced(String s) {
        StringBuilder open = new StringBuilder();
        boolean inString = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == '{' || c == '[')) {
                open.append(c);
            } else if (!inString && (c == '}' || c == ']')) {
                if (open.length() == 0 || open.charAt(open.length() - 1) != (c == '}' ? '{' : '[')) {
                    return false;
                }
                open.setLength(open.length() - 1);
            }
        }
        return !inString && open.length() == 0;
    }

    @Test
    void asciiAndRandomHaveExactlyTheSizeAskedFor() {
        Random random = new Random(2);
        for (int size : new int[] {0, 1, 2, 7, 64, 4096, 100_000}) {
            String text = PayloadGenerator.ascii(random, size);
            assertThat(text).hasSize(size);
            assertThat(text.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
            assertThat(PayloadGenerator.random(random, size, false)).hasSize(size);
            byte[] textSafe = PayloadGenerator.random(random, size, true);
            assertThat(textSafe).hasSize(size);
            for (byte b : textSafe) {
                assertThat((char) b).matches(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/');
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameMessagesAndTheyDifferFromEachOther() {
        PayloadPool a = PayloadPool.create(PayloadPool.Kind.JSON, 4096, false);
        PayloadPool b = PayloadPool.create(PayloadPool.Kind.JSON, 4096, false);
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < a.count(); i++) {
            assertThat(a.text(i)).isEqualTo(b.text(i));
            distinct.add(a.text(i));
        }
        assertThat(distinct).hasSize(a.count());
    }

    @Test
    void jsonCompressesAsAFeedDoesAndNoiseDoesNot() {
        PayloadPool json = PayloadPool.create(PayloadPool.Kind.JSON, 4096, false);
        double jsonRatio = deflatedRatio(json.buffer(0));
        assertThat(jsonRatio).as("json deflated / original").isBetween(0.08, 0.4);
        PayloadPool noise = PayloadPool.create(PayloadPool.Kind.RANDOM, 4096, true);
        assertThat(deflatedRatio(noise.buffer(0))).as("random deflated / original").isGreaterThan(0.98);
    }

    private static double deflatedRatio(ByteBuffer message) {
        byte[] in = new byte[message.remaining()];
        message.get(in);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            d.setInput(in);
            byte[] out = new byte[in.length * 2 + 64];
            int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return (double) n / in.length;
        } finally {
            d.end();
        }
    }

    @Test
    void aPoolSpansFourDeflateWindowsWithinItsBudget() {
        assertThat(PayloadPool.poolSize(4096)).isEqualTo(32);
        assertThat(PayloadPool.poolSize(64)).isEqualTo(2048);
        assertThat(PayloadPool.poolSize(1)).isEqualTo(128 * 1024);
        assertThat(PayloadPool.poolSize(100_000)).isEqualTo(16);
        assertThat(PayloadPool.poolSize(16 << 20)).isEqualTo(1);
        assertThat(PayloadPool.poolSize(64 << 20)).isEqualTo(1);
        for (int size : new int[] {1, 100, 4096, 40_000, 1 << 20}) {
            long bytes = (long) PayloadPool.poolSize(size) * size;
            assertThat(bytes).as("size %d", size).isGreaterThanOrEqualTo(Math.min(4 << 15, 16L << 20));
            assertThat(bytes).as("size %d", size).isLessThanOrEqualTo(Math.max(size, 16L << 20));
        }
    }

    @ParameterizedTest
    @EnumSource(PayloadPool.Kind.class)
    void anEchoMatchesOnlyWhenEveryByteIsTheSame(PayloadPool.Kind kind) {
        PayloadPool text = PayloadPool.create(kind, 300, false);
        assertThat(text.matches(3, text.text(3), null)).isTrue();
        assertThat(text.matches(3, text.text(4), null)).isFalse();
        assertThat(text.matches(3, text.text(3).substring(1), null)).isFalse();
        assertThat(text.matches(3, null, text.buffer(3))).as("binary for text").isFalse();

        PayloadPool binary = PayloadPool.create(kind, 300, true);
        ByteBuffer copy = ByteBuffer.allocate(300).put(binary.buffer(5)).flip();
        assertThat(binary.matches(5, null, copy)).isTrue();
        copy.put(299, (byte) (copy.get(299) ^ 1));
        assertThat(binary.matches(5, null, copy)).isFalse();
        assertThat(binary.matches(5, "text", null)).as("text for binary").isFalse();
        assertThat(binary.buffer(5).isReadOnly()).as("the shared pool cannot be written through").isTrue();
    }
}
