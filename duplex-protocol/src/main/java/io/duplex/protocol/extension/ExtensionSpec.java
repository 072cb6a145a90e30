package io.duplex.protocol.extension;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 section 9.1): an extension name
 * with its parameters. In a client request it is an offer; in a server response it is what the server
 * accepted.
 *
 * @param name       the extension token, such as {@code permessage-deflate}
 * @param parameters the parameters in the order they appeared
 */
public record ExtensionSpec(String name, List<ExtensionParameter> parameters) {

    /** Copies the parameter list so that the spec is immutable. */
    public ExtensionSpec {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    /**
     * An extension with no parameters.
     *
     * @param name the extension token
     * @return the spec
     */
    public static ExtensionSpec of(String name) {
        return new ExtensionSpec(name, List.of());
    }

    /**
     * The first parameter with this name, compared case-insensitively.
     *
     * @param parameterName the name to look for
     * @return the parameter, or empty when absent
     */
    public Optional<ExtensionParameter> parameter(String parameterName) {
        for (ExtensionParameter p : parameters) {
            if (p.name().equalsIgnoreCase(parameterName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Renders this element as it goes in a header: {@code name; a; b=1; c="x y"}. Values that are not
     * tokens are quoted, with {@code "} and {@code \} escaped.
     *
     * @return the header text of this element
     */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder(name);
        for (ExtensionParameter p : parameters) {
            sb.append("; ").append(p.name());
            if (p.hasValue()) {
                sb.append('=');
                appendTokenOrQuoted(sb, p.value());
            }
        }
        return sb.toString();
    }

    private static void appendTokenOrQuoted(StringBuilder sb, String value) {
        if (!value.isEmpty() && value.chars().allMatch(ExtensionSpec::isTokenChar)) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /**
     * RFC 7230 section 3.2.6 {@code tchar}: the characters a token may hold.
     *
     * @param c the character
     * @return whether it may appear in a token
     */
    static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
