package io.duplex.protocol.http;

import static io.duplex.protocol.http.Heads.crlf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser gives the same result however the bytes are cut: a head fed in random chunk sizes (seeded,
 * down to one byte) parses to the same head, or the same failure, as the head fed whole, and leaves the
 * same trailing bytes.
 */
class HttpHeadChunkingTest {

    private static final byte[] TRAILER = {(byte) 0x81, (byte) 0x82, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66};

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aRequestParsesTheSameInAnyChunking(long seed) {
        byte[] wire = withTrailer(crlf(HttpRequestParsingTest.RFC6455_SECTION_1_3));
        assertSameInChunks(wire, HttpHeadParser::forRequest, new Random(seed));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aResponseParsesTheSameInAnyChunking(long seed) {
        byte[] wire = withTrailer(crlf(HttpResponseParsingTest.RFC6455_SECTION_1_3));
        assertSameInChunks(wire, HttpHeadParser::forResponse, new Random(seed));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aFailureIsTheSameInAnyChunking(long seed) {
        String[] broken = {
            "GET / HTTP/1.1\nHost : a\n\n",
            "GET / HTTP/1.1\nX: a\rb\n\n",
            "GET / HTTP/1.1\nX: a\n folded\n\n",
            "GET / HTTP/9\n\n",
        };
        byte[] wire = crlf(broken[(int) (seed % broken.length)]);
        assertSameInChunks(wire, HttpHeadParser::forRequest, new Random(seed));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aHeadOverTheLimitFailsTheSameInAnyChunking(long seed) {
        byte[] wire = crlf(HttpRequestParsingTest.RFC6455_SECTION_1_3);
        assertSameInChunks(wire, () -> HttpHeadParser.forRequest(new HttpLimits(100, 100)), new Random(seed));
    }

    private static byte[] withTrailer(byte[] head) {
        return ByteBuffer.allocate(head.length + TRAILER.length).put(head).put(TRAILER).array();
    }

    private static <H> void assertSameInChunks(byte[] wire, Supplier<HttpHeadParser<H>> parsers, Random random) {
        ByteBuffer whole = ByteBuffer.wrap(wire);
        HttpHeadParser.Result<H> expected = parsers.get().parse(whole);
        assertThat(expected).isNotInstanceOf(HttpHeadParser.NeedMore.class);

        HttpHeadParser<H> parser = parsers.get();
        HttpHeadParser.Result<H> actual = null;
        int pos = 0;
        // Half of the runs cut into single bytes only, the rest into 1 to 16 bytes.
        int maxChunk = random.nextBoolean() ? 1 : 16;
        while (pos < wire.length) {
            int n = Math.min(1 + random.nextInt(maxChunk), wire.length - pos);
            ByteBuffer chunk = ByteBuffer.wrap(wire, pos, n);
            actual = parser.parse(chunk);
            pos = chunk.position();
            if (!(actual instanceof HttpHeadParser.NeedMore)) {
                break;
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(pos).as("bytes consumed").isEqualTo(whole.position());
    }
}
