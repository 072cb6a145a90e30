package io.duplex.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import io.duplex.server.HandshakeDecision;
import io.duplex.server.HandshakeHook;
import io.duplex.server.HandshakeRequest;

/**
 * Accepts a WebSocket only from the demo's own pages (RFC 6455 section 10.2): a browser sends the
 * page's origin, which must name the scheme of this server ({@code https} with TLS, else {@code http})
 * and the host and port the request went to. A request without an Origin
 * comes from a program rather than a page, which a cross-site page cannot make, and is accepted.
 */
final class SameOrigin implements HandshakeHook {

    /** 403: the request is understood and refused (RFC 6455 section 4.2.2, item 4, and section 10.2). */
    private static final int FORBIDDEN = 403;

    private final String scheme;

    /** @param secure whether the server speaks TLS, so that its pages' origins are {@code https} */
    SameOrigin(boolean secure) {
        this.scheme = secure ? "https" : "http";
    }

    @Override
    public HandshakeDecision decide(HandshakeRequest request) {
        Optional<String> origin = request.origin();
        if (origin.isEmpty()) {
            return HandshakeDecision.accept();
        }
        Optional<String> host = request.header("Host");
        if (host.isPresent() && origin.get().regionMatches(true, 0, scheme + "://", 0, scheme.length() + 3)
                && sameAuthority(origin.get(), host.get())) {
            return HandshakeDecision.accept();
        }
        return HandshakeDecision.reject(FORBIDDEN, "only the demo's own pages may connect\n");
    }

    /** Whether the origin {@code scheme://host[:port]} names the authority of the Host header. */
    static boolean sameAuthority(String origin, String hostHeader) {
        URI o;
        URI h;
        try {
            o = new URI(origin);
            h = new URI(o.getScheme() + "://" + hostHeader.trim());
        } catch (URISyntaxException e) {
            return false; // "null" (an opaque origin) and anything malformed
        }
        if (o.getHost() == null || h.getHost() == null || o.getScheme() == null) {
            return false;
        }
        return o.getHost().toLowerCase(Locale.ROOT).equals(h.getHost().toLowerCase(Locale.ROOT))
                && port(o) == port(h);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
