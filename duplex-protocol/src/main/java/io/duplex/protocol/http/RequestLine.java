package io.duplex.protocol.http;

import java.util.Optional;

/**
 * The request line: {@code method SP request-target SP HTTP-version} (RFC 7230 section 3.1.1), with
 * exactly one space between the parts. RFC 7230 section 3.5 allows lenient whitespace parsing; it is
 * not done here because a request line that two parsers split differently is a request-smuggling
 * risk.
 */
final class RequestLine implements StartLine<HttpRequestHead> {

    private String method;
    private String target;
    private HttpVersion version;

    @Override
    public Optional<String> parse(String line) {
        int firstSpace = line.indexOf(' ');
        int secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
        if (secondSpace < 0 || line.indexOf(' ', secondSpace + 1) >= 0) {
            return Optional.of("malformed request line");
        }
        String m = line.substring(0, firstSpace);
        String t = line.substring(firstSpace + 1, secondSpace);
        if (!HttpTokens.isToken(m)) {
            return Optional.of("malformed request line: method is not a token");
        }
        if (!HttpRequestHead.isValidTarget(t)) {
            return Optional.of("malformed request line: bad request target");
        }
        Optional<HttpVersion> v = StartLine.parseVersion(line.substring(secondSpace + 1));
        if (v.isEmpty()) {
            return Optional.of("malformed request line: bad HTTP version");
        }
        method = m;
        target = t;
        version = v.get();
        return Optional.empty();
    }

    @Override
    public HttpRequestHead head(HttpHeaders headers) {
        return new HttpRequestHead(method, target, version, headers);
    }

    @Override
    public boolean skipsLeadingBlankLines() {
        return true;
    }
}
