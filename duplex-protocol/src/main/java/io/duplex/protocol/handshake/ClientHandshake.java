package io.duplex.protocol.handshake;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

import io.duplex.protocol.extension.ClientExtensionFactory;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionHeaderParser;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;
import io.duplex.protocol.http.HttpTokens;
import io.duplex.protocol.http.HttpVersion;

/**
 * The client side of one opening handshake (RFC 6455 section 4.1): the request to send, with a fresh
 * random key, and the check of the server's response. One instance serves one connection attempt,
 * since the key is a nonce chosen for each connection.
 */
public final class ClientHandshake {

    /** The headers the handshake writes itself; extra headers may not replace them. */
    private static final List<String> RESERVED_HEADERS = List.of(
            HandshakeHeaders.HOST, HandshakeHeaders.UPGRADE, HandshakeHeaders.CONNECTION,
            HandshakeHeaders.SEC_WEBSOCKET_KEY, HandshakeHeaders.SEC_WEBSOCKET_VERSION,
            HandshakeHeaders.SEC_WEBSOCKET_PROTOCOL, HandshakeHeaders.SEC_WEBSOCKET_EXTENSIONS,
            HandshakeHeaders.SEC_WEBSOCKET_ACCEPT);

    private final HttpRequestHead request;
    private final String key;
    private final String expectedAccept;
    private final List<String> subprotocols;
    private final List<ClientExtensionFactory> extensionFactories;

    private ClientHandshake(Builder b) {
        this.subprotocols = List.copyOf(b.subprotocols);
        this.extensionFactories = List.copyOf(b.extensionFactories);
        // RFC 6455 section 4.1, item 7: a nonce of 16 random bytes, base64-encoded, new for each connection.
        byte[] nonce = new byte[16];
        b.random.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
        this.expectedAccept = WebSocketAccept.of(key);
        this.request = buildRequest(b);
    }

    /**
     * Starts a handshake.
     *
     * @param host   the {@code Host} value: the host, with {@code :port} when not the scheme's default
     *               (RFC 6455 section 4.1, item 4), such as {@code example.com:8080}
     * @param target the resource name: path and query, such as {@code /chat?room=1} (RFC 6455 section 3)
     * @return the builder
     */
    public static Builder builder(String host, String target) {
        return new Builder(host, target);
    }

    /** @return the {@code Sec-WebSocket-Key} sent */
    public String key() {
        return key;
    }

    /** @return the {@code Sec-WebSocket-Accept} value the server must answer with */
    public String expectedAccept() {
        return expectedAccept;
    }

    /** @return the request head to send */
    public HttpRequestHead request() {
        return request;
    }

    /** @return the request as bytes, ready to write */
    public byte[] requestBytes() {
        return request.toBytes();
    }

    /** What {@link #validate(HttpResponseHead)} decided. */
    public sealed interface Outcome permits Accepted, Failed {
    }

