package io.duplex.protocol.http;

/**
 * The status codes the handshake and the head parser use, with their reason phrases
 * (RFC 7231 section 6.1, RFC 6585).
 */
public final class HttpStatus {

    /** 101: the server switches to the protocol named in {@code Upgrade} (RFC 6455 section 4.2.2). */
    public static final int SWITCHING_PROTOCOLS = 101;
    /** 200: the request succeeded. */
    public static final int OK = 200;
    /** 400: the request is malformed. */
    public static final int BAD_REQUEST = 400;
    /** 404: nothing is served at the request target. */
    public static final int NOT_FOUND = 404;
    /** 405: the method is not allowed; the response carries {@code Allow}. */
    public static final int METHOD_NOT_ALLOWED = 405;
    /** 413: the request or the resource is larger than the server will handle. */
    public static final int CONTENT_TOO_LARGE = 413;
    /** 426: the client must switch protocols; the response carries {@code Upgrade}. */
    public static final int UPGRADE_REQUIRED = 426;
    /** 431: the head is too large (RFC 6585 section 5). */
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500: the server failed. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** 503: the server cannot take the request now (too many connections, shutting down). */
    public static final int SERVICE_UNAVAILABLE = 503;

    private HttpStatus() {
    }

    /**
     * The reason phrase to send with a status code.
     *
     * @param status the status code
     * @return the registered phrase, or a generic one for the code's class
     */
    public static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case SWITCHING_PROTOCOLS -> "Switching Protocols";
            case OK -> "OK";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case BAD_REQUEST -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case NOT_FOUND -> "Not Found";
            case METHOD_NOT_ALLOWED -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case CONTENT_TOO_LARGE -> "Content Too Large";
            case 414 -> "URI Too Long";
            case UPGRADE_REQUIRED -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Request Header Fields Too Large";
            case INTERNAL_SERVER_ERROR -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case SERVICE_UNAVAILABLE -> "Service Unavailable";
            default -> switch (status / 100) {
                case 1 -> "Informational";
                case 2 -> "Success";
                case 3 -> "Redirection";
                case 4 -> "Client Error";
                case 5 -> "Server Error";
                default -> "Unknown";
            };
        };
    }

    /**
     * Whether a response with this status can carry content (RFC 7230 section 3.3.2: never with
     * 1xx, 204 or 304, so such responses get no {@code Content-Length} either).
     *
     * @param status the status code
     * @return whether a body, and so a {@code Content-Length}, may be sent
     */
    public static boolean permitsContent(int status) {
        return status >= 200 && status != 204 && status != 304;
    }
}
