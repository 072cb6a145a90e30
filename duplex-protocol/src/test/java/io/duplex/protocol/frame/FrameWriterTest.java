package io.duplex.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 5.2: the writer always picks the shortest length form. */
class FrameWriterTest {

    @ParameterizedTest
    @CsvSource({"0,2", "125,2", "126,4", "65535,4", "65536,10", "2147483647,10"})
    void headerUsesShortestLengthForm(long length, int size) {
        assertThat(FrameWriter.headerSize(length, false)).isEqualTo(size);
        assertThat(FrameWriter.headerSize(length, true)).isEqualTo(size + 4);
        ByteBuffer h = FrameWriter.header(true, 0, Opcode.BINARY, length, false, 0);
        assertThat(h.remaining()).isEqualTo(size);
    }

    @Test
    void writesRsvAndMaskKey() {
        ByteBuffer h = FrameWriter.header(false, 0x40, Opcode.TEXT, 3, true, 0xCAFEBABE);
        assertThat(h.get(0)).isEqualTo((byte) 0x41);
        assertThat(h.get(1)).isEqualTo((byte) 0x83);
        assertThat(h.getInt(2)).isEqualTo(0xCAFEBABE);
    }

    @Test
    void refusesBitsOutsideRsv() {
        assertThatThrownBy(() -> FrameWriter.header(true, 0x80, Opcode.TEXT, 0, false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unmaskedFrameIsReadOnlyAndLeavesPayloadAlone() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        ByteBuffer frame = FrameWriter.unmaskedFrame(true, 0, Opcode.BINARY, payload);
        assertThat(frame.isReadOnly()).isTrue();
        assertThat(payload.remaining()).isEqualTo(3);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertThat(bytes).containsExactly(0x82, 3, 1, 2, 3);
    }
}