    /**
     * The server accepted: the connection is open (RFC 6455 section 4.1, "_The WebSocket Connection
     * is Established_").
     *
     * @param subprotocol the subprotocol in use, or {@code null} for none
     * @param extensions  the extensions in use, in the server's order; the caller owns them now and
     *                    must release them when the connection ends
     */
    public record Accepted(String subprotocol, List<Extension> extensions) implements Outcome {
        /** Copies the list so that the outcome is immutable. */
        public Accepted {
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * The client must fail the connection (RFC 6455 section 4.1: "_Fail the WebSocket Connection_").
     * Nothing needs releasing: extensions built before the failure have been released.
     *
     * @param reason what was wrong with the response
     */
    public record Failed(String reason) implements Outcome {
        /** Checks that the reason is present. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Checks the server's response against RFC 6455 section 4.1 (the numbered steps after "The client
     * MUST validate the server's response as follows"). The first broken rule decides the reason.
     *
     * @param response the parsed response head
     * @return {@link Accepted}, or {@link Failed} with the reason
     */
    public Outcome validate(HttpResponseHead response) {
        HttpHeaders h = response.headers();
        // Step 1: anything but 101 is handled as HTTP (a redirect, an authentication challenge): for
        // this handshake it is a failure, and the caller may look at the response it holds.
        if (response.status() != HttpStatus.SWITCHING_PROTOCOLS) {
            return new Failed("server answered " + response.status() + " " + response.reason()
                    + " instead of 101 Switching Protocols");
        }
        // Step 2: Upgrade must be "websocket", ASCII case-insensitive.
        List<String> upgrade = h.tokens(HandshakeHeaders.UPGRADE);
        if (upgrade.size() != 1 || !HttpTokens.equalsIgnoreCase(upgrade.get(0), HandshakeHeaders.WEBSOCKET)) {
            return new Failed("response Upgrade header is not websocket");
        }
        // Step 3: Connection must include the Upgrade token.
        if (!h.containsToken(HandshakeHeaders.CONNECTION, HandshakeHeaders.UPGRADE_TOKEN)) {
            return new Failed("response Connection header does not include Upgrade");
        }
        // Step 4: Sec-WebSocket-Accept, ignoring surrounding whitespace, must match the key sent.
        List<String> accepts = h.all(HandshakeHeaders.SEC_WEBSOCKET_ACCEPT);
        if (accepts.size() != 1 || !accepts.get(0).trim().equals(expectedAccept)) {
            return new Failed("response Sec-WebSocket-Accept does not match the key sent");
        }
        // Step 6 is checked before step 5 so that a failure here leaves no extensions to release.
        // Step 6: a subprotocol must be one offered; section 4.2.2 (/subprotocol/): one value at most.
        String subprotocol = null;
        if (h.contains(HandshakeHeaders.SEC_WEBSOCKET_PROTOCOL)) {
            List<String> chosen = h.tokens(HandshakeHeaders.SEC_WEBSOCKET_PROTOCOL);
            if (chosen.size() != 1) {
                return new Failed("response Sec-WebSocket-Protocol must name exactly one subprotocol");
            }
            if (!subprotocols.contains(chosen.get(0))) {
                return new Failed("server chose subprotocol " + chosen.get(0) + " that was not offered");
            }
            subprotocol = chosen.get(0);
        }
        // Step 5 and section 9.1: the extensions, parsed, each offered and named once, then judged.
        ExtensionHeaderParser.Result answer = ExtensionHeaderParser.parse(h.all(HandshakeHeaders.SEC_WEBSOCKET_EXTENSIONS));
        if (answer instanceof ExtensionHeaderParser.Malformed malformed) {
            return new Failed(malformed.reason());
        }
        List<ExtensionSpec> accepted = ((ExtensionHeaderParser.Parsed) answer).extensions();
        ExtensionNegotiation.ClientResult result = ExtensionNegotiation.clientAccept(accepted, extensionFactories);
        if (result instanceof ExtensionNegotiation.ClientRefused refused) {
            return new Failed(refused.reason());
        }
        return new Accepted(subprotocol, ((ExtensionNegotiation.ClientAccepted) result).extensions());
    }

    /** RFC 6455 section 4.1, the handshake requirements 1 to 12. */
    private HttpRequestHead buildRequest(Builder b) {
        HttpHeaders.Builder headers = HttpHeaders.builder()
                .add(HandshakeHeaders.HOST, b.host)
                .add(HandshakeHeaders.UPGRADE, HandshakeHeaders.WEBSOCKET)
                .add(HandshakeHeaders.CONNECTION, HandshakeHeaders.UPGRADE_TOKEN)
                .add(HandshakeHeaders.SEC_WEBSOCKET_KEY, key)
                .add(HandshakeHeaders.SEC_WEBSOCKET_VERSION, HandshakeHeaders.VERSION_13);
        if (!subprotocols.isEmpty()) {
            headers.add(HandshakeHeaders.SEC_WEBSOCKET_PROTOCOL, String.join(", ", subprotocols));
        }
        List<String> offers = new ArrayList<>();
        for (ClientExtensionFactory factory : extensionFactories) {
            for (ExtensionSpec offer : factory.offers()) {
                offers.add(offer.toHeaderValue());
            }
        }
        if (!offers.isEmpty()) {
            headers.add(HandshakeHeaders.SEC_WEBSOCKET_EXTENSIONS, String.join(", ", offers));
        }
        headers.addAll(b.extraHeaders.build());
        return new HttpRequestHead("GET", b.target, HttpVersion.HTTP_1_1, headers.build());
    }

    /** Configures a {@link ClientHandshake}. */
    public static final class Builder {

        private final String host;
        private final String target;
        private List<String> subprotocols = List.of();
        private List<ClientExtensionFactory> extensionFactories = List.of();
        private final HttpHeaders.Builder extraHeaders = HttpHeaders.builder();
        private Random random = SharedRandom.INSTANCE;

        private Builder(String host, String target) {
            this.host = Objects.requireNonNull(host, "host");
            this.target = Objects.requireNonNull(target, "target");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (!target.startsWith("/")) {
                throw new IllegalArgumentException("target must be a path starting with /: " + target);
            }
        }

        /**
         * The subprotocols to offer, most preferred first (RFC 6455 section 4.1, item 10: unique tokens).
         *
         * @param protocols the subprotocols
         * @return this builder
         * @throws IllegalArgumentException when one is not a token or appears twice
         */
        public Builder subprotocols(List<String> protocols) {
            for (String p : protocols) {
                if (!HttpTokens.isToken(p)) {
                    throw new IllegalArgumentException("subprotocol is not a token: " + p);
                }
            }
            if (protocols.stream().distinct().count() != protocols.size()) {
                throw new IllegalArgumentException("subprotocols must be unique: " + protocols);
            }
            this.subprotocols = List.copyOf(protocols);
            return this;
        }

        /**
         * The subprotocols to offer, most preferred first.
         *
         * @param protocols the subprotocols
         * @return this builder
         * @see #subprotocols(List)
         */
        public Builder subprotocols(String... protocols) {
            return subprotocols(List.of(protocols));
        }

        /**
         * The extensions to offer, in order of preference; each factory's offers are sent in its order.
         *
         * @param factories the factories, each with a different name
         * @return this builder
         * @throws IllegalArgumentException when two factories share a name, since the server's answer
         *                                  could not be told apart
         */
        public Builder extensions(List<ClientExtensionFactory> factories) {
            List<String> names = factories.stream().map(f -> f.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toList());
            if (names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("two extension factories share a name: " + names);
            }
            this.extensionFactories = List.copyOf(factories);
            return this;
        }

        /**
         * Adds a header to the request, such as {@code Origin}, {@code Authorization} or {@code Cookie}
         * (RFC 6455 section 4.1, items 8 and 12).
         *
         * @param name  the header name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException when the header is one the handshake writes itself, or is not
         *                                  a valid header
         */
        public Builder header(String name, String value) {
            for (String reserved : RESERVED_HEADERS) {
                if (HttpTokens.equalsIgnoreCase(reserved, name)) {
                    throw new IllegalArgumentException(name + " is written by the handshake itself");
                }
            }
            extraHeaders.add(name, value);
            return this;
        }

        /**
         * The source of the key's random bytes. The default is a shared {@link SecureRandom}; another
         * source is for tests: RFC 6455 section 4.1, item 7, wants the nonce "selected randomly".
         *
         * @param source the random source
         * @return this builder
         */
        public Builder random(Random source) {
            this.random = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Creates the handshake, choosing its key.
         *
         * @return the handshake
         * @throws IllegalArgumentException when the host or target cannot be written in a request
         */
        public ClientHandshake build() {
            return new ClientHandshake(this);
        }
    }

    /** One {@link SecureRandom} for every handshake: it is thread-safe, and seeding one per key is slow. */
    private static final class SharedRandom {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}
