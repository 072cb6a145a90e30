package io.duplex.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** RFC 6455 sections 5.3 and 10.3: a fresh, unpredictable masking key for every client frame. */
class MaskingKeysTest {

    /**
     * A stand-in generator whose output is the byte sequence 0, 1, 2, ... so that tests can see
     * exactly which bytes each key came from. Counts its calls.
     */
    private static final class CountingRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        int calls;
        int lastLength;
        private int nextByte;

        @Override
        public void nextBytes(byte[] bytes) {
            calls++;
            lastLength = bytes.length;
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) nextByte++;
            }
        }
    }

    @Test
    void successiveKeysFromTheSecureSourceDiffer() {
        MaskingKeySource keys = MaskingKeySource.secure();
        Set<Integer> seen = new HashSet<>();
        int[] bitCounts = new int[32];
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            int key = keys.nextKey();
            seen.add(key);
            for (int bit = 0; bit < 32; bit++) {
                bitCounts[bit] += (key >>> bit) & 1;
            }
        }
        // 10,000 draws from 2^32 values repeat with probability about 1%; allow a handful.
        assertThat(seen).hasSizeGreaterThanOrEqualTo(n - 3);
        // Every bit is set about half the time (10 standard deviations of slack).
        for (int bit = 0; bit < 32; bit++) {
            assertThat(bitCounts[bit]).as("bit %d", bit).isBetween(4_500, 5_500);
        }
    }

    @Test
    void keysAreTheGeneratorStreamInOrderAcrossRefills() {
        CountingRandom random = new CountingRandom();
        MaskingKeys keys = new MaskingKeys(random);
        assertThat(random.calls).as("nothing drawn before the first key").isZero();

        int perBatch = MaskingKeys.BATCH_BYTES / Integer.BYTES;
        int n = perBatch * 3 + 5;
        for (int i = 0; i < n; i++) {
            int first = (i * 4) & 0xFF;
            int expected = first << 24 | ((first + 1) & 0xFF) << 16 | ((first + 2) & 0xFF) << 8 | ((first + 3) & 0xFF);
            assertThat(keys.nextKey()).as("key %d", i).isEqualTo(expected);
            // One draw per batch: the batch is only refilled when it is used up, and never reused.
            assertThat(random.calls).isEqualTo(i / perBatch + 1);
        }
        assertThat(random.lastLength).isEqualTo(MaskingKeys.BATCH_BYTES);
    }

    @Test
    void separateSourcesAreIndependent() {
        MaskingKeySource a = MaskingKeySource.secure();
        MaskingKeySource b = MaskingKeySource.secure();
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            if (a.nextKey() == b.nextKey()) {
                same++;
            }
        }
        assertThat(same).isLessThanOrEqualTo(1);
    }

    @Test
    void secureFactoryGivesTheBatchingImplementation() {
        assertThat(MaskingKeySource.secure()).isInstanceOf(MaskingKeys.class);
    }

    @Test
    void fixedSourceAnswersItsKeyForTests() {
        MaskingKeySource fixed = MaskingKeySource.fixed(0x37fa213d);
        assertThat(fixed.nextKey()).isEqualTo(0x37fa213d);
        assertThat(fixed.nextKey()).isEqualTo(0x37fa213d);
    }
}
