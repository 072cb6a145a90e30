package io.duplex.protocol.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an HTTP/1.1 head: the start line, one line per field, a blank line, each ended by CRLF
 * (RFC 7230 section 3). Heads are ISO-8859-1; the header builder and the head records have already
 * refused anything that would not survive that encoding or would break a line.
 */
final class HeadWriter {

    private static final byte[] CRLF = {'\r', '\n'};

    private HeadWriter() {
    }

    /**
     * Serialises a head and an optional body.
     *
     * @param startLine     the request line or status line, without CRLF
     * @param headers       the fields, in order
     * @param contentLength the {@code Content-Length} to add, or a negative number for none
     * @param body          the bytes to append after the head, possibly empty
     * @return the bytes to write
     */
    static byte[] write(String startLine, HttpHeaders headers, long contentLength, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
        line(out, startLine);
        for (HttpHeaders.Field f : headers) {
            line(out, f.name() + ": " + f.value());
        }
        if (contentLength >= 0) {
            line(out, "Content-Length: " + contentLength);
        }
        out.writeBytes(CRLF);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(CRLF);
    }
}
