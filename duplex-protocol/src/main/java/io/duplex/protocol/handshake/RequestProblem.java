package io.duplex.protocol.handshake;

import java.nio.charset.StandardCharsets;

import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;

/**
 * Everything that makes a server refuse an opening handshake, each mapped to its one HTTP status and
 * the headers that status requires. This is the only place where a failure becomes a status.
 *
 * <p>RFC 6455 section 4.2.1: a request that does not match the handshake gets "an appropriate error
 * code (such as 400 Bad Request)"; the exceptions below follow RFC 7231 (405 must list the allowed
 * methods, 426 must name the protocol to upgrade to) and RFC 6455 section 4.4 (a version the server
 * does not speak is answered with the versions it does).
 */
public enum RequestProblem {

    /** The head could not be parsed (see {@link io.duplex.protocol.http.HttpHeadParser}). */
    MALFORMED_HEAD(HttpStatus.BAD_REQUEST),
    /** The head exceeded the size limits (RFC 6585 section 5). */
    HEAD_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    /** RFC 6455 section 4.2.1, item 1: the method must be GET. RFC 7231 section 6.5.5: 405 sends Allow. */
    METHOD_NOT_GET(HttpStatus.METHOD_NOT_ALLOWED, HandshakeHeaders.ALLOW, "GET"),
    /** RFC 6455 section 4.2.1, item 1: HTTP/1.1 or later. */
    HTTP_VERSION_TOO_OLD(HttpStatus.BAD_REQUEST),
    /** RFC 6455 section 4.2.1, item 2, and RFC 7230 section 5.4: exactly one Host. */
    BAD_HOST(HttpStatus.BAD_REQUEST),
    /**
     * RFC 6455 section 4.2.1, item 3: Upgrade must include websocket. RFC 7231 section 6.5.15: a 426
     * must say what to upgrade to.
     */
    NOT_AN_UPGRADE(HttpStatus.UPGRADE_REQUIRED,
            HandshakeHeaders.UPGRADE, HandshakeHeaders.WEBSOCKET,
            HandshakeHeaders.CONNECTION, HandshakeHeaders.UPGRADE_TOKEN),
    /** RFC 6455 section 4.2.1, item 4: Connection must include the Upgrade option. */
    CONNECTION_NOT_UPGRADE(HttpStatus.BAD_REQUEST),
    /** RFC 6455 section 4.2.1, item 5: exactly one key, the base64 of 16 bytes. */
    BAD_KEY(HttpStatus.BAD_REQUEST),
    /**
     * RFC 6455 section 4.2.1, item 6: no Sec-WebSocket-Version at all. The request is malformed rather
     * than of another version, so 400; it still says which version the server speaks.
     */
    MISSING_VERSION(HttpStatus.BAD_REQUEST, HandshakeHeaders.SEC_WEBSOCKET_VERSION, HandshakeHeaders.VERSION_13),
    /** RFC 6455 sections 4.2.2 (/version/) and 4.4: a version other than 13 gets 426 and the versions spoken. */
    UNSUPPORTED_VERSION(HttpStatus.UPGRADE_REQUIRED,
            HandshakeHeaders.SEC_WEBSOCKET_VERSION, HandshakeHeaders.VERSION_13),
    /** RFC 6455 section 4.1, item 10: Sec-WebSocket-Protocol is {@code 1#token}. */
    MALFORMED_SUBPROTOCOLS(HttpStatus.BAD_REQUEST),
    /** RFC 6455 section 9.1: a Sec-WebSocket-Extensions that does not follow the grammar. */
    MALFORMED_EXTENSIONS(HttpStatus.BAD_REQUEST),
    /**
     * The server's subprotocol selector chose a subprotocol the client did not offer. RFC 6455 section
     * 4.2.2 forbids sending it, and it is the server's fault, not the client's: 500.
     */
    SUBPROTOCOL_NOT_OFFERED(HttpStatus.INTERNAL_SERVER_ERROR);

    private final int status;
    private final HttpHeaders headers;

    RequestProblem(int status, String... headerNamesAndValues) {
        this.status = status;
        this.headers = HttpHeaders.of(headerNamesAndValues);
    }

    /** @return the HTTP status this problem is answered with */
    public int status() {
        return status;
    }

    /**
     * The error response for this problem: its status, the headers the status requires and a short
     * plain-text body with the reason.
     *
     * @param reason what was wrong, for a person reading the response
     * @return the response to send
     */
    public HttpResponseHead response(String reason) {
        HttpHeaders withBodyType = headers.toBuilder()
                .add(HandshakeHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .build();
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        return HttpResponseHead.of(status, withBodyType, body);
    }
}
