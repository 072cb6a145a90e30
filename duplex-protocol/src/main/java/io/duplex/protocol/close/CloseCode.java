package io.duplex.protocol.close;

/**
 * Close status codes (RFC 6455 section 7.4) and the rules for which may travel in a Close frame.
 *
 * <p>Three codes are only ever reported, never sent: {@link #NO_STATUS_RECEIVED} (1005),
 * {@link #ABNORMAL_CLOSURE} (1006) and {@link #TLS_HANDSHAKE_FAILED} (1015) (RFC 6455 section 7.4.1).
 */
public final class CloseCode {

    /** 1000: the purpose of the connection has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: the endpoint is going away (server shutting down, page navigated away). */
    public static final int GOING_AWAY = 1001;
    /** 1002: the peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a data type the endpoint cannot accept (text to a binary-only endpoint, say). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: reported when a Close frame carried no status code. Never sent. */
    public static final int NO_STATUS_RECEIVED = 1005;
    /** 1006: reported when the connection closed without a Close frame. Never sent. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: a text message was not valid UTF-8, or data was inconsistent with its type. */
    public static final int INVALID_PAYLOAD = 1007;
    /** 1008: a message violated the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message was too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client expected the server to negotiate an extension it did not. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting (IANA registry). */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later, the server is overloaded (IANA registry). */
    public static final int TRY_AGAIN_LATER = 1013;
    /** 1014: a gateway or proxy received an invalid response from upstream (IANA registry). */
    public static final int BAD_GATEWAY = 1014;
    /** 1015: reported when the TLS handshake failed. Never sent. */
    public static final int TLS_HANDSHAKE_FAILED = 1015;

    /** The longest reason a Close frame can carry: 125 bytes of payload less 2 for the code. */
    public static final int MAX_REASON_BYTES = 123;

    private CloseCode() {
    }

    /**
     * Whether a code may appear in a Close frame, sent or received (RFC 6455 section 7.4 and the IANA
     * registry): 1000-1003 and 1007-1014 as defined, 3000-3999 registered by libraries and frameworks,
     * 4000-4999 private. Everything else, 1004, 1005, 1006 and 1015 included, is invalid on the wire,
     * and receiving it is a protocol error (1002).
     *
     * @param code the status code
     * @return whether it is valid on the wire
     */
    public static boolean isValidOnWire(int code) {
        return code >= 1000 && code <= 1003
                || code >= 1007 && code <= 1014
                || code >= 3000 && code <= 4999;
    }

    /**
     * Whether a code is reported locally but never sent (RFC 6455 section 7.4.1): 1005, 1006, 1015.
     *
     * @param code the status code
     * @return whether it is report-only
     */
    public static boolean isReportOnly(int code) {
        return code == NO_STATUS_RECEIVED || code == ABNORMAL_CLOSURE || code == TLS_HANDSHAKE_FAILED;
    }

    /**
     * A short name for logs: {@code 1000 (normal closure)}, {@code 4001 (private)}.
     *
     * @param code the status code
     * @return the code with its meaning
     */
    public static String describe(int code) {
        String name = switch (code) {
            case NORMAL_CLOSURE -> "normal closure";
            case GOING_AWAY -> "going away";
            case PROTOCOL_ERROR -> "protocol error";
            case UNSUPPORTED_DATA -> "unsupported data";
            case NO_STATUS_RECEIVED -> "no status received";
            case ABNORMAL_CLOSURE -> "abnormal closure";
            case INVALID_PAYLOAD -> "invalid payload";
            case POLICY_VIOLATION -> "policy violation";
            case MESSAGE_TOO_BIG -> "message too big";
            case MANDATORY_EXTENSION -> "mandatory extension";
            case INTERNAL_ERROR -> "internal error";
            case SERVICE_RESTART -> "service restart";
            case TRY_AGAIN_LATER -> "try again later";
            case BAD_GATEWAY -> "bad gateway";
            case TLS_HANDSHAKE_FAILED -> "TLS handshake failed";
            default -> code >= 3000 && code <= 3999 ? "registered"
                    : code >= 4000 && code <= 4999 ? "private" : "invalid";
        };
        return code + " (" + name + ")";
    }
}
