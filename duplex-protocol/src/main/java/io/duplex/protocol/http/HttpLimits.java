package io.duplex.protocol.http;

/**
 * Bounds on an HTTP head, so that a peer cannot make the parser hold unbounded memory
 * (RFC 6455 section 10.4, RFC 7230 section 3.2.5). A request exceeding either fails with
 * {@code 431 Request Header Fields Too Large} (RFC 6585 section 5).
 *
 * @param maxHeadBytes   the most bytes the head may take, start line, line endings and the final
 *                       blank line included
 * @param maxHeaderCount the most header fields the head may hold
 */
public record HttpLimits(int maxHeadBytes, int maxHeaderCount) {

    /** The default head size: 8 KiB, as most servers allow. */
    public static final int DEFAULT_MAX_HEAD_BYTES = 8192;
    /** The default number of header fields. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;

    /** The defaults: 8192 bytes and 100 header fields. */
    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_HEADER_COUNT);

    /** Checks that the byte limit is positive and the field count not negative. */
    public HttpLimits {
        if (maxHeadBytes < 1) {
            throw new IllegalArgumentException("maxHeadBytes must be positive: " + maxHeadBytes);
        }
        if (maxHeaderCount < 0) {
            throw new IllegalArgumentException("maxHeaderCount must not be negative: " + maxHeaderCount);
        }
    }
}
