package io.duplex.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Heads written as bytes (RFC 7230 section 3): CRLF line endings, {@code Content-Length} for a body. */
class HttpHeadWritingTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void a101IsWrittenWithoutContentLength() {
        HttpResponseHead head = HttpResponseHead.of(101, HttpHeaders.of("Upgrade", "websocket", "Connection", "Upgrade"));
        assertThat(text(head.toBytes())).isEqualTo(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    }

    @Test
    void rfc7230Section332AResponseWithABodyCarriesItsContentLength() {
        byte[] body = "n\u00e9e\n".getBytes(StandardCharsets.UTF_8);
        HttpResponseHead head = HttpResponseHead.of(400, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"), body);
        byte[] expectedHead = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 5\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(head.toBytes()).isEqualTo(ByteBuffer.allocate(expectedHead.length + 5).put(expectedHead).put(body).array());
    }

    @Test
    void anErrorWithoutBodySaysContentLengthZeroSoTheClientKnowsItEnded() {
        assertThat(text(HttpResponseHead.of(404, HttpHeaders.empty()).toBytes()))
                .isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void rfc7230Section332StatusesWithoutContentRefuseABody() {
        assertThatThrownBy(() -> HttpResponseHead.of(101, HttpHeaders.empty(), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpResponseHead.of(204, HttpHeaders.empty(), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBodyIsCopiedInAndOutAndComparedByContent() {
        byte[] body = {1, 2, 3};
        HttpResponseHead head = HttpResponseHead.of(400, HttpHeaders.empty(), body);
        body[0] = 9;
        head.body()[1] = 9;
        assertThat(head.body()).containsExactly(1, 2, 3);
        assertThat(head).isEqualTo(HttpResponseHead.of(400, HttpHeaders.empty(), new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(HttpResponseHead.of(400, HttpHeaders.empty(), new byte[] {1, 2, 3}));
    }

    @Test
    void aReasonPhraseCannotBreakTheStatusLine() {
        assertThatThrownBy(() -> new HttpResponseHead(HttpVersion.HTTP_1_1, 400, "Bad\r\nX: y", HttpHeaders.empty(),
                new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestIsWrittenAsARequestLineAndFields() {
        HttpRequestHead head = new HttpRequestHead("GET", "/chat?room=1", HttpVersion.HTTP_1_1,
                HttpHeaders.of("Host", "example.com:8080"));
        assertThat(text(head.toBytes())).isEqualTo("GET /chat?room=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
    }

    @Test
    void aRequestTargetCannotBreakTheRequestLine() {
        assertThatThrownBy(() -> new HttpRequestHead("GET", "/a b", HttpVersion.HTTP_1_1, HttpHeaders.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpRequestHead("GET", "/a\r\n", HttpVersion.HTTP_1_1, HttpHeaders.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writtenHeadsParseBackToThemselves() {
        HttpRequestHead request = new HttpRequestHead("GET", "/x", HttpVersion.HTTP_1_1,
                HttpHeaders.of("Host", "a", "X-Multi", "1", "x-multi", "2, 3"));
        assertThat(HttpHeadParser.forRequest().parse(ByteBuffer.wrap(request.toBytes())))
                .isEqualTo(new HttpHeadParser.Complete<>(request));

        HttpResponseHead response = HttpResponseHead.of(101, HttpHeaders.of("Upgrade", "websocket"));
        assertThat(HttpHeadParser.forResponse().parse(ByteBuffer.wrap(response.toBytes())))
                .isEqualTo(new HttpHeadParser.Complete<>(response));
    }

    @Test
    void httpVersionsCompareAndPrint() {
        assertThat(HttpVersion.HTTP_1_1.isAtLeast(1, 1)).isTrue();
        assertThat(new HttpVersion(2, 0).isAtLeast(1, 1)).isTrue();
        assertThat(HttpVersion.HTTP_1_0.isAtLeast(1, 1)).isFalse();
        assertThat(HttpVersion.HTTP_1_1).hasToString("HTTP/1.1");
    }
}
