package io.duplex.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** RFC 6455 section 10.4: a large announced length must not reserve memory before bytes arrive. */
class PayloadBufferTest {

    @Test
    void largeAnnouncedSizeStartsSmall() {
        PayloadBuffer b = new PayloadBuffer(Integer.MAX_VALUE - 8);
        assertThat(b.array().length).isEqualTo(PayloadBuffer.INITIAL_CAPACITY);
    }

    @Test
    void smallAnnouncedSizeIsExact() {
        PayloadBuffer b = new PayloadBuffer(5);
        b.append(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), 5);
        assertThat(b.array().length).isEqualTo(5);
        assertThat(b.toByteBuffer()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
    }

    @Test
    void growsButNeverPastTheCapacityAnnounced() {
        int total = 100_000;
        PayloadBuffer b = new PayloadBuffer(total);
        for (int i = 0; i < total; i += 1000) {
            b.append(ByteBuffer.allocate(1000), total);
        }
        assertThat(b.size()).isEqualTo(total);
        assertThat(b.array().length).isEqualTo(total);
    }
}
