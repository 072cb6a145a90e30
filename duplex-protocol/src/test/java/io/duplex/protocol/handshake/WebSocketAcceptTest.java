package io.duplex.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code Sec-WebSocket-Accept} (RFC 6455 section 4.2.2, step 5.4). */
class WebSocketAcceptTest {

    @Test
    void rfc6455Section13Example() {
        assertThat(WebSocketAccept.of("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void theKeyIsHashedAsSentNotDecoded() {
        // Same bytes, different text (RFC 6455 section 4.1, item 7 spells the padding bits non-zero).
        assertThat(WebSocketAccept.of("AQIDBAUGBwgJCgsMDQ4PEC==")).isNotEqualTo(WebSocketAccept.of("AQIDBAUGBwgJCgsMDQ4PEA=="));
    }

    @Test
    void theGuidIsTheOneOfSection13() {
        assertThat(WebSocketAccept.GUID).isEqualTo("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    }
}
