package io.duplex.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 6455 section 5.3: octet i of the payload is XORed with octet (i mod 4) of the masking key,
 * the same operation in both directions.
 */
class MaskingTest {

    /** Section 5.7, "A single-frame masked text message": key 37 fa 21 3d. */
    private static final int RFC_KEY = 0x37fa213d;
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MASKED_HELLO = HexFormat.of().parseHex("7f9f4d5158");

    /** Lengths around the switch to the LongBuffer view for direct buffers (256), and large ones. */
    private static final int[] LARGE_LENGTHS = {255, 256, 257, 263, 1000, 1023, 4096 + 3, 65_537, 1 << 20};

    /** Every kind of buffer the engine may meet. */
    enum Kind {
        HEAP, HEAP_SLICE, HEAP_LITTLE_ENDIAN, DIRECT, DIRECT_LITTLE_ENDIAN;

        /** A buffer holding {@code payload} at {@code position}, with marker bytes before and after. */
        ByteBuffer holding(byte[] payload, int position) {
            int capacity = position + payload.length + 11;
            ByteBuffer buf;
            switch (this) {
                case HEAP -> buf = ByteBuffer.allocate(capacity);
                case HEAP_SLICE -> buf = ByteBuffer.allocate(capacity + 5).position(5).slice(); // arrayOffset 5
                case HEAP_LITTLE_ENDIAN -> buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
                case DIRECT -> buf = ByteBuffer.allocateDirect(capacity);
                default -> buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
            }
            for (int i = 0; i < capacity; i++) {
                buf.put(i, MARKER);
            }
            buf.position(position);
            buf.put(payload);
            buf.position(position);
            buf.limit(position + payload.length);
            return buf;
        }
    }

    private static final byte MARKER = (byte) 0xA5;

    /** The algorithm of section 5.3 as written: one byte at a time. */
    private static byte[] reference(byte[] data, int maskKey, int keyIndex) {
        byte[] out = data.clone();
        for (int i = 0; i < out.length; i++) {
            int j = (keyIndex + i) % 4;
            out[i] ^= (byte) (maskKey >>> (24 - 8 * j));
        }
        return out;
    }

    private static byte[] contents(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.duplicate().get(out);
        return out;
    }

    private static void assertMarkersIntact(ByteBuffer buf, int from, int to) {
        ByteBuffer all = buf.duplicate().clear();
        for (int i = 0; i < all.capacity(); i++) {
            if (i < from || i >= to) {
                assertThat(all.get(i)).as("byte %d outside [%d, %d)", i, from, to).isEqualTo(MARKER);
            }
        }
    }

    // ---------------------------------------------------------------- RFC 6455 section 5.7

    @ParameterizedTest
    @EnumSource(Kind.class)
    void section57MaskedHelloBothDirections(Kind kind) {
        ByteBuffer buf = kind.holding(HELLO, 3);
        assertThat(Masking.maskInPlace(buf, RFC_KEY, 0)).isEqualTo(1);
        assertThat(contents(buf)).containsExactly(MASKED_HELLO);

        assertThat(Masking.maskInPlace(buf, RFC_KEY, 0)).isEqualTo(1);
        assertThat(contents(buf)).containsExactly(HELLO);

        ByteBuffer dst = kind.holding(new byte[5], 0);
        Masking.maskCopy(kind.holding(MASKED_HELLO, 2), dst, RFC_KEY, 0);
        assertThat(dst.position()).isEqualTo(5);
        dst.flip();
        assertThat(contents(dst)).containsExactly(HELLO);
    }

    @Test
    void byteArrayOverload() {
        byte[] arr = {0, 0, 'H', 'e', 'l', 'l', 'o', 0};
        assertThat(Masking.maskInPlace(arr, 2, 5, RFC_KEY, 0)).isEqualTo(1);
        assertThat(arr).containsExactly(0, 0, 0x7f, 0x9f, 0x4d, 0x51, 0x58, 0);
    }

    // ---------------------------------------------------------------- randomized against the reference

