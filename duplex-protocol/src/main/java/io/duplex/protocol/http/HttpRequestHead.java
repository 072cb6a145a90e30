package io.duplex.protocol.http;

import java.util.Objects;

/**
 * The head of an HTTP request: request line and header fields (RFC 7230 section 3.1.1). The parser
 * produces it from the bytes a client sent; the client handshake builds one and writes it with
 * {@link #toBytes()}.
 *
 * @param method  the method, a token, case-sensitive ({@code GET})
 * @param target  the request target as sent, such as {@code /chat?room=1}
 * @param version the HTTP version
 * @param headers the header fields
 */
public record HttpRequestHead(String method, String target, HttpVersion version, HttpHeaders headers) {

    /**
     * Checks that the request line could be written: a token for the method, and a target of visible
     * ASCII characters without spaces (RFC 7230 section 3.1.1).
     */
    public HttpRequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        if (!HttpTokens.isToken(method)) {
            throw new IllegalArgumentException("method is not a token: " + method);
        }
        if (!isValidTarget(target)) {
            throw new IllegalArgumentException("request target must be visible ASCII without spaces: " + target);
        }
    }

    /**
     * Whether a request target can appear in a request line: non-empty, visible ASCII only
     * (RFC 3986 has no other characters; anything else arrives percent-encoded).
     *
     * @param target the request target
     * @return whether it is acceptable
     */
    static boolean isValidTarget(String target) {
        if (target.isEmpty()) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request line and headers as bytes, ready to write. No {@code Content-Length} is added: the
     * requests this library sends carry no body.
     *
     * @return the head, ending with the blank line
     */
    public byte[] toBytes() {
        return HeadWriter.write(method + " " + target + " " + version, headers, -1, new byte[0]);
    }
}
