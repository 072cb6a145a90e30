package io.duplex.protocol.http;

import java.util.Arrays;
import java.util.Objects;

/**
 * The head of an HTTP response, with the short body an error response carries (RFC 7230 section
 * 3.1.2). The server handshake builds one and writes it with {@link #toBytes()}; the parser produces
 * one, without body, from the bytes a server sent.
 *
 * <p>The body is copied in and out, so the record stays immutable; equality compares its contents.
 *
 * @param version the HTTP version
 * @param status  the status code, three digits
 * @param reason  the reason phrase, possibly empty
 * @param headers the header fields, without {@code Content-Length}, which {@link #toBytes()} adds
 * @param body    the bytes after the head: empty for a {@code 101}, and for every parsed head since
 *                the parser never reads a body
 */
public record HttpResponseHead(HttpVersion version, int status, String reason, HttpHeaders headers, byte[] body) {

    /**
     * Checks that the status line could be written and that a status which forbids content
     * (1xx, 204, 304) has no body.
     */
    public HttpResponseHead {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        for (int i = 0; i < reason.length(); i++) {
            if (!HttpTokens.isFieldValueChar(reason.charAt(i))) {
                throw new IllegalArgumentException("reason phrase has a control character at index " + i);
            }
        }
        if (body.length > 0 && !HttpStatus.permitsContent(status)) {
            throw new IllegalArgumentException("a " + status + " response cannot carry a body");
        }
        body = body.clone();
    }

    /**
     * An HTTP/1.1 response with the standard reason phrase and no body.
     *
     * @param status  the status code
     * @param headers the header fields
     * @return the response head
     */
    public static HttpResponseHead of(int status, HttpHeaders headers) {
        return of(status, headers, new byte[0]);
    }

    /**
     * An HTTP/1.1 response with the standard reason phrase and a body.
     *
     * @param status  the status code
     * @param headers the header fields, including {@code Content-Type} when there is a body
     * @param body    the body, copied
     * @return the response head
     */
    public static HttpResponseHead of(int status, HttpHeaders headers, byte[] body) {
        return new HttpResponseHead(HttpVersion.HTTP_1_1, status, HttpStatus.reasonPhrase(status), headers, body);
    }

    /** @return a copy of the body, empty when there is none */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The status line, the headers and the body as bytes, ready to write. A response whose status
     * permits content gets a {@code Content-Length} for its body (zero when empty, so that the client
     * knows the response has ended) unless the headers already carry one; a 1xx, 204 or 304 never does
     * (RFC 7230 section 3.3.2).
     *
     * @return the response, head and body
     */
    public byte[] toBytes() {
        long contentLength = HttpStatus.permitsContent(status) && !headers.contains("Content-Length")
                ? body.length : -1;
        return HeadWriter.write(version + " " + status + " " + reason, headers, contentLength, body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpResponseHead other
                && version.equals(other.version)
                && status == other.status
                && reason.equals(other.reason)
                && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, status, reason, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpResponseHead[" + version + " " + status + " " + reason + ", headers=" + headers
                + ", body=" + body.length + " bytes]";
    }
}
