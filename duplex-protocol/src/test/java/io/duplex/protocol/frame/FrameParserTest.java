package io.duplex.protocol.frame;

import static io.duplex.protocol.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.protocol.Frames;

/** The decoder alone (RFC 6455 section 5.2): it decodes every form and judges nothing. */
class FrameParserTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void everyLengthFormDecodesInAnyChunking(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        byte[] wire = Frames.stream().frame(true, 0, 2, payload, 0x01020304).bytes();
        for (int chunk : new int[] {1, 2, 3, 7, 13, 1000, wire.length}) {
            Rfc6455Section57ExamplesTest.Recorder r = new Rfc6455Section57ExamplesTest.Recorder();
            FrameParser parser = new FrameParser();
            byte[] copy = wire.clone();
            for (int pos = 0; pos < copy.length; pos += chunk) {
                parser.parse(ByteBuffer.wrap(copy, pos, Math.min(chunk, copy.length - pos)).slice(), r);
            }
            assertThat(r.headers).singleElement().satisfies(h -> assertThat(h.payloadLength()).isEqualTo(length));
            assertThat(r.payloads).singleElement().isEqualTo(payload);
            assertThat(parser.isMidFrame()).isFalse();
        }
    }

    @Test
    void reportsRawFieldsWithoutJudging() {
        // FIN clear, RSV1|RSV3, reserved opcode 0x3, unmasked, 16-bit form for a length of 5.
        byte[] wire = Frames.stream().frame(false, 0x50, 0x3, new byte[5], null, 2).bytes();
        Rfc6455Section57ExamplesTest.Recorder r = new Rfc6455Section57ExamplesTest.Recorder();
        new FrameParser().parse(ByteBuffer.wrap(wire), r);
        FrameHeader h = r.headers.get(0);
        assertThat(h.fin()).isFalse();
        assertThat(h.rsv()).isEqualTo(0x50);
        assertThat(h.opcodeCode()).isEqualTo(3);
        assertThat(h.opcode()).isNull();
        assertThat(h.lengthBytes()).isEqualTo(2);
        assertThat(h.usesMinimalLength()).isFalse();
    }

    @Test
    void lengthWithTopBitSetIsReportedNegativeAndStopsTheParser() {
        byte[] wire = hex("82 7F 8000000000000001 00 00");
        Rfc6455Section57ExamplesTest.Recorder r = new Rfc6455Section57ExamplesTest.Recorder() {
            @Override
            public boolean onHeader(FrameHeader header) {
                headers.add(header);
                return true;
            }
        };
        ByteBuffer in = ByteBuffer.wrap(wire);
        new FrameParser().parse(in, r);
        assertThat(r.headers.get(0).payloadLength()).isNegative();
        assertThat(r.payloads).isEmpty();
    }

    @Test
    void stoppingInACallbackConsumesNothingMore() {
        byte[] wire = Frames.stream().frame(true, 0, 1, new byte[3], null).frame(true, 0, 1, new byte[3], null).bytes();
        FrameParser parser = new FrameParser();
        int[] headers = {0};
        FrameParser.Handler stopAtFirst = new FrameParser.Handler() {
            @Override
            public boolean onHeader(FrameHeader header) {
                headers[0]++;
                return false;
            }

            @Override
            public boolean onPayload(ByteBuffer payload) {
                throw new AssertionError("payload after stop");
            }

            @Override
            public boolean onFrameEnd(FrameHeader header) {
                throw new AssertionError("frame end after stop");
            }
        };
        ByteBuffer in = ByteBuffer.wrap(wire);
        parser.parse(in, stopAtFirst);
        parser.parse(ByteBuffer.wrap(wire), stopAtFirst);
        assertThat(headers[0]).isEqualTo(1);
        assertThat(in.position()).isEqualTo(2);
    }
}
