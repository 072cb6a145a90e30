package io.duplex.protocol.close;

import static io.duplex.protocol.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** RFC 6455 section 5.5.1: the body of a Close frame. */
class ClosePayloadTest {

    static ClosePayload.Parsed parse(String hex) {
        return ClosePayload.parse(ByteBuffer.wrap(hex(hex)));
    }

    @Test
    void emptyBodyMeansNoStatus() {
        assertThat(parse("")).isEqualTo(new ClosePayload.Parsed.Valid(ClosePayload.EMPTY));
        assertThat(ClosePayload.EMPTY.code()).isEqualTo(CloseCode.NO_STATUS_RECEIVED);
    }

    @Test
    void codeAndReason() {
        assertThat(parse("03e9 6279 65")).isEqualTo(new ClosePayload.Parsed.Valid(new ClosePayload(1001, "bye")));
    }

    @Test
    void oneByteBodyIsAProtocolError() {
        assertThat(parse("03")).isEqualTo(new ClosePayload.Parsed.Invalid(1002, "close frame with a 1-byte payload"));
    }

    @Test
    void codeNotValidOnTheWireIsAProtocolError() {
        assertThat(parse("03ed")).isInstanceOf(ClosePayload.Parsed.Invalid.class)
                .extracting(p -> ((ClosePayload.Parsed.Invalid) p).closeCode()).isEqualTo(1002);
    }

    @Test
    void reasonThatIsNotUtf8IsInvalidPayload() {
        assertThat(parse("03e8 eda080")).isInstanceOf(ClosePayload.Parsed.Invalid.class)
                .extracting(p -> ((ClosePayload.Parsed.Invalid) p).closeCode()).isEqualTo(1007);
    }

    @Test
    void encodesCodeThenReason() {
        ByteBuffer b = ClosePayload.encode(1000, "ok");
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertThat(bytes).isEqualTo(hex("03e8 6f6b"));
    }

    @Test
    void encodingRefusesReportOnlyCodesAndLongReasons() {
        assertThatThrownBy(() -> ClosePayload.encode(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClosePayload.encode(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClosePayload.encode(1000, "x".repeat(123)).remaining()).isEqualTo(125);
    }
}
