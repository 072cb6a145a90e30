package io.duplex.protocol.handshake;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionHeaderParser;
import io.duplex.protocol.extension.ServerExtensionFactory;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;
import io.duplex.protocol.http.HttpTokens;

/**
 * The server side of the opening handshake as a function from request to response (RFC 6455
 * sections 4.2.1 and 4.2.2): it validates the client's request, chooses a subprotocol, negotiates
 * extensions and builds the {@code 101 Switching Protocols}, or the error response for the first
 * rule the request breaks. Failures become statuses in {@link RequestProblem} alone.
 *
 * <p>It does not route: the request target, {@code Origin}, cookies and authentication are for the
 * caller to judge before or after (RFC 6455 section 4.2.2, steps 2 and 3). An instance holds only
 * configuration, so one can serve every connection of an endpoint from any thread, provided its
 * selector and factories can.
 */
public final class ServerHandshake {

    /** Sec-WebSocket-Key is the base64 of 16 bytes: 24 characters, the last two padding. */
    private static final int KEY_BYTES = 16;
    private static final int ENCODED_KEY_LENGTH = 24;

    private final SubprotocolSelector subprotocolSelector;
    private final List<ServerExtensionFactory> extensionFactories;

    private ServerHandshake(Builder builder) {
        this.subprotocolSelector = builder.subprotocolSelector;
        this.extensionFactories = List.copyOf(builder.extensionFactories);
    }

    /** @return a builder with no subprotocols and no extensions */
    public static Builder builder() {
        return new Builder();
    }

    /** What {@link #accept(HttpRequestHead)} decided. */
    public sealed interface Outcome permits Accepted, Rejected {
        /** @return the response to write: the 101 or the error */
        HttpResponseHead response();
    }

