package io.duplex.protocol.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helpers: heads written as text with {@code \n} for CRLF, and parsing them whole. */
final class Heads {

    private Heads() {
    }

    /** @return the text as ISO-8859-1 bytes with every {@code \n} turned into CRLF */
    static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return the text as ISO-8859-1 bytes, line endings as written */
    static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static HttpHeadParser.Result<HttpRequestHead> parseRequest(byte[] bytes) {
        return HttpHeadParser.forRequest().parse(ByteBuffer.wrap(bytes));
    }

    static HttpHeadParser.Result<HttpResponseHead> parseResponse(byte[] bytes) {
        return HttpHeadParser.forResponse().parse(ByteBuffer.wrap(bytes));
    }
}
