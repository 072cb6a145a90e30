package io.duplex.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.duplex.protocol.extension.deflate.DeflateOptions;

/**
 * What a client asks for in its opening handshake: subprotocols to offer, extra headers (Origin,
 * Authorization, cookies) and compression. Immutable; each method returns a copy.
 */
public final class ConnectOptions {

    private static final ConnectOptions DEFAULTS = new ConnectOptions(List.of(), List.of(), null);

    private final List<String> subprotocols;
    /** Header names and values, alternating. */
    private final List<String> headers;
    /** permessage-deflate to offer; {@code null} offers none. */
    private final DeflateOptions compression;

    private ConnectOptions(List<String> subprotocols, List<String> headers, DeflateOptions compression) {
        this.subprotocols = List.copyOf(subprotocols);
        this.headers = List.copyOf(headers);
        this.compression = compression;
    }

    /** @return no subprotocols, no extra headers, no compression */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param protocols the subprotocols to offer, most preferred first
     * @return a copy offering them
     */
    public ConnectOptions subprotocols(String... protocols) {
        return new ConnectOptions(Arrays.asList(protocols), headers, compression);
    }

    /**
     * @param name  a header name, such as {@code Origin}
     * @param value its value
     * @return a copy with the header added
     */
    public ConnectOptions header(String name, String value) {
        List<String> more = new ArrayList<>(headers);
        more.add(Objects.requireNonNull(name, "name"));
        more.add(Objects.requireNonNull(value, "value"));
        return new ConnectOptions(subprotocols, more, compression);
    }

    /**
     * Offers permessage-deflate (RFC 7692) with these wishes; the server may decline. The server's
     * answer is checked strictly: one the offer did not allow fails the connection.
     *
     * @param options what to offer and how to compress; {@code null} offers no compression
     * @return a copy with this offer
     */
    public ConnectOptions compression(DeflateOptions options) {
        return new ConnectOptions(subprotocols, headers, options);
    }

    /**
     * @param enabled whether to offer permessage-deflate with {@link DeflateOptions#defaults()}
     * @return a copy with or without the offer
     */
    public ConnectOptions compression(boolean enabled) {
        return compression(enabled ? DeflateOptions.defaults() : null);
    }

    /** @return the subprotocols to offer */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** @return header names and values, alternating */
    public List<String> headers() {
        return headers;
    }

    /** @return the permessage-deflate wishes, or {@code null} when no compression is offered */
    public DeflateOptions compression() {
        return compression;
    }
}
