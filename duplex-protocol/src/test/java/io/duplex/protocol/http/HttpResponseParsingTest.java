package io.duplex.protocol.http;

import static io.duplex.protocol.http.Heads.crlf;
import static io.duplex.protocol.http.Heads.parseResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpHeadParser} on response heads: the status line (RFC 7230 section 3.1.2) and what follows. */
class HttpResponseParsingTest {

    /** The server handshake of RFC 6455 section 1.3. */
    static final String RFC6455_SECTION_1_3 = """
            HTTP/1.1 101 Switching Protocols
            Upgrade: websocket
            Connection: Upgrade
            Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
            Sec-WebSocket-Protocol: chat

            """;

    private static HttpResponseHead complete(HttpHeadParser.Result<HttpResponseHead> result) {
        assertThat(result).isInstanceOf(HttpHeadParser.Complete.class);
        return ((HttpHeadParser.Complete<HttpResponseHead>) result).head();
    }

    @Test
    void parsesTheRfc6455Section13Response() {
        HttpResponseHead head = complete(parseResponse(crlf(RFC6455_SECTION_1_3)));
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.status()).isEqualTo(101);
        assertThat(head.reason()).isEqualTo("Switching Protocols");
        assertThat(head.headers().first("sec-websocket-accept")).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void rfc7230Section312AnEmptyReasonPhraseIsAcceptedWithOrWithoutItsSpace() {
        assertThat(complete(parseResponse(crlf("HTTP/1.1 101 \n\n"))).reason()).isEmpty();
        assertThat(complete(parseResponse(crlf("HTTP/1.1 101\n\n"))).reason()).isEmpty();
    }

    @Test
    void rfc7230Section312TheReasonPhraseMayHoldSpacesAndObsText() {
        assertThat(complete(parseResponse(crlf("HTTP/1.1 403 Verboten f\u00fcr dich\n\n"))).reason())
                .isEqualTo("Verboten f\u00fcr dich");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 10 X", "HTTP/1.1 1011 X", "HTTP/1.1 abc X", "HTTP/1.1 099 X", "HTTP/1.1 -01 X",
        "HTTP/1.1 10"})
    void rfc7230Section312TheStatusCodeIsThreeDigits(String line) {
        assertThat(parseResponse(crlf(line + "\n\n"))).isInstanceOfSatisfying(HttpHeadParser.Failed.class,
                f -> assertThat(f.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1  101 X", "HTTP/1.1 101\tX", "HTTP1.1 101 X", "HTTP/1.1 101 \u0001", "",
        "http/1.1 101 X"})
    void rfc7230Section312MalformedStatusLineFails(String line) {
        assertThat(parseResponse(crlf(line + "\nUpgrade: websocket\n\n")))
                .isInstanceOf(HttpHeadParser.Failed.class);
    }

    @Test
    void framesThatArriveWithThe101StayInTheBuffer() {
        byte[] head = crlf(RFC6455_SECTION_1_3);
        byte[] frame = {(byte) 0x81, 0x05, 'H', 'e', 'l', 'l', 'o'};
        ByteBuffer in = ByteBuffer.allocate(head.length + frame.length).put(head).put(frame).flip();
        assertThat(HttpHeadParser.forResponse().parse(in)).isInstanceOf(HttpHeadParser.Complete.class);
        assertThat(in.position()).isEqualTo(head.length);
        assertThat(in.slice()).isEqualTo(ByteBuffer.wrap(frame));
    }

    @Test
    void theHeaderRulesApplyToResponsesToo() {
        assertThat(parseResponse(crlf("HTTP/1.1 101 OK\nUpgrade : websocket\n\n")))
                .isInstanceOf(HttpHeadParser.Failed.class);
        assertThat(HttpHeadParser.forResponse(new HttpLimits(20, 5)).parse(ByteBuffer.wrap(crlf(RFC6455_SECTION_1_3))))
                .isInstanceOfSatisfying(HttpHeadParser.Failed.class, f -> assertThat(f.status()).isEqualTo(431));
    }
}
