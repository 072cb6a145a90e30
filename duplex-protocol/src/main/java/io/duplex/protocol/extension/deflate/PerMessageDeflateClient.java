package io.duplex.protocol.extension.deflate;

import java.util.List;

import io.duplex.protocol.Role;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.extension.ClientExtensionFactory;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.extension.ExtensionSpec;

/**
 * The client's side of negotiating permessage-deflate (RFC 7692 section 7.1): one offer built from
 * the options, and a strict check of the server's answer. The offer always carries
 * {@code client_max_window_bits} without a value, since this client honours any window (see
 * {@link DeflateOptions}). The connection fails (1010) on an answer the offer did not allow: an
 * unknown or repeated parameter, an invalid value, {@code client_max_window_bits} without a value,
 * {@code server_max_window_bits} above the offered one, or a missing
 * {@code server_no_context_takeover} that was asked for.
 */
public final class PerMessageDeflateClient implements ClientExtensionFactory {

    private final DeflateOptions options;
    private final ZlibPool pool;
    private final DeflateParameters offer;

    /**
     * @param options the client's wishes
     * @param pool    where zlib streams come from
     */
    public PerMessageDeflateClient(DeflateOptions options, ZlibPool pool) {
        this.options = options;
        this.pool = pool;
        this.offer = new DeflateParameters(!options.peerContextTakeover(), !options.contextTakeover(),
                options.peerMaxWindowBits() < DeflateParameters.MAX_WINDOW_BITS ? options.peerMaxWindowBits()
                        : DeflateParameters.ABSENT,
                DeflateParameters.NO_VALUE);
    }

    /** @param options the client's wishes; zlib streams come from the shared pool */
    public PerMessageDeflateClient(DeflateOptions options) {
        this(options, ZlibPool.shared());
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    @Override
    public List<ExtensionSpec> offers() {
        return List.of(offer.toSpec());
    }

    @Override
    public Extension accept(ExtensionSpec response) throws ExtensionException {
        DeflateParameters answer;
        try {
            answer = DeflateParameters.parse(response);
        } catch (DeflateParameters.InvalidParameters e) {
            throw refuse(e.getMessage());
        }
        if (answer.clientMaxWindowBits() == DeflateParameters.NO_VALUE) {
            throw refuse("client_max_window_bits without a value in a response (section 7.1.2.2)");
        }
        if (offer.serverMaxWindowBits() != DeflateParameters.ABSENT
                && (answer.serverMaxWindowBits() == DeflateParameters.ABSENT
                || answer.serverMaxWindowBits() > offer.serverMaxWindowBits())) {
            throw refuse("server_max_window_bits " + answer.serverMaxWindowBits() + " where at most "
                    + offer.serverMaxWindowBits() + " was offered (section 7.1.2.1)");
        }
        if (offer.serverNoContextTakeover() && !answer.serverNoContextTakeover()) {
            throw refuse("server_no_context_takeover was offered and not confirmed (section 7.1.1.1)");
        }
        return new PerMessageDeflate(answer, Role.CLIENT, options, pool);
    }

    private static ExtensionException refuse(String why) {
        return new ExtensionException(CloseCode.MANDATORY_EXTENSION, "permessage-deflate answer refused: " + why);
    }
}
