package io.duplex.protocol.extension;

import java.util.Objects;

/**
 * One parameter of an extension in a {@code Sec-WebSocket-Extensions} header (RFC 6455 section 9.1):
 * {@code name} alone, or {@code name=value} where the value was a token or a quoted string.
 *
 * @param name  the parameter name, a token, compared case-insensitively by the extensions that read it
 * @param value the unquoted value, or {@code null} for a parameter given without one
 */
public record ExtensionParameter(String name, String value) {

    /** Checks that the name is present; the value may be {@code null}. */
    public ExtensionParameter {
        Objects.requireNonNull(name, "name");
    }

    /**
     * A parameter without a value, such as {@code server_no_context_takeover}.
     *
     * @param name the parameter name
     * @return the parameter
     */
    public static ExtensionParameter flag(String name) {
        return new ExtensionParameter(name, null);
    }

    /** @return whether the parameter carries a value */
    public boolean hasValue() {
        return value != null;
    }
}
