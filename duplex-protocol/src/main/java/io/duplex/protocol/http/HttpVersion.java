package io.duplex.protocol.http;

/**
 * An HTTP version as it appears in a start line, {@code HTTP/1.1} (RFC 7230 section 2.6:
 * {@code HTTP-version = "HTTP/" DIGIT "." DIGIT}).
 *
 * @param major the major version, 0 to 9
 * @param minor the minor version, 0 to 9
 */
public record HttpVersion(int major, int minor) {

    /** HTTP/1.0, which cannot carry a WebSocket upgrade. */
    public static final HttpVersion HTTP_1_0 = new HttpVersion(1, 0);
    /** HTTP/1.1, the version of every WebSocket handshake (RFC 6455 section 4.1). */
    public static final HttpVersion HTTP_1_1 = new HttpVersion(1, 1);

    /** Checks that both numbers are single digits, as the grammar allows. */
    public HttpVersion {
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("HTTP version digits must be 0-9: " + major + "." + minor);
        }
    }

    /**
     * Whether this version is the given one or later.
     *
     * @param otherMajor the major version to compare with
     * @param otherMinor the minor version to compare with
     * @return whether this version is at least {@code otherMajor.otherMinor}
     */
    public boolean isAtLeast(int otherMajor, int otherMinor) {
        return major > otherMajor || major == otherMajor && minor >= otherMinor;
    }

    /** @return the version as written in a start line, such as {@code HTTP/1.1} */
    @Override
    public String toString() {
        return "HTTP/" + major + "." + minor;
    }
}
