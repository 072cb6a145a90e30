package io.duplex.protocol.extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses {@code Sec-WebSocket-Extensions} field values into {@link ExtensionSpec}s (RFC 6455 section
 * 9.1):
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * where a quoted-string's unescaped value must itself be a token, and optional whitespace may surround
 * {@code ;}, {@code ,} and {@code =} (RFC 6455 uses RFC 2616's implied {@code *LWS}; RFC 7230
 * section 3.2.3 calls it {@code OWS}). The field may be split over several header lines: {@code foo}
 * and {@code bar; baz=2} on two lines equal {@code foo, bar; baz=2} on one (RFC 6455 section 9.1).
 * Empty list elements ({@code a, , b}) are skipped, as RFC 7230 section 7 requires of recipients, but
 * each field must hold at least one extension.
 *
 * <p>Malformed input is returned as {@link Malformed}, never thrown: RFC 6455 section 9.1 says the
 * recipient must then fail the connection (a server answers 400, a client gives up).
 */
public final class ExtensionHeaderParser {

    private ExtensionHeaderParser() {
    }

    /** The outcome of parsing: the extensions, or why the header is malformed. */
    public sealed interface Result permits Parsed, Malformed {
    }

    /**
     * The header is well-formed.
     *
     * @param extensions every element of every field, in order; empty when there was no field
     */
    public record Parsed(List<ExtensionSpec> extensions) implements Result {
        /** Copies the list so that the result is immutable. */
        public Parsed {
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * The header does not follow the grammar.
     *
     * @param reason what is wrong and where, for logs and error responses
     */
    public record Malformed(String reason) implements Result {
        /** Checks that the reason is present. */
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Parses one field value.
     *
     * @param fieldValue the value of one {@code Sec-WebSocket-Extensions} field
     * @return the extensions, or why the value is malformed
     */
    public static Result parse(String fieldValue) {
        return parse(List.of(fieldValue));
    }

    /**
     * Parses every field of the header, in order, as one list.
     *
     * @param fieldValues the values of all {@code Sec-WebSocket-Extensions} fields, possibly none
     * @return the extensions of all fields in order, or why one is malformed
     */
    public static Result parse(List<String> fieldValues) {
        List<ExtensionSpec> specs = new ArrayList<>();
        for (String value : fieldValues) {
            Cursor cursor = new Cursor(value);
            if (!cursor.extensionList(specs)) {
                return new Malformed(cursor.error);
            }
        }
        return new Parsed(specs);
    }

    /**
     * A recursive-descent reader over one field value. Each rule returns {@code false} after recording
     * the first error, so that malformed input comes back as a value rather than an exception.
     */
    private static final class Cursor {
        private final String s;
        private int pos;
        private String error;

        Cursor(String s) {
            this.s = s;
        }

        /** {@code 1#extension}, with empty elements skipped (RFC 7230 section 7). */
        boolean extensionList(List<ExtensionSpec> out) {
            int found = 0;
            while (true) {
                skipWhitespace();
                if (atEnd()) {
                    break;
                }
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                if (!extension(out)) {
                    return false;
                }
                found++;
                skipWhitespace();
                if (atEnd()) {
                    break;
                }
                if (peek() != ',') {
                    return fail("expected ',' or ';'");
                }
                pos++;
            }
            if (found == 0) {
                return fail("no extension in the field");
            }
            return true;
        }

        /** {@code extension-token *( ";" extension-param )}. */
        boolean extension(List<ExtensionSpec> out) {
            String name = token();
            if (name == null) {
                return fail("expected an extension name");
            }
            List<ExtensionParameter> params = new ArrayList<>();
            while (true) {
                skipWhitespace();
                if (atEnd() || peek() != ';') {
                    break;
                }
                pos++;
                skipWhitespace();
                ExtensionParameter p = parameter();
                if (p == null) {
                    return false;
                }
                params.add(p);
            }
            out.add(new ExtensionSpec(name, params));
            return true;
        }

        /** {@code token [ "=" (token | quoted-string) ]}. */
        ExtensionParameter parameter() {
            String name = token();
            if (name == null) {
                fail("expected a parameter name");
                return null;
            }
            int afterName = pos;
            skipWhitespace();
            if (atEnd() || peek() != '=') {
                pos = afterName;
                return ExtensionParameter.flag(name);
            }
            pos++;
            skipWhitespace();
            String value;
            if (!atEnd() && peek() == '"') {
                value = quotedString();
                if (value == null) {
                    return null;
                }
                // RFC 6455 section 9.1: the value after unescaping MUST conform to the token ABNF.
                if (!isToken(value)) {
                    fail("quoted value of parameter " + name + " is not a token");
                    return null;
                }
            } else {
                value = token();
                if (value == null) {
                    fail("expected a value for parameter " + name);
                    return null;
                }
            }
            return new ExtensionParameter(name, value);
        }

        /**
         * RFC 7230 section 3.2.6: {@code quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE},
         * returning the unescaped content.
         */
        String quotedString() {
            pos++; // the opening quote
            StringBuilder sb = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                    if (atEnd()) {
                        break;
                    }
                    c = s.charAt(pos++);
                }
                if (!isQuotedChar(c)) {
                    fail("control character in a quoted string");
                    return null;
                }
                sb.append(c);
            }
            fail("unterminated quoted string");
            return null;
        }

        /** @return the token at the cursor, or {@code null} (cursor unmoved) when there is none */
        String token() {
            int start = pos;
            while (!atEnd() && ExtensionSpec.isTokenChar(peek())) {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        void skipWhitespace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        boolean fail(String reason) {
            if (error == null) {
                String where = atEnd() ? "at the end" : "at index " + pos;
                error = "malformed Sec-WebSocket-Extensions: " + reason + " " + where;
            }
            return false;
        }

        private static boolean isToken(String value) {
            return !value.isEmpty() && value.chars().allMatch(ExtensionSpec::isTokenChar);
        }

        /** HTAB, SP, VCHAR and obs-text: what qdtext and quoted-pair admit, besides their delimiters. */
        private static boolean isQuotedChar(char c) {
            return c == '\t' || c >= 0x20 && c != 0x7F && c <= 0xFF;
        }
    }
}