    @ParameterizedTest
    @EnumSource(Kind.class)
    void maskInPlaceMatchesTheByteLoopForEveryLengthAndKeyIndex(Kind kind) {
        Random random = new Random(6455L + kind.ordinal());
        for (int length : lengths()) {
            for (int keyIndex = 0; keyIndex < 4; keyIndex++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                int key = random.nextInt();
                int position = random.nextInt(9);
                ByteBuffer buf = kind.holding(data, position);
                ByteOrder order = buf.order();

                int next = Masking.maskInPlace(buf, key, keyIndex);

                String context = kind + " length " + length + " keyIndex " + keyIndex;
                assertThat(next).as(context).isEqualTo((keyIndex + length) & 3);
                assertThat(contents(buf)).as(context).isEqualTo(reference(data, key, keyIndex));
                assertThat(buf.position()).isEqualTo(position);
                assertThat(buf.limit()).isEqualTo(position + length);
                assertThat(buf.order()).isEqualTo(order);
                assertMarkersIntact(buf, position, position + length);

                // Masking and unmasking are one operation.
                Masking.maskInPlace(buf, key, keyIndex);
                assertThat(contents(buf)).as(context).isEqualTo(data);
            }
        }
    }

    @Test
    void maskCopyEqualsCopyThenMaskInPlaceAcrossKindsAndOrders() {
        Random random = new Random(0xC0FFEE);
        for (Kind from : Kind.values()) {
            for (Kind to : Kind.values()) {
                for (int round = 0; round < 60; round++) {
                    int length = round < 50 ? round : LARGE_LENGTHS[random.nextInt(LARGE_LENGTHS.length - 1)];
                    int keyIndex = random.nextInt(4);
                    int key = random.nextInt();
                    byte[] data = new byte[length];
                    random.nextBytes(data);
                    int srcPosition = random.nextInt(9);
                    int dstPosition = random.nextInt(9);
                    ByteBuffer src = from.holding(data, srcPosition);
                    if (round % 3 == 0) {
                        src = src.asReadOnlyBuffer().order(src.order());
                    }
                    byte[] room = new byte[length + 4]; // room beyond the copy must not be touched
                    Arrays.fill(room, MARKER);
                    ByteBuffer dst = to.holding(room, dstPosition);
                    ByteOrder srcOrder = src.order();
                    ByteOrder dstOrder = dst.order();

                    int next = Masking.maskCopy(src, dst, key, keyIndex);

                    String context = from + " -> " + to + " length " + length + " keyIndex " + keyIndex;
                    assertThat(next).as(context).isEqualTo((keyIndex + length) & 3);
                    assertThat(src.position()).isEqualTo(srcPosition + length);
                    assertThat(src.limit()).isEqualTo(srcPosition + length);
                    assertThat(dst.position()).isEqualTo(dstPosition + length);
                    assertThat(src.order()).isEqualTo(srcOrder);
                    assertThat(dst.order()).isEqualTo(dstOrder);

                    ByteBuffer copied = dst.duplicate();
                    copied.position(dstPosition).limit(dstPosition + length);
                    ByteBuffer expected = ByteBuffer.wrap(data.clone());
                    Masking.maskInPlace(expected, key, keyIndex);
                    assertThat(contents(copied)).as(context).isEqualTo(expected.array());
                    assertMarkersIntact(dst, dstPosition, dstPosition + length);
                    // The source is left as it was.
                    src.position(srcPosition);
                    assertThat(contents(src)).isEqualTo(data);
                }
            }
        }
    }

