package io.duplex.protocol.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The header fields of an HTTP head: an immutable, ordered multi-map whose names are matched
 * ASCII case-insensitively (RFC 7230 section 3.2) but kept as spelled, so that output looks like what
 * the caller wrote.
 *
 * <p>Lookups scan the fields in order. A head holds at most {@link HttpLimits#maxHeaderCount()}
 * fields, so a scan is cheaper than building an index for a map that is read a handful of times.
 *
 * <p>Two instances are equal when they hold the same fields, spelled the same, in the same order.
 */
public final class HttpHeaders implements Iterable<HttpHeaders.Field> {

    private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    private final List<Field> fields;

    private HttpHeaders(List<Field> fields) {
        this.fields = fields;
    }

    /** @return headers with no fields */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values: {@code of("Host", "example.com", "Upgrade", "websocket")}.
     *
     * @param namesAndValues names at even indices, each followed by its value
     * @return the headers
     * @throws IllegalArgumentException when the count is odd or a name or value is invalid (see
     *                                  {@link Builder#add(String, String)})
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /** @return a builder with no fields */
    public static Builder builder() {
        return new Builder(new ArrayList<>());
    }

    /** @return a builder holding these fields, to derive new headers from */
    public Builder toBuilder() {
        return new Builder(new ArrayList<>(fields));
    }

    /** @return the number of fields, repeated names counted each time */
    public int size() {
        return fields.size();
    }

    /** @return whether there are no fields */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** @return every field in order, unmodifiable */
    public List<Field> fields() {
        return fields;
    }

    /** @return an iterator over every field in order */
    @Override
    public Iterator<Field> iterator() {
        return fields.iterator();
    }

    /**
     * The value of the first field with this name.
     *
     * @param name the field name, any case
     * @return the value, or empty when no field has this name
     */
    public Optional<String> first(String name) {
        for (Field f : fields) {
            if (f.hasName(name)) {
                return Optional.of(f.value());
            }
        }
        return Optional.empty();
    }

    /**
     * The values of every field with this name, in order, each as one string (not split at commas).
     *
     * @param name the field name, any case
     * @return the values, empty when no field has this name
     */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.hasName(name)) {
                values.add(f.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * How many fields have this name; the handshake needs some fields exactly once.
     *
     * @param name the field name, any case
     * @return the number of fields with this name
     */
    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.hasName(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether any field has this name.
     *
     * @param name the field name, any case
     * @return whether the name is present
     */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * The elements of a comma-separated list header across all fields of this name (RFC 7230
     * section 7, the {@code #rule}): {@code Connection: keep-alive, Upgrade} gives
     * {@code [keep-alive, Upgrade]}. Elements are trimmed of whitespace and empty ones are skipped, as
     * recipients must accept {@code a, , b}. Quoted strings are not interpreted: this is for lists of
     * tokens such as {@code Connection}, {@code Upgrade} and {@code Sec-WebSocket-Protocol}.
     *
     * @param name the field name, any case
     * @return the elements in order, as spelled
     */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>(4);
        for (Field f : fields) {
            if (f.hasName(name)) {
                tokens.addAll(listElements(f.value()));
            }
        }
        return Collections.unmodifiableList(tokens);
    }

    /**
     * The elements of one comma-separated field value (RFC 7230 section 7), trimmed, empty ones
     * skipped; as {@link #tokens(String)} does for every field of a name.
     *
     * @param fieldValue one field value
     * @return its elements in order
     */
    public static List<String> listElements(String fieldValue) {
        List<String> elements = new ArrayList<>(4);
        int start = 0;
        while (start <= fieldValue.length()) {
            int comma = fieldValue.indexOf(',', start);
            int end = comma < 0 ? fieldValue.length() : comma;
            String element = HttpTokens.trimWhitespace(fieldValue.substring(start, end));
            if (!element.isEmpty()) {
                elements.add(element);
            }
            start = end + 1;
        }
        return Collections.unmodifiableList(elements);
    }

    /**
     * Whether a list header holds this element, compared ASCII case-insensitively: used for
     * {@code Connection: keep-alive, Upgrade} containing {@code upgrade} (RFC 6455 section 4.2.1).
     *
     * @param name  the field name, any case
     * @param token the element to look for, any case
     * @return whether some element of {@link #tokens(String)} matches
     */
    public boolean containsToken(String name, String token) {
        for (String t : tokens(name)) {
            if (HttpTokens.equalsIgnoreCase(t, token)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    /**
     * One header field as it appears in the head.
     *
     * @param name  the field name as spelled
     * @param value the field value, without surrounding whitespace
     */
    public record Field(String name, String value) {

        /** Checks that both parts are present; syntax is checked by the {@link Builder}. */
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /**
         * Whether this field has the given name, compared ASCII case-insensitively.
         *
         * @param otherName the name to compare with
         * @return whether the names match
         */
        public boolean hasName(String otherName) {
            return HttpTokens.equalsIgnoreCase(name, otherName);
        }

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /**
     * Collects fields for an {@link HttpHeaders}. It refuses what could not be written as an HTTP/1.1
     * header (a name that is not a token, a value with CR, LF or another control character, or a
     * character beyond ISO-8859-1), so that no caller can inject a header line or split a response.
     */
    public static final class Builder {

        private final List<Field> fields;

        private Builder(List<Field> fields) {
            this.fields = fields;
        }

        /**
         * Appends a field, keeping any earlier fields of the same name.
         *
         * @param name  the field name, a token (RFC 7230 section 3.2)
         * @param value the value; surrounding whitespace is kept as given
         * @return this builder
         * @throws IllegalArgumentException when the name is not a token or the value holds a character
         *                                  that cannot appear in a field value
         */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token: " + name);
            }
            for (int i = 0; i < value.length(); i++) {
                if (!HttpTokens.isFieldValueChar(value.charAt(i))) {
                    throw new IllegalArgumentException(
                            "header " + name + " has a character not allowed in a value at index " + i);
                }
            }
            fields.add(new Field(name, value));
            return this;
        }

        /**
         * Replaces every field of this name with one field.
         *
         * @param name  the field name, a token
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException as {@link #add(String, String)}
         */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        /**
         * Removes every field of this name.
         *
         * @param name the field name, any case
         * @return this builder
         */
        public Builder remove(String name) {
            fields.removeIf(f -> f.hasName(name));
            return this;
        }

        /**
         * Appends every field of other headers, in their order.
         *
         * @param headers the fields to append
         * @return this builder
         */
        public Builder addAll(HttpHeaders headers) {
            fields.addAll(headers.fields);
            return this;
        }

        /**
         * Whether a field of this name has been added, for callers that add a default only when
         * absent.
         *
         * @param name the field name, any case
         * @return whether the name is present
         */
        public boolean contains(String name) {
            for (Field f : fields) {
                if (f.hasName(name)) {
                    return true;
                }
            }
            return false;
        }

        /** @return the number of fields so far */
        public int size() {
            return fields.size();
        }

        /** @return immutable headers holding the fields added so far; the builder can go on */
        public HttpHeaders build() {
            return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
        }
    }
}
