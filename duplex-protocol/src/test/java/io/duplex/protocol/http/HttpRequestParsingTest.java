package io.duplex.protocol.http;

import static io.duplex.protocol.http.Heads.crlf;
import static io.duplex.protocol.http.Heads.parseRequest;
import static io.duplex.protocol.http.Heads.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpHeadParser} on request heads: every rule of RFC 7230 sections 3 to 3.2 that it enforces. */
class HttpRequestParsingTest {

    /** The client handshake of RFC 6455 section 1.3. */
    static final String RFC6455_SECTION_1_3 = """
            GET /chat HTTP/1.1
            Host: server.example.com
            Upgrade: websocket
            Connection: Upgrade
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
            Origin: http://example.com
            Sec-WebSocket-Protocol: chat, superchat
            Sec-WebSocket-Version: 13

            """;

    private static HttpRequestHead complete(HttpHeadParser.Result<HttpRequestHead> result) {
        assertThat(result).isInstanceOf(HttpHeadParser.Complete.class);
        return ((HttpHeadParser.Complete<HttpRequestHead>) result).head();
    }

    private static void assertFails(String text, int status) {
        assertFailsRaw(crlf(text), status);
    }

    private static void assertFailsRaw(byte[] bytes, int status) {
        HttpHeadParser.Result<HttpRequestHead> result = parseRequest(bytes);
        assertThat(result).isInstanceOfSatisfying(HttpHeadParser.Failed.class,
                f -> assertThat(f.status()).isEqualTo(status));
    }

    @Test
    void parsesTheRfc6455Section13Handshake() {
        HttpRequestHead head = complete(parseRequest(crlf(RFC6455_SECTION_1_3)));
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/chat");
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.headers().size()).isEqualTo(7);
        assertThat(head.headers().first("sec-websocket-key")).contains("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(head.headers().tokens("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat");
    }

    @Test
    void rfc7230Section32FieldValuesAreTrimmedOfOptionalWhitespace() {
        HttpRequestHead head = complete(parseRequest(crlf("GET / HTTP/1.1\nHost:example.com\nX: \t a  b \t\nY:\n\n")));
        assertThat(head.headers().first("Host")).contains("example.com");
        assertThat(head.headers().first("X")).contains("a  b");
        assertThat(head.headers().first("Y")).contains("");
    }

    @Test
    void rfc7230Section32ObsTextInValuesIsKeptAsIso88591() {
        byte[] bytes = crlf("GET / HTTP/1.1\nX: caf\u00e9\n\n");
        HttpRequestHead head = complete(parseRequest(bytes));
        assertThat(head.headers().first("X")).contains("caf\u00e9");
    }

    @Test
    void rfc7230Section35LeadingEmptyLinesBeforeTheRequestLineAreIgnored() {
        HttpRequestHead head = complete(parseRequest(crlf("\n\nGET / HTTP/1.1\nHost: a\n\n")));
        assertThat(head.target()).isEqualTo("/");
    }

