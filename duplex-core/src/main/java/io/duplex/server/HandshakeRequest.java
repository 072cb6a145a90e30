package io.duplex.server;

import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;

/**
 * An opening handshake request that passed the protocol's checks (RFC 6455 section 4.2.1), as a
 * {@link HandshakeHook} sees it.
 */
public final class HandshakeRequest {

    private final HttpRequestHead head;
    private final SocketAddress remoteAddress;
    private final List<String> offeredSubprotocols;

    HandshakeRequest(HttpRequestHead head, SocketAddress remoteAddress, List<String> offeredSubprotocols) {
        this.head = head;
        this.remoteAddress = remoteAddress;
        this.offeredSubprotocols = List.copyOf(offeredSubprotocols);
    }

    /** @return the path, without the query, as sent (not percent-decoded) */
    public String path() {
        String target = head.target();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** @return the raw query, without the {@code ?}, or empty */
    public Optional<String> query() {
        String target = head.target();
        int q = target.indexOf('?');
        return q < 0 ? Optional.empty() : Optional.of(target.substring(q + 1));
    }

    /**
     * The first value of a query parameter, percent-decoded as UTF-8.
     *
     * @param name the parameter name
     * @return its value, or empty when absent
     */
    public Optional<String> queryParameter(String name) {
        for (String pair : query().orElse("").split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(key).equals(name)) {
                return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return Optional.empty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    /** @return the request headers (names compared case-insensitively) */
    public HttpHeaders headers() {
        return head.headers();
    }

    /**
     * @param name a header name
     * @return its first value, or empty
     */
    public Optional<String> header(String name) {
        return head.headers().first(name);
    }

    /** @return the {@code Origin} the browser sent, or empty (RFC 6455 section 10.2) */
    public Optional<String> origin() {
        return header("Origin");
    }

    /** @return the cookies of every {@code Cookie} header, by name, in order (RFC 6265 section 5.4) */
    public Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String field : head.headers().all("Cookie")) {
            for (String pair : field.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return Collections.unmodifiableMap(cookies);
    }

    /** @return the subprotocols the client offered, in its order */
    public List<String> offeredSubprotocols() {
        return offeredSubprotocols;
    }

    /** @return the peer's address */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }
}
