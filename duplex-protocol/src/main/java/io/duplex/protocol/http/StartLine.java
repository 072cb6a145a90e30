package io.duplex.protocol.http;

import java.util.Optional;

/**
 * What differs between parsing a request head and a response head: the first line, and the record
 * the head becomes. An instance belongs to one {@link HttpHeadParser} and keeps the parsed line.
 *
 * @param <H> the head type
 */
interface StartLine<H> {

    /**
     * Parses the first line of the head and keeps its parts.
     *
     * @param line the line without its CRLF, decoded as ISO-8859-1
     * @return why the line is malformed, or empty when it is valid
     */
    Optional<String> parse(String line);

    /**
     * Builds the head once every field has been read.
     *
     * @param headers the header fields
     * @return the head
     */
    H head(HttpHeaders headers);

    /**
     * Whether blank lines before the start line are skipped. RFC 7230 section 3.5: a server should
     * ignore at least one empty line received before the request line (clients that send a CRLF after
     * a POST body); a response has no such allowance.
     *
     * @return whether leading blank lines are skipped
     */
    boolean skipsLeadingBlankLines();

    /**
     * Parses {@code HTTP-version = "HTTP/" DIGIT "." DIGIT} (RFC 7230 section 2.6), case-sensitive.
     *
     * @param text the version text
     * @return the version, or empty when the syntax is wrong
     */
    static Optional<HttpVersion> parseVersion(String text) {
        if (text.length() != 8 || !text.startsWith("HTTP/") || text.charAt(6) != '.') {
            return Optional.empty();
        }
        char major = text.charAt(5);
        char minor = text.charAt(7);
        if (!isDigit(major) || !isDigit(minor)) {
            return Optional.empty();
        }
        return Optional.of(new HttpVersion(major - '0', minor - '0'));
    }

    /**
     * @param c a character
     * @return whether it is an ASCII digit
     */
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
