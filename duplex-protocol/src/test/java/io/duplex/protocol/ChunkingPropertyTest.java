package io.duplex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Any stream of frames, cut into random chunk sizes down to one byte, yields the same events and the
 * same output as the stream fed whole. The frames are mostly valid, with some broken ones (reserved
 * opcodes, stray RSV bits, unmasked frames, bad UTF-8, bad close codes) so that failures are covered
 * too.
 */
class ChunkingPropertyTest {

    /** One generated frame: header fields and payload, encoded by {@link Frames}. */
    record FrameSpec(boolean fin, int rsv, int opcode, byte[] payload, boolean masked, int key) {
        void appendTo(Frames frames) {
            frames.frame(fin, rsv, opcode, payload, masked ? key : null);
        }
    }

    @Property(tries = 400)
    void chunkedInputYieldsTheSameEventsAsWholeInput(
            @ForAll("frameStreams") List<FrameSpec> frames,
            @ForAll @Size(min = 1, max = 16) List<@IntRange(min = 1, max = 40) Integer> chunkSizes) {
        Frames stream = Frames.stream();
        frames.forEach(f -> f.appendTo(stream));
        byte[] wire = stream.bytes();

        WebSocketConnection whole = WebSocketConnection.server();
        whole.receive(ByteBuffer.wrap(wire.clone()));

        WebSocketConnection chunked = WebSocketConnection.server();
        Engines.feedInChunks(chunked, wire.clone(), chunkSizes.stream().mapToInt(Integer::intValue).toArray());

        assertThat(Engines.describe(Engines.events(chunked))).isEqualTo(Engines.describe(Engines.events(whole)));
        assertThat(Engines.output(chunked)).isEqualTo(Engines.output(whole));
        assertThat(chunked.state()).isEqualTo(whole.state());
    }

    @Provide
    Arbitrary<List<FrameSpec>> frameStreams() {
        return frame().list().ofMinSize(1).ofMaxSize(12);
    }

    private Arbitrary<FrameSpec> frame() {
        Arbitrary<Boolean> fin = Arbitraries.frequency(Tuple2s.of(4, true), Tuple2s.of(1, false));
        Arbitrary<Integer> rsv = Arbitraries.frequency(Tuple2s.of(20, 0), Tuple2s.of(1, 0x40), Tuple2s.of(1, 0x10));
        Arbitrary<Integer> opcode = Arbitraries.frequency(
                Tuple2s.of(6, 1), Tuple2s.of(4, 2), Tuple2s.of(5, 0), Tuple2s.of(2, 9), Tuple2s.of(2, 10),
                Tuple2s.of(1, 8), Tuple2s.of(1, 3), Tuple2s.of(1, 0xB));
        Arbitrary<byte[]> payload = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(new byte[] {0x03, (byte) 0xE8}, new byte[] {0x03, (byte) 0xED}, new byte[] {0x0F}));
        Arbitrary<Boolean> masked = Arbitraries.frequency(Tuple2s.of(30, true), Tuple2s.of(1, false));
        Arbitrary<Integer> key = Arbitraries.integers();
        return Combinators.combine(fin, rsv, opcode, payload, masked, key).as(FrameSpec::new);
    }

    /** Pairs for {@link Arbitraries#frequency}. */
    private static final class Tuple2s {
        static <T> net.jqwik.api.Tuple.Tuple2<Integer, T> of(int weight, T value) {
            return net.jqwik.api.Tuple.of(weight, value);
        }
    }
}