    /**
     * The handshake succeeded: write the response, then speak WebSocket.
     *
     * @param response    the {@code 101 Switching Protocols}
     * @param subprotocol the chosen subprotocol, or {@code null} for none
     * @param extensions  the extensions in use, in the order they apply to outgoing messages; the
     *                    caller owns them now and must release them when the connection ends
     */
    public record Accepted(HttpResponseHead response, String subprotocol, List<Extension> extensions)
            implements Outcome {
        /** Copies the list so that the outcome is immutable. */
        public Accepted {
            Objects.requireNonNull(response, "response");
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * The handshake failed: write the response and close the connection.
     *
     * @param response the error response, with a plain-text body
     * @param reason   what was wrong, for logs
     * @param problem  which rule was broken
     */
    public record Rejected(HttpResponseHead response, String reason, RequestProblem problem) implements Outcome {
        /** Checks that every part is present. */
        public Rejected {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * Validates an upgrade request and answers it. The rules are checked in the order of RFC 6455
     * section 4.2.1 and the first broken one decides the response.
     *
     * @param request the parsed request head
     * @return {@link Accepted} with the 101, or {@link Rejected} with the error response
     */
    public Outcome accept(HttpRequestHead request) {
        HttpHeaders h = request.headers();

        // RFC 6455 section 4.2.1, item 1: "An HTTP/1.1 or higher GET request". Methods are case-sensitive.
        if (!request.method().equals("GET")) {
            return reject(RequestProblem.METHOD_NOT_GET, "the method of a WebSocket handshake must be GET");
        }
        if (!request.version().isAtLeast(1, 1)) {
            return reject(RequestProblem.HTTP_VERSION_TOO_OLD, "a WebSocket handshake needs HTTP/1.1 or later");
        }
        // Item 2, and RFC 7230 section 5.4: a request with no Host or several gets 400.
        if (h.count(HandshakeHeaders.HOST) != 1 || h.first(HandshakeHeaders.HOST).orElse("").isEmpty()) {
            return reject(RequestProblem.BAD_HOST, "exactly one non-empty Host header is required");
        }
        // Item 3: Upgrade includes "websocket", ASCII case-insensitive.
        if (!h.containsToken(HandshakeHeaders.UPGRADE, HandshakeHeaders.WEBSOCKET)) {
            return reject(RequestProblem.NOT_AN_UPGRADE, "this resource needs Upgrade: websocket");
        }
        // Item 4: Connection includes the "Upgrade" token, ASCII case-insensitive.
        if (!h.containsToken(HandshakeHeaders.CONNECTION, HandshakeHeaders.UPGRADE_TOKEN)) {
            return reject(RequestProblem.CONNECTION_NOT_UPGRADE, "the Connection header must include Upgrade");
        }
        // Item 5: one Sec-WebSocket-Key that decodes to 16 bytes.
        List<String> keys = h.all(HandshakeHeaders.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isValidKey(keys.get(0))) {
            return reject(RequestProblem.BAD_KEY,
                    "exactly one Sec-WebSocket-Key holding 16 base64-encoded bytes is required");
        }
        // Item 6: Sec-WebSocket-Version: 13. Section 4.2.2 (/version/) and 4.4: otherwise 426 with ours.
        List<String> versions = h.all(HandshakeHeaders.SEC_WEBSOCKET_VERSION);
        if (versions.isEmpty()) {
            return reject(RequestProblem.MISSING_VERSION, "Sec-WebSocket-Version is required; this server speaks 13");
        }
        if (versions.size() != 1 || !versions.get(0).equals(HandshakeHeaders.VERSION_13)) {
            return reject(RequestProblem.UNSUPPORTED_VERSION, "this server speaks WebSocket version 13 only");
        }
        // Item 8: Sec-WebSocket-Protocol, 1#token (section 4.1, item 10), in every field.
        Optional<List<String>> offeredProtocols = subprotocols(h);
        if (offeredProtocols.isEmpty()) {
            return reject(RequestProblem.MALFORMED_SUBPROTOCOLS, "Sec-WebSocket-Protocol must be a list of tokens");
        }
        // Item 9 and section 9.1: malformed Sec-WebSocket-Extensions fails the handshake.
        ExtensionHeaderParser.Result offers = ExtensionHeaderParser.parse(h.all(HandshakeHeaders.SEC_WEBSOCKET_EXTENSIONS));
        if (offers instanceof ExtensionHeaderParser.Malformed malformed) {
            return reject(RequestProblem.MALFORMED_EXTENSIONS, malformed.reason());
        }
        List<String> offered = offeredProtocols.get();
        String subprotocol = null;
        if (!offered.isEmpty()) {
            subprotocol = subprotocolSelector.select(offered).orElse(null);
            // Section 4.2.2, /subprotocol/: the value MUST be one the client offered.
            if (subprotocol != null && !offered.contains(subprotocol)) {
                return reject(RequestProblem.SUBPROTOCOL_NOT_OFFERED, "the server chose a subprotocol the client did not offer");
            }
        }
        // Selection comes before negotiation, so that no rejection leaves extensions to release.
        List<Extension> extensions = ExtensionNegotiation.serverAccept(
                ((ExtensionHeaderParser.Parsed) offers).extensions(), extensionFactories);
        return new Accepted(switchingProtocols(keys.get(0), subprotocol, extensions), subprotocol, extensions);
    }

    /**
     * The rejection for a request whose head could not be parsed, so that it is answered like every
     * other failure.
     *
     * @param failed the parser's failure
     * @return the rejection: 431 for a head over the limits, 400 otherwise
     */
    public static Rejected reject(HttpHeadParser.Failed<?> failed) {
        RequestProblem problem = failed.status() == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                ? RequestProblem.HEAD_TOO_LARGE : RequestProblem.MALFORMED_HEAD;
        return reject(problem, failed.reason());
    }

    private static Rejected reject(RequestProblem problem, String reason) {
        return new Rejected(problem.response(reason), reason, problem);
    }

    /**
     * RFC 6455 section 4.2.1, item 5: the base64 of 16 bytes. The ABNF of section 4.3 requires the
     * padding, so the value is 24 characters ending with {@code ==}; the decoder checks the alphabet.
     */
    private static boolean isValidKey(String key) {
        if (key.length() != ENCODED_KEY_LENGTH || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * The offered subprotocols from every field, in order; empty when a field holds no element or an
     * element that is not a token (RFC 6455 section 4.1, item 10: {@code 1#token}).
     */
    private static Optional<List<String>> subprotocols(HttpHeaders h) {
        List<String> offered = new ArrayList<>();
        for (String field : h.all(HandshakeHeaders.SEC_WEBSOCKET_PROTOCOL)) {
            List<String> elements = HttpHeaders.listElements(field);
            if (elements.isEmpty() || !elements.stream().allMatch(HttpTokens::isToken)) {
                return Optional.empty();
            }
            offered.addAll(elements);
        }
        return Optional.of(offered);
    }

    /** RFC 6455 section 4.2.2, step 5: the 101 and its headers. */
    private static HttpResponseHead switchingProtocols(String key, String subprotocol, List<Extension> extensions) {
        HttpHeaders.Builder headers = HttpHeaders.builder()
                .add(HandshakeHeaders.UPGRADE, HandshakeHeaders.WEBSOCKET)
                .add(HandshakeHeaders.CONNECTION, HandshakeHeaders.UPGRADE_TOKEN)
                .add(HandshakeHeaders.SEC_WEBSOCKET_ACCEPT, WebSocketAccept.of(key));
        if (subprotocol != null) {
            headers.add(HandshakeHeaders.SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        if (!extensions.isEmpty()) {
            headers.add(HandshakeHeaders.SEC_WEBSOCKET_EXTENSIONS, extensions.stream()
                    .map(e -> e.negotiated().toHeaderValue())
                    .collect(Collectors.joining(", ")));
        }
        return HttpResponseHead.of(HttpStatus.SWITCHING_PROTOCOLS, headers.build());
    }

    /** Configures a {@link ServerHandshake}. */
    public static final class Builder {

        private SubprotocolSelector subprotocolSelector = SubprotocolSelector.none();
        private List<ServerExtensionFactory> extensionFactories = List.of();

        private Builder() {
        }

        /**
         * Chooses subprotocols by the server's preference: the first of these that the client offered.
         *
         * @param serverPreference the subprotocols spoken, most preferred first; each a token
         * @return this builder
         * @throws IllegalArgumentException when one is not a token
         */
        public Builder subprotocols(List<String> serverPreference) {
            for (String p : serverPreference) {
                if (!HttpTokens.isToken(p)) {
                    throw new IllegalArgumentException("subprotocol is not a token: " + p);
                }
            }
            return subprotocolSelector(SubprotocolSelector.preferring(serverPreference));
        }

        /**
         * Chooses subprotocols by the server's preference.
         *
         * @param serverPreference the subprotocols spoken, most preferred first
         * @return this builder
         * @see #subprotocols(List)
         */
        public Builder subprotocols(String... serverPreference) {
            return subprotocols(List.of(serverPreference));
        }

        /**
         * Chooses subprotocols with custom logic.
         *
         * @param selector the selector
         * @return this builder
         */
        public Builder subprotocolSelector(SubprotocolSelector selector) {
            this.subprotocolSelector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * The extensions the server can negotiate. Their order does not matter: the client's order of
         * offers decides.
         *
         * @param factories one factory per extension name
         * @return this builder
         */
        public Builder extensions(List<ServerExtensionFactory> factories) {
            this.extensionFactories = List.copyOf(factories);
            return this;
        }

        /** @return the handshake */
        public ServerHandshake build() {
            return new ServerHandshake(this);
        }
    }
}
