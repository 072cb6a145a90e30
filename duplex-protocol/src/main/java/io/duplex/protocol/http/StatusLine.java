package io.duplex.protocol.http;

import java.util.Optional;

/**
 * The status line: {@code HTTP-version SP status-code SP reason-phrase} (RFC 7230 section 3.1.2),
 * where the status code is three digits, 100 to 999 (RFC 7231 section 6: the first digit is the class).
 * A line that ends right after the status code, without the space before an empty reason, is
 * accepted: the reason phrase carries no meaning (RFC 7230 section 3.1.2: a client should ignore it)
 * and some servers leave the space out.
 */
final class StatusLine implements StartLine<HttpResponseHead> {

    private HttpVersion version;
    private int status;
    private String reason;

    @Override
    public Optional<String> parse(String line) {
        if (line.length() < 12 || line.charAt(8) != ' ' || line.length() > 12 && line.charAt(12) != ' ') {
            return Optional.of("malformed status line");
        }
        Optional<HttpVersion> v = StartLine.parseVersion(line.substring(0, 8));
        if (v.isEmpty()) {
            return Optional.of("malformed status line: bad HTTP version");
        }
        char d1 = line.charAt(9);
        char d2 = line.charAt(10);
        char d3 = line.charAt(11);
        if (d1 < '1' || d1 > '9' || !StartLine.isDigit(d2) || !StartLine.isDigit(d3)) {
            return Optional.of("malformed status line: status code is not three digits");
        }
        String r = line.length() > 12 ? line.substring(13) : "";
        // RFC 7230 section 3.1.2: reason-phrase = *( HTAB / SP / VCHAR / obs-text ).
        for (int i = 0; i < r.length(); i++) {
            if (!HttpTokens.isFieldValueChar(r.charAt(i))) {
                return Optional.of("malformed status line: control character in reason phrase");
            }
        }
        version = v.get();
        status = (d1 - '0') * 100 + (d2 - '0') * 10 + (d3 - '0');
        reason = r;
        return Optional.empty();
    }

    @Override
    public HttpResponseHead head(HttpHeaders headers) {
        return new HttpResponseHead(version, status, reason, headers, new byte[0]);
    }

    @Override
    public boolean skipsLeadingBlankLines() {
        return false;
    }
}