    @Test
    void otherHttpVersionsParseAndAreJudgedByTheHandshake() {
        assertThat(complete(parseRequest(crlf("GET / HTTP/1.0\n\n"))).version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(complete(parseRequest(crlf("GET / HTTP/2.0\n\n"))).version()).isEqualTo(new HttpVersion(2, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /\n\n",
        "GET\n\n",
        "GET  / HTTP/1.1\n\n",
        "GET / HTTP/1.1 \n\n",
        " GET / HTTP/1.1\n\n",
        "GET / x HTTP/1.1\n\n",
        "G(T / HTTP/1.1\n\n",
        "GET /\u00e9 HTTP/1.1\n\n",
        "GET\t/ HTTP/1.1\n\n",
    })
    void rfc7230Section311MalformedRequestLineIs400(String text) {
        assertFails(text, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1", "HTTP/1.", "HTTP/11", "http/1.1", "HTTP/1.10", "HTTP/a.1", "HTTP 1.1", "HTTP/1,1"})
    void rfc7230Section26BadVersionSyntaxIs400(String version) {
        assertFails("GET / " + version + "\nHost: a\n\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad Name: x", "Bad\"Name: x", "(x): y", ": empty name", "N\u00e4me: x"})
    void rfc7230Section32HeaderNameThatIsNotATokenIs400(String line) {
        assertFails("GET / HTTP/1.1\n" + line + "\n\n", 400);
    }

    @Test
    void rfc7230Section32HeaderLineWithoutColonIs400() {
        assertFails("GET / HTTP/1.1\nHost example.com\n\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host : example.com", "Host\t: example.com"})
    void rfc7230Section324WhitespaceBetweenNameAndColonIs400(String line) {
        assertThat(parseRequest(crlf("GET / HTTP/1.1\n" + line + "\n\n")))
                .isEqualTo(new HttpHeadParser.Failed<HttpRequestHead>(400, "whitespace between header name and colon"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" folded", "\tfolded"})
    void rfc7230Section324ObsoleteLineFoldingIs400(String continuation) {
        assertFails("GET / HTTP/1.1\nX-Long: first\n" + continuation + "\n\n", 400);
    }

    @Test
    void rfc7230Section3BareLfIs400() {
        assertFailsRaw(raw("GET / HTTP/1.1\nHost: a\n\n"), 400);
        assertFailsRaw(raw("GET / HTTP/1.1\r\nHost: a\n\r\n"), 400);
        assertFailsRaw(raw("GET / HTTP/1.1\r\nHost: a\r\n\n"), 400);
    }

    @Test
    void rfc7230Section3CrNotFollowedByLfIs400() {
        assertFailsRaw(raw("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n"), 400);
        assertFailsRaw(raw("GET / HTTP/1.1\r\r\n\r\n"), 400);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F})
    void rfc7230Section32ControlCharacterInValueIs400(int control) {
        assertFails("GET / HTTP/1.1\nX: a" + (char) control + "b\n\n", 400);
    }

    @Test
    void rfc6585Section5HeadOverTheByteLimitIs431() {
        String head = "GET / HTTP/1.1\nX: " + "a".repeat(100) + "\n\n";
        int size = crlf(head).length;
        ByteBuffer exact = ByteBuffer.wrap(crlf(head));
        assertThat(HttpHeadParser.forRequest(new HttpLimits(size, 10)).parse(exact))
                .isInstanceOf(HttpHeadParser.Complete.class);
        ByteBuffer over = ByteBuffer.wrap(crlf(head));
        assertThat(HttpHeadParser.forRequest(new HttpLimits(size - 1, 10)).parse(over))
                .isEqualTo(new HttpHeadParser.Failed<HttpRequestHead>(431, "head larger than " + (size - 1) + " bytes"));
    }

    @Test
    void theDefaultByteLimitIs8192() {
        String filler = "X: " + "a".repeat(8192) + "\n";
        assertFails("GET / HTTP/1.1\n" + filler + "\n", 431);
        assertThat(HttpLimits.DEFAULTS).isEqualTo(new HttpLimits(8192, 100));
    }

    @Test
    void theByteLimitStopsAHeadThatNeverEndsWithoutBufferingIt() {
        HttpHeadParser<HttpRequestHead> parser = HttpHeadParser.forRequest(new HttpLimits(64, 10));
        ByteBuffer endless = ByteBuffer.wrap(new byte[1000]);
        java.util.Arrays.fill(endless.array(), (byte) 'a');
        assertThat(parser.parse(endless)).isInstanceOfSatisfying(HttpHeadParser.Failed.class,
                f -> assertThat(f.status()).isEqualTo(431));
        assertThat(endless.position()).isEqualTo(65);
    }

    @Test
    void rfc6585Section5MoreHeaderFieldsThanTheLimitIs431() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\n");
        for (int i = 0; i < 100; i++) {
            head.append("X-").append(i).append(": v\n");
        }
        assertThat(parseRequest(crlf(head + "\n"))).isInstanceOf(HttpHeadParser.Complete.class);
        assertFails(head + "X-100: v\n\n", 431);
    }

    @Test
    void bytesAfterTheHeadAreLeftInTheBuffer() {
        byte[] head = crlf(RFC6455_SECTION_1_3);
        byte[] frame = {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        ByteBuffer in = ByteBuffer.allocate(head.length + frame.length).put(head).put(frame).flip();
        HttpHeadParser<HttpRequestHead> parser = HttpHeadParser.forRequest();
        assertThat(parser.parse(in)).isInstanceOf(HttpHeadParser.Complete.class);
        assertThat(in.position()).isEqualTo(head.length);
        assertThat(in.remaining()).isEqualTo(frame.length);
        assertThat(in.get()).isEqualTo((byte) 0x81);
    }

    @Test
    void aCompleteParserConsumesNothingMoreAndAnswersTheSame() {
        HttpHeadParser<HttpRequestHead> parser = HttpHeadParser.forRequest();
        HttpHeadParser.Result<HttpRequestHead> first = parser.parse(ByteBuffer.wrap(crlf(RFC6455_SECTION_1_3)));
        ByteBuffer more = ByteBuffer.wrap(crlf("GET /other HTTP/1.1\n\n"));
        assertThat(parser.parse(more)).isSameAs(first);
        assertThat(more.position()).isZero();
        assertThat(parser.isFinished()).isTrue();
    }

    @Test
    void aFailedParserConsumesNothingMoreAndAnswersTheSameFailure() {
        HttpHeadParser<HttpRequestHead> parser = HttpHeadParser.forRequest();
        HttpHeadParser.Result<HttpRequestHead> failed = parser.parse(ByteBuffer.wrap(crlf("GET / HTTP/1.1\nBad Name: x\n")));
        assertThat(failed).isInstanceOf(HttpHeadParser.Failed.class);
        ByteBuffer more = ByteBuffer.wrap(crlf("Host: a\n\n"));
        assertThat(parser.parse(more)).isSameAs(failed);
        assertThat(more.position()).isZero();
    }

    @Test
    void anIncompleteHeadNeedsMoreAndConsumesEverything() {
        HttpHeadParser<HttpRequestHead> parser = HttpHeadParser.forRequest();
        ByteBuffer part = ByteBuffer.wrap(crlf("GET / HTTP/1.1\nHost: exa"));
        assertThat(parser.parse(part)).isInstanceOf(HttpHeadParser.NeedMore.class);
        assertThat(part.hasRemaining()).isFalse();
        assertThat(parser.isFinished()).isFalse();
        assertThat(parser.parse(ByteBuffer.allocate(0))).isInstanceOf(HttpHeadParser.NeedMore.class);
    }
}
