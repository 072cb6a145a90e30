package io.duplex.protocol.extension.deflate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.duplex.protocol.extension.ExtensionParameter;
import io.duplex.protocol.extension.ExtensionSpec;

/**
 * The four parameters of permessage-deflate (RFC 7692 section 7.1) as one offer or one response
 * carries them, parsed and checked against their grammar.
 *
 * @param serverNoContextTakeover {@code server_no_context_takeover} is present (section 7.1.1.1)
 * @param clientNoContextTakeover {@code client_no_context_takeover} is present (section 7.1.1.2)
 * @param serverMaxWindowBits     {@code server_max_window_bits}: 8 to 15, or {@link #ABSENT}
 *                                (section 7.1.2.1; it always carries a value)
 * @param clientMaxWindowBits     {@code client_max_window_bits}: 8 to 15, {@link #NO_VALUE} when
 *                                present without a value (allowed in an offer only), or
 *                                {@link #ABSENT} (section 7.1.2.2)
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {

    /** The extension token (RFC 7692 section 6). */
    public static final String NAME = "permessage-deflate";
    /** A window-bits parameter that is not there. */
    public static final int ABSENT = -1;
    /** {@code client_max_window_bits} present without a value. */
    public static final int NO_VALUE = 0;
    /** The smallest LZ77 window, 2^8 bytes (RFC 7692 section 7.1.2.1). */
    public static final int MIN_WINDOW_BITS = 8;
    /** The largest LZ77 window, 2^15 bytes, and the one used when nothing limits it. */
    public static final int MAX_WINDOW_BITS = 15;

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    /** Checks each value's range. */
    public DeflateParameters {
        if (serverMaxWindowBits != ABSENT && !isWindowBits(serverMaxWindowBits)) {
            throw new IllegalArgumentException("server_max_window_bits " + serverMaxWindowBits);
        }
        if (clientMaxWindowBits != ABSENT && clientMaxWindowBits != NO_VALUE && !isWindowBits(clientMaxWindowBits)) {
            throw new IllegalArgumentException("client_max_window_bits " + clientMaxWindowBits);
        }
    }

    /** @return the parameters of a bare {@code permessage-deflate}: none at all */
    public static DeflateParameters none() {
        return new DeflateParameters(false, false, ABSENT, ABSENT);
    }

    /**
     * Parses the parameters of one {@code permessage-deflate} element. Section 7.1 makes each of these
     * a reason to decline an offer (or, for a client, to fail the connection on a response): an
     * unknown parameter, a parameter twice, a value where none is allowed, a missing or malformed
     * value.
     *
     * @param spec the element, named {@code permessage-deflate}
     * @return the parameters
     * @throws InvalidParameters naming the first problem found
     */
    public static DeflateParameters parse(ExtensionSpec spec) throws InvalidParameters {
        if (!NAME.equalsIgnoreCase(spec.name())) {
            throw new InvalidParameters("not " + NAME + ": " + spec.name());
        }
        boolean serverNoTakeover = false;
        boolean clientNoTakeover = false;
        int serverBits = ABSENT;
        int clientBits = ABSENT;
        Set<String> seen = new HashSet<>();
        for (ExtensionParameter p : spec.parameters()) {
            String name = p.name().toLowerCase(java.util.Locale.ROOT);
            if (!seen.add(name)) {
                throw new InvalidParameters(name + " appears twice");
            }
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    requireNoValue(p);
                    serverNoTakeover = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    requireNoValue(p);
                    clientNoTakeover = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    if (!p.hasValue()) {
                        throw new InvalidParameters(SERVER_MAX_WINDOW_BITS + " without a value");
                    }
                    serverBits = windowBits(p);
                }
                case CLIENT_MAX_WINDOW_BITS -> clientBits = p.hasValue() ? windowBits(p) : NO_VALUE;
                default -> throw new InvalidParameters("unknown parameter " + p.name());
            }
        }
        return new DeflateParameters(serverNoTakeover, clientNoTakeover, serverBits, clientBits);
    }

    /** @return these parameters as one element of {@code Sec-WebSocket-Extensions} */
    public ExtensionSpec toSpec() {
        List<ExtensionParameter> params = new ArrayList<>(4);
        if (serverNoContextTakeover) {
            params.add(ExtensionParameter.flag(SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            params.add(ExtensionParameter.flag(CLIENT_NO_CONTEXT_TAKEOVER));
        }
        if (serverMaxWindowBits != ABSENT) {
            params.add(new ExtensionParameter(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        if (clientMaxWindowBits == NO_VALUE) {
            params.add(ExtensionParameter.flag(CLIENT_MAX_WINDOW_BITS));
        } else if (clientMaxWindowBits != ABSENT) {
            params.add(new ExtensionParameter(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits)));
        }
        return new ExtensionSpec(NAME, params);
    }

    static boolean isWindowBits(int bits) {
        return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS;
    }

    private static void requireNoValue(ExtensionParameter p) throws InvalidParameters {
        if (p.hasValue()) {
            throw new InvalidParameters(p.name() + " takes no value: " + p.value());
        }
    }

    /** Section 7.1.2.1: the value is a decimal integer from 8 to 15, without leading zeros. */
    private static int windowBits(ExtensionParameter p) throws InvalidParameters {
        String v = p.value();
        boolean wellFormed = v.length() == 1 ? v.charAt(0) == '8' || v.charAt(0) == '9'
                : v.length() == 2 && v.charAt(0) == '1' && v.charAt(1) >= '0' && v.charAt(1) <= '5';
        if (!wellFormed) {
            throw new InvalidParameters(p.name() + " must be 8 to 15: " + v);
        }
        return Integer.parseInt(v);
    }

    /** Parameters that break section 7.1's rules; the message says which rule. */
    public static final class InvalidParameters extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong */
        public InvalidParameters(String message) {
            super(message, null, false, false);
        }
    }
}
