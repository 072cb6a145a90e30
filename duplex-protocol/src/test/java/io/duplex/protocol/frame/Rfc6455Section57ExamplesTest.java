package io.duplex.protocol.frame;

import static io.duplex.protocol.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 6455 section 5.7, byte for byte, decoded by {@link FrameParser} and encoded by
 * {@link FrameWriter}.
 */
class Rfc6455Section57ExamplesTest {

    static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    static final int KEY = 0x37fa213d;

    /** Collects what the parser decodes: headers and the payload of each frame. */
    static class Recorder implements FrameParser.Handler {
        final List<FrameHeader> headers = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        private ByteBuffer current;

        @Override
        public boolean onHeader(FrameHeader header) {
            headers.add(header);
            current = ByteBuffer.allocate((int) header.payloadLength());
            return true;
        }

        @Override
        public boolean onPayload(ByteBuffer payload) {
            current.put(payload);
            return true;
        }

        @Override
        public boolean onFrameEnd(FrameHeader header) {
            payloads.add(current.array());
            return true;
        }
    }

    static Recorder parse(byte[] wire) {
        Recorder r = new Recorder();
        ByteBuffer in = ByteBuffer.wrap(wire.clone());
        new FrameParser().parse(in, r);
        assertThat(in.hasRemaining()).isFalse();
        return r;
    }

    static byte[] encode(boolean fin, Opcode opcode, byte[] payload, Integer key) {
        ByteBuffer header = FrameWriter.header(fin, 0, opcode, payload.length, key != null, key == null ? 0 : key);
        ByteBuffer body = ByteBuffer.wrap(payload.clone());
        if (key != null) {
            Masking.maskInPlace(body, key, 0);
        }
        ByteBuffer all = ByteBuffer.allocate(header.remaining() + body.remaining());
        return all.put(header).put(body).array();
    }

    @Test
    void singleFrameUnmaskedTextMessage() {
        byte[] wire = hex("81 05 48 65 6c 6c 6f");
        Recorder r = parse(wire);
        assertThat(r.headers).singleElement().satisfies(h -> {
            assertThat(h.fin()).isTrue();
            assertThat(h.opcode()).isEqualTo(Opcode.TEXT);
            assertThat(h.masked()).isFalse();
            assertThat(h.payloadLength()).isEqualTo(5);
        });
        assertThat(r.payloads).singleElement().isEqualTo(HELLO);
        assertThat(encode(true, Opcode.TEXT, HELLO, null)).isEqualTo(wire);
    }

    @Test
    void singleFrameMaskedTextMessage() {
        byte[] wire = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        Recorder r = parse(wire);
        assertThat(r.headers.get(0).masked()).isTrue();
        assertThat(r.headers.get(0).maskKey()).isEqualTo(KEY);
        assertThat(r.payloads).singleElement().isEqualTo(HELLO);
        assertThat(encode(true, Opcode.TEXT, HELLO, KEY)).isEqualTo(wire);
    }

    @Test
    void fragmentedUnmaskedTextMessage() {
        byte[] first = hex("01 03 48 65 6c");
        byte[] second = hex("80 02 6c 6f");
        Recorder r = parse(concat(first, second));
        assertThat(r.headers).extracting(FrameHeader::fin, FrameHeader::opcode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, Opcode.TEXT),
                        org.assertj.core.groups.Tuple.tuple(true, Opcode.CONTINUATION));
        assertThat(r.payloads).containsExactly("Hel".getBytes(StandardCharsets.US_ASCII),
                "lo".getBytes(StandardCharsets.US_ASCII));
        assertThat(encode(false, Opcode.TEXT, "Hel".getBytes(StandardCharsets.US_ASCII), null)).isEqualTo(first);
        assertThat(encode(true, Opcode.CONTINUATION, "lo".getBytes(StandardCharsets.US_ASCII), null)).isEqualTo(second);
    }

    @Test
    void unmaskedPingAndMaskedPong() {
        byte[] ping = hex("89 05 48 65 6c 6c 6f");
        byte[] pong = hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");
        Recorder r = parse(concat(ping, pong));
        assertThat(r.headers).extracting(FrameHeader::opcode).containsExactly(Opcode.PING, Opcode.PONG);
        assertThat(r.payloads).containsExactly(HELLO, HELLO);
        assertThat(encode(true, Opcode.PING, HELLO, null)).isEqualTo(ping);
        assertThat(encode(true, Opcode.PONG, HELLO, KEY)).isEqualTo(pong);
    }

    @Test
    void binary256BytesUses16BitLength() {
        byte[] payload = new byte[256];
        byte[] wire = encode(true, Opcode.BINARY, payload, null);
        assertThat(java.util.Arrays.copyOf(wire, 4)).isEqualTo(hex("82 7E 0100"));
        assertThat(wire).hasSize(4 + 256);
        Recorder r = parse(wire);
        assertThat(r.headers.get(0).payloadLength()).isEqualTo(256);
        assertThat(r.headers.get(0).lengthBytes()).isEqualTo(2);
    }

    @Test
    void binary64KiBUses64BitLength() {
        byte[] payload = new byte[65536];
        byte[] wire = encode(true, Opcode.BINARY, payload, null);
        assertThat(java.util.Arrays.copyOf(wire, 10)).isEqualTo(hex("82 7F 0000000000010000"));
        Recorder r = parse(wire);
        assertThat(r.headers.get(0).payloadLength()).isEqualTo(65536);
        assertThat(r.headers.get(0).lengthBytes()).isEqualTo(8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
