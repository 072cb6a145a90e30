package io.duplex.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 sections 5.6 and 8.1: text must be valid UTF-8 (RFC 3629, Unicode Table 3-7), checked
 * incrementally across fragments and failed at the first byte that rules out every valid
 * continuation.
 */
class Utf8ValidatorTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Feeds one byte at a time and answers the index of the first byte for which feed was false. */
    private static int failIndexByteByByte(byte[] bytes) {
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < bytes.length; i++) {
            if (!v.feed(bytes, i, 1)) {
                assertThat(v.hasFailed()).isTrue();
                return i;
            }
            assertThat(v.hasFailed()).isFalse();
        }
        return -1;
    }

    // ---------------------------------------------------------------- invalid sequences, fail-fast

    @ParameterizedTest(name = "{0} fails at byte {1}")
    @CsvSource({
        // C0, C1 can only start overlong 2-byte forms; they fail at once.
        "C0 80,           0",
        "C0 AF,           0",
        "C1 BF,           0",
        // Overlong 3- and 4-byte forms, including the largest overlong of each length.
        "E0 80 80,        1",
        "E0 80 AF,        1",
        "E0 9F BF,        1",
        "F0 80 80 80,     1",
        "F0 80 80 AF,     1",
        "F0 8F BF BF,     1",
        // Surrogates U+D800..U+DFFF (ED A0 80 .. ED BF BF), also a pair.
        "ED A0 80,        1",
        "ED AD BF,        1",
        "ED AE 80,        1",
        "ED BF BF,        1",
        "ED A0 80 ED B0 80, 1",
        // Above U+10FFFF.
        "F4 90 80 80,     1",
        "F4 BF BF BF,     1",
        "F5 80 80 80,     0",
        "F7 BF BF BF,     0",
        "F8 88 80 80 80,  0",
        "FC 84 80 80 80 80, 0",
        "FE,              0",
        "FF,              0",
        // Lone continuation bytes.
        "80,              0",
        "BF,              0",
        "41 80,           1",
        "C2 80 80,        2",
        "E1 80 80 BF,     3",
        // A sequence cut short by ASCII or by another lead byte.
        "C2 41,           1",
        "E1 80 41,        2",
        "E1 41,           1",
        "F1 80 80 41,     3",
        "F1 41,           1",
        "E1 C2 80,        1",
        "F4 8F BF C0,     3",
        // Autobahn 6.4.1 / 6.4.3: valid text, then an invalid code point, then more text.
        "CE BA E1 BD B9 CF 83 CE BC CE B5 F4 90 80 80 65 64 69 74 65 64, 12",
        "CE BA E1 BD B9 CF 83 CE BC CE B5 ED A0 80 65 64 69 74 65 64,    12",
        // After a long ASCII run (exercises the 8-byte shortcut).
        "41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 ED A0 80, 17",
        "41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F 50 FF,       16",
    })
    void invalidSequenceFailsAtTheFirstImpossibleByte(String hex, int failIndex) {
        byte[] bytes = hex(hex);

        assertThat(failIndexByteByByte(bytes)).isEqualTo(failIndex);
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).isFalse();

        // The prefix before the failing byte is still a valid prefix.
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(bytes, 0, failIndex)).isTrue();
        assertThat(v.feed(bytes, failIndex, bytes.length - failIndex)).isFalse();
        assertThat(v.hasFailed()).isTrue();
        assertThat(v.isComplete()).isFalse();
    }

    @Test
    void failureIsStickyUntilReset() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(hex("C0"), 0, 1)).isFalse();
        assertThat(v.feed(hex("41"), 0, 1)).isFalse();
        assertThat(v.feed(ByteBuffer.wrap(hex("41")))).isFalse();
        assertThat(v.feed(hex(""), 0, 0)).isFalse();
        assertThat(v.hasFailed()).isTrue();
        assertThat(v.isComplete()).isFalse();

        v.reset();
        assertThat(v.hasFailed()).isFalse();
        assertThat(v.isComplete()).isTrue();
        assertThat(v.feed(hex("41"), 0, 1)).isTrue();
        assertThat(v.isComplete()).isTrue();
    }

    @Test
    void everySingleByteIsClassifiedPerTable37() {
        for (int b = 0; b < 256; b++) {
            byte[] one = {(byte) b};
            Utf8Validator v = new Utf8Validator();
            boolean ok = v.feed(one, 0, 1);
            boolean lead = (b >= 0xC2 && b <= 0xF4);
            assertThat(ok).as("byte %02X", b).isEqualTo(b < 0x80 || lead);
            assertThat(v.isComplete()).as("byte %02X", b).isEqualTo(b < 0x80);
        }
    }

    @Test
    void everyTwoByteArrayAgreesWithTheReference() {
        byte[] two = new byte[2];
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                two[0] = (byte) a;
                two[1] = (byte) b;
                assertThat(failIndexByteByByte(two)).as("%02X %02X", a, b).isEqualTo(referenceFailIndex(two));
                assertThat(Utf8Validator.isValid(two, 0, 2)).as("%02X %02X", a, b).isEqualTo(jdkValid(two, 2));
            }
        }
    }

    @Test
    void everySurrogateIsRejected() {
        for (int cp = 0xD800; cp <= 0xDFFF; cp++) {
            byte[] encoded = {
                (byte) (0xE0 | (cp >>> 12)), (byte) (0x80 | ((cp >>> 6) & 0x3F)), (byte) (0x80 | (cp & 0x3F))
            };
            assertThat(failIndexByteByByte(encoded)).as("U+%04X", cp).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- truncated sequences

    @ParameterizedTest
    @ValueSource(strings = {"C2", "DF", "E0", "E0 A0", "E1 80", "ED 9F", "EF BF", "F0", "F0 90", "F0 90 80",
        "F1 80 80", "F3 BF BF", "F4", "F4 8F", "F4 8F BF", "41 42 E2 82"})
    void truncatedAtTheEndIsAValidPrefixButNotComplete(String hex) {
        byte[] bytes = hex(hex);
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed(bytes, 0, bytes.length)).isTrue();
        assertThat(v.hasFailed()).isFalse();
        assertThat(v.isComplete()).isFalse();
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"C2", "DF", "E0", "E0 A0", "E1", "E1 80", "ED", "ED 9F", "F0", "F0 90", "F0 90 80",
        "F1", "F1 80", "F1 80 80", "F4", "F4 8F", "F4 8F BF"})
    void truncatedSequenceFollowedByAsciiFailsAtTheAsciiAtEveryAlignment(String hex) {
        // A sequence cut short by a run of ASCII, at every alignment to the 8-byte words that the
        // ASCII shortcut reads: the shortcut must not skip the run while a sequence is open.
        byte[] prefix = hex(hex);
        for (int before = 0; before <= 17; before++) {
            byte[] bytes = new byte[before + prefix.length + 24];
            Arrays.fill(bytes, (byte) 'a');
            System.arraycopy(prefix, 0, bytes, before, prefix.length);
            int failIndex = before + prefix.length;
            String context = before + " ASCII bytes before " + hex;

            assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).as(context).isFalse();
            assertThat(failIndexByteByByte(bytes)).as(context).isEqualTo(failIndex);
            for (ByteBuffer buf : positionedBuffers(bytes, 5)) {
                assertThat(Utf8Validator.isValid(buf)).as(context).isFalse();
                Utf8Validator v = new Utf8Validator();
                ByteBuffer head = buf.duplicate();
                head.limit(head.position() + failIndex);
                assertThat(v.feed(head)).as(context).isTrue();
                ByteBuffer tail = buf.duplicate();
                tail.position(tail.position() + failIndex);
                assertThat(v.feed(tail)).as(context).isFalse();
            }
        }
    }

    @Test
    void codePointSplitAcrossFragmentsIsFine() {
        // U+1F600 (F0 9F 98 80) split at every possible point, as in fragments of one message.
        byte[] bytes = hex("41 F0 9F 98 80 42");
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator v = new Utf8Validator();
            assertThat(v.feed(bytes, 0, split)).isTrue();
            assertThat(v.isComplete()).isEqualTo(split <= 1 || split >= 5);
            assertThat(v.feed(ByteBuffer.wrap(bytes, split, bytes.length - split))).isTrue();
            assertThat(v.isComplete()).isTrue();
        }
    }

    // ---------------------------------------------------------------- valid edges

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"0000", "007F", "0080", "07FF", "0800", "0FFF", "1000", "CFFF", "D000", "D7FF",
        "E000", "FFFD", "FFFE", "FFFF", "10000", "3FFFF", "40000", "FFFFF", "100000", "10FFFF"})
    void edgeCodePointsAreValid(String codePoint) {
        int cp = Integer.parseInt(codePoint, 16);
        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).isTrue();
        assertThat(failIndexByteByByte(bytes)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "7F", "C2 80", "DF BF", "E0 A0 80", "ED 9F BF", "EE 80 80", "EF BF BD",
        "EF BF BF", "F0 90 80 80", "F4 8F BF BF", "CE BA E1 BD B9 CF 83 CE BC CE B5", ""})
    void wireFormsOfEdgesAreValid(String hex) {
        byte[] bytes = hex(hex);
        assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).isTrue();
    }

    @Test
    void everyScalarValueIsValid() {
        Utf8Validator v = new Utf8Validator();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp == 0xD800) {
                cp = 0xE000;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(v.feed(bytes, 0, bytes.length)).isTrue();
            if (!v.isComplete()) {
                throw new AssertionError(String.format("U+%04X", cp));
            }
        }
    }

    // ---------------------------------------------------------------- buffers

    @Test
    void heapDirectAndReadOnlyBuffersWithNonZeroPosition() {
        byte[] text = "prefix: κόσμε, 日本語 and 😀 after a long enough ASCII run".getBytes(StandardCharsets.UTF_8);
        byte[] bad = hex("41 42 43 44 45 46 47 48 49 4A F4 90 80 80");
        for (byte[] payload : new byte[][] {text, bad}) {
            boolean expected = jdkValid(payload, payload.length);
            for (ByteBuffer buf : positionedBuffers(payload, 7)) {
                int position = buf.position();
                int limit = buf.limit();
                ByteOrder order = buf.order();

                Utf8Validator v = new Utf8Validator();
                assertThat(v.feed(buf)).isEqualTo(expected);
                assertThat(v.isComplete()).isEqualTo(expected);
                assertThat(Utf8Validator.isValid(buf)).isEqualTo(expected);

                assertThat(buf.position()).isEqualTo(position);
                assertThat(buf.limit()).isEqualTo(limit);
                assertThat(buf.order()).isEqualTo(order);
            }
        }
    }

    @Test
    void bytesOutsideTheRangeAreIgnored() {
        // Invalid bytes before position and after limit must not be read.
        byte[] arr = hex("FF FF 41 42 C3 A9 FF FF");
        assertThat(Utf8Validator.isValid(arr, 2, 4)).isTrue();
        assertThat(new Utf8Validator().feed(ByteBuffer.wrap(arr, 2, 4))).isTrue();
        ByteBuffer direct = ByteBuffer.allocateDirect(arr.length).put(arr);
        direct.position(2).limit(6);
        assertThat(Utf8Validator.isValid(direct)).isTrue();
        ByteBuffer slice = ByteBuffer.wrap(arr, 2, 4).slice(); // arrayOffset 2
        assertThat(Utf8Validator.isValid(slice)).isTrue();
    }

    /** The same bytes at {@code position} in each kind of buffer, with junk around them. */
    private static ByteBuffer[] positionedBuffers(byte[] payload, int position) {
        byte[] padded = new byte[position + payload.length + 5];
        Arrays.fill(padded, (byte) 0xFF);
        System.arraycopy(payload, 0, padded, position, payload.length);

        ByteBuffer heap = ByteBuffer.wrap(padded.clone(), position, payload.length);
        ByteBuffer sliced = ByteBuffer.wrap(padded.clone()).position(3).slice(); // arrayOffset 3
        sliced.position(position - 3).limit(position - 3 + payload.length);
        ByteBuffer direct = ByteBuffer.allocateDirect(padded.length).put(padded);
        direct.position(position).limit(position + payload.length);
        ByteBuffer directLittle = ByteBuffer.allocateDirect(padded.length).order(ByteOrder.LITTLE_ENDIAN).put(padded);
        directLittle.position(position).limit(position + payload.length);
        ByteBuffer readOnly = ByteBuffer.wrap(padded.clone(), position, payload.length).asReadOnlyBuffer();
        return new ByteBuffer[] {heap, sliced, direct, directLittle, readOnly};
    }

    // ---------------------------------------------------------------- randomized against the JDK

    @Test
    void randomBytesInRandomChunksAgreeWithTheJdkDecoder() {
        long seed = 0x5EED_6455L;
        Random random = new Random(seed);
        int valid = 0;
        int incomplete = 0;
        int failed = 0;
        for (int round = 0; round < 4000; round++) {
            byte[] bytes = randomText(random, random.nextInt(round < 3900 ? 120 : 5000));
            int expectedFail = referenceFailIndex(bytes);
            boolean expectedValid = jdkValid(bytes, bytes.length);
            String context = "seed " + seed + " round " + round + ": " + HexFormat.ofDelimiter(" ").formatHex(bytes);

            assertThat(Utf8Validator.isValid(bytes, 0, bytes.length)).as(context).isEqualTo(expectedValid);

            // In one call: everything before the first impossible byte passes, and any range that
            // takes that byte in fails, however many (ASCII) bytes follow it in the same call. The
            // bytes are shifted by 0..7 ASCII bytes so that the failure meets every alignment of
            // the 8-byte words read by the ASCII shortcut.
            if (expectedFail >= 0) {
                for (int shift = 0; shift < Long.BYTES; shift++) {
                    byte[] shifted = new byte[shift + bytes.length];
                    Arrays.fill(shifted, 0, shift, (byte) 'a');
                    System.arraycopy(bytes, 0, shifted, shift, bytes.length);
                    int fail = shift + expectedFail;
                    int kind = random.nextInt(4);
                    assertThat(feedAs(kind, new Utf8Validator(), shifted, 0, fail)).as(context).isTrue();
                    int end = Math.min(shifted.length, fail + 1 + random.nextInt(24));
                    assertThat(feedAs(kind, new Utf8Validator(), shifted, 0, end)).as(context).isFalse();
                }
            }

            // Feed random chunks through random kinds of buffers; the first false must come from
            // the chunk that holds the first impossible byte.
            Utf8Validator v = new Utf8Validator();
            int firstFalseChunkEnd = -1;
            int start = 0;
            while (start < bytes.length || start == 0) {
                int length = Math.min(bytes.length - start, random.nextInt(random.nextBoolean() ? 4 : 40));
                boolean ok = feedAs(random.nextInt(4), v, bytes, start, length);
                if (!ok && firstFalseChunkEnd < 0) {
                    firstFalseChunkEnd = start + length;
                    assertThat(expectedFail).as(context).isBetween(start, start + length - 1);
                }
                start += length;
                if (start == bytes.length) {
                    break;
                }
            }
            if (expectedFail < 0) {
                assertThat(firstFalseChunkEnd).as(context).isEqualTo(-1);
            } else {
                assertThat(firstFalseChunkEnd).as(context).isPositive();
            }
            assertThat(v.hasFailed()).as(context).isEqualTo(expectedFail >= 0);
            assertThat(v.isComplete()).as(context).isEqualTo(expectedValid);

            if (expectedValid) {
                valid++;
            } else if (expectedFail < 0) {
                incomplete++;
            } else {
                failed++;
            }
        }
        // The generator must actually exercise all three outcomes.
        assertThat(valid).isGreaterThan(300);
        assertThat(incomplete).isGreaterThan(100);
        assertThat(failed).isGreaterThan(300);
    }

    private static boolean feedAs(int kind, Utf8Validator v, byte[] bytes, int start, int length) {
        switch (kind) {
            case 0:
                return v.feed(bytes, start, length);
            case 1:
                return v.feed(ByteBuffer.wrap(bytes, start, length));
            case 2: {
                ByteBuffer direct = ByteBuffer.allocateDirect(length + 3);
                direct.position(3);
                direct.put(bytes, start, length);
                direct.position(3);
                return v.feed(direct);
            }
            default:
                return v.feed(ByteBuffer.wrap(bytes, start, length).asReadOnlyBuffer());
        }
    }

    /**
     * Text with many high bytes: mostly valid encodings of code points of every length, with, at a
     * rate chosen per array, random bytes mixed in (which are nearly all high), and sometimes cut at
     * a random point.
     */
    private static byte[] randomText(Random random, int approximateLength) {
        double noise = new double[] {0, 0, 0.002, 0.02, 0.1, 1}[random.nextInt(6)];
        // Some arrays are mostly ASCII, so that long ASCII runs meet open sequences and errors.
        double asciiBias = new double[] {0, 0, 0.7, 0.95}[random.nextInt(4)];
        byte[] out = new byte[approximateLength + 8];
        int n = 0;
        while (n < approximateLength) {
            if (random.nextDouble() < noise) {
                if (random.nextBoolean()) {
                    out[n++] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 0x80 + random.nextInt(128));
                } else {
                    // A sequence cut short: the start of a valid 2- to 4-byte encoding.
                    int cp = 0x80 + random.nextInt(0x110000 - 0x80);
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        cp = 0xFFFD;
                    }
                    byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    int keep = 1 + random.nextInt(enc.length - 1);
                    System.arraycopy(enc, 0, out, n, keep);
                    n += keep;
                }
                continue;
            }
            int cp;
            switch (random.nextDouble() < asciiBias ? 4 : random.nextInt(5)) {
                case 0 -> cp = random.nextInt(0x80);
                case 1 -> cp = 0x80 + random.nextInt(0x800 - 0x80);
                case 2 -> {
                    cp = 0x800 + random.nextInt(0x10000 - 0x800);
                    if (cp >= 0xD800 && cp <= 0xDFFF) {
                        cp = 0xD7FF;
                    }
                }
                case 3 -> cp = 0x10000 + random.nextInt(0x110000 - 0x10000);
                default -> cp = 'a';
            }
            byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(enc, 0, out, n, enc.length);
            n += enc.length;
        }
        if (random.nextInt(4) == 0 && n > 0) {
            n = random.nextInt(n + 1);
        }
        return Arrays.copyOf(out, n);
    }

    // ---------------------------------------------------------------- reference, built on the JDK

    private static boolean jdkValid(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(length + 1);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, true);
        if (result.isError()) {
            return false;
        }
        return !decoder.flush(out).isError();
    }

    /**
     * The index of the first byte after which no continuation can make the bytes valid, or -1. The
     * JDK decoder is not itself fail-fast for partial input (it waits for the third byte of
     * {@code ED A0}), so completability is decided by brute force: in Table 3-7 only the second byte
     * of a sequence has a narrowed range, so a prefix can be completed iff it is valid as is or with
     * one byte from 80..BF followed by up to two 80 bytes appended. Completability is monotone, so
     * the first uncompletable prefix is found by binary search.
     */
    static int referenceFailIndex(byte[] bytes) {
        if (completable(bytes, bytes.length)) {
            return -1;
        }
        int low = 0; // completable
        int high = bytes.length; // not completable
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (completable(bytes, mid)) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high - 1;
    }

    private static boolean completable(byte[] bytes, int prefix) {
        if (jdkValid(bytes, prefix)) {
            return true;
        }
        byte[] candidate = Arrays.copyOf(bytes, prefix + 3);
        for (int extra = 1; extra <= 3; extra++) {
            Arrays.fill(candidate, prefix, prefix + extra, (byte) 0x80);
            for (int second = 0x80; second <= 0xBF; second++) {
                candidate[prefix] = (byte) second;
                if (jdkValid(candidate, prefix + extra)) {
                    return true;
                }
            }
        }
        return false;
    }
}