    @Test
    void maskCopyInPlaceOnTheSameBytesIsAllowed() {
        byte[] data = new byte[37];
        new Random(1).nextBytes(data);
        ByteBuffer buf = ByteBuffer.wrap(data.clone());
        Masking.maskCopy(buf.duplicate(), buf.duplicate(), 0x01020304, 2);
        assertThat(buf.array()).isEqualTo(reference(data, 0x01020304, 2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void chunkedMaskingCarryingTheKeyIndexEqualsMaskingWhole(Kind kind) {
        Random random = new Random(42 + kind.ordinal());
        for (int round = 0; round < 200; round++) {
            int length = round < 150 ? random.nextInt(200) : LARGE_LENGTHS[random.nextInt(LARGE_LENGTHS.length)];
            byte[] data = new byte[length];
            random.nextBytes(data);
            int key = random.nextInt();
            int firstIndex = random.nextInt(4);

            ByteBuffer buf = kind.holding(data, random.nextInt(5));
            int base = buf.position();
            int keyIndex = firstIndex;
            int start = 0;
            List<Integer> cuts = new ArrayList<>();
            while (start < length) {
                int piece = Math.min(length - start, random.nextInt(random.nextBoolean() ? 9 : Math.max(1, length / 3)) + 1);
                ByteBuffer part = buf.duplicate().order(buf.order());
                part.position(base + start).limit(base + start + piece);
                keyIndex = Masking.maskInPlace(part, key, keyIndex);
                start += piece;
                cuts.add(start);
            }
            assertThat(keyIndex).isEqualTo((firstIndex + length) & 3);
            assertThat(contents(buf)).as("cuts %s", cuts).isEqualTo(reference(data, key, firstIndex));
        }
    }

    @Test
    void chunkedMaskCopyEqualsMaskingWhole() {
        Random random = new Random(7);
        byte[] data = new byte[10_000];
        random.nextBytes(data);
        ByteBuffer src = ByteBuffer.wrap(data);
        ByteBuffer dst = ByteBuffer.allocateDirect(data.length);
        int keyIndex = 3;
        while (src.hasRemaining()) {
            ByteBuffer piece = src.duplicate();
            piece.limit(Math.min(src.limit(), src.position() + random.nextInt(50)));
            src.position(piece.limit());
            keyIndex = Masking.maskCopy(piece, dst, 0xDEADBEEF, keyIndex);
        }
        dst.flip();
        assertThat(contents(dst)).isEqualTo(reference(data, 0xDEADBEEF, 3));
    }

    // ---------------------------------------------------------------- edges

    @Test
    void keyIndexIsTakenModuloFour() {
        ByteBuffer a = ByteBuffer.wrap(HELLO.clone());
        ByteBuffer b = ByteBuffer.wrap(HELLO.clone());
        Masking.maskInPlace(a, RFC_KEY, 1);
        Masking.maskInPlace(b, RFC_KEY, 5);
        assertThat(a.array()).isEqualTo(b.array());
    }

    @Test
    void emptyPayloadReturnsTheSameKeyIndex() {
        for (int keyIndex = 0; keyIndex < 4; keyIndex++) {
            assertThat(Masking.maskInPlace(ByteBuffer.allocate(0), RFC_KEY, keyIndex)).isEqualTo(keyIndex);
            assertThat(Masking.maskInPlace(ByteBuffer.allocate(4).asReadOnlyBuffer().position(4), RFC_KEY, keyIndex))
                    .isEqualTo(keyIndex);
            assertThat(Masking.maskCopy(ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0), RFC_KEY, keyIndex))
                    .isEqualTo(keyIndex);
        }
    }

    @Test
    void readOnlyBufferIsRefused() {
        assertThatThrownBy(() -> Masking.maskInPlace(ByteBuffer.wrap(HELLO.clone()).asReadOnlyBuffer(), RFC_KEY, 0))
                .isInstanceOf(ReadOnlyBufferException.class);
        assertThatThrownBy(() -> Masking.maskCopy(ByteBuffer.wrap(HELLO), ByteBuffer.allocate(5).asReadOnlyBuffer(),
                RFC_KEY, 0)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void maskCopyWithoutRoomCopiesNothing() {
        ByteBuffer src = ByteBuffer.wrap(HELLO.clone());
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertThatThrownBy(() -> Masking.maskCopy(src, dst, RFC_KEY, 0)).isInstanceOf(BufferOverflowException.class);
        assertThat(src.position()).isZero();
        assertThat(dst.position()).isZero();
        assertThat(dst.array()).containsOnly(0);
    }

    private static int[] lengths() {
        int[] lengths = new int[101 + LARGE_LENGTHS.length];
        for (int i = 0; i <= 100; i++) {
            lengths[i] = i;
        }
        System.arraycopy(LARGE_LENGTHS, 0, lengths, 101, LARGE_LENGTHS.length);
        return lengths;
    }
}
