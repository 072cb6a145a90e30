package io.duplex.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a client asks for in its opening handshake: subprotocols to offer and extra headers (Origin,
 * Authorization, cookies). Immutable; each method returns a copy.
 */
public final class ConnectOptions {

    private static final ConnectOptions DEFAULTS = new ConnectOptions(List.of(), List.of());

    private final List<String> subprotocols;
    /** Header names and values, alternating. */
    private final List<String> headers;

    private ConnectOptions(List<String> subprotocols, List<String> headers) {
        this.subprotocols = List.copyOf(subprotocols);
        this.headers = List.copyOf(headers);
    }

    /** @return no subprotocols, no extra headers */
    public static ConnectOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param protocols the subprotocols to offer, most preferred first
     * @return a copy offering them
     */
    public ConnectOptions subprotocols(String... protocols) {
        return new ConnectOptions(Arrays.asList(protocols), headers);
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
        return new ConnectOptions(subprotocols, more);
    }

    /** @return the subprotocols to offer */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** @return header names and values, alternating */
    public List<String> headers() {
        return headers;
    }
}
