package io.duplex.protocol.extension.deflate;

import java.util.Optional;

import io.duplex.protocol.Role;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.extension.ServerExtensionFactory;

/**
 * The server's side of negotiating permessage-deflate (RFC 7692 section 7.1). Each offer is judged on
 * its own; the handshake takes the first one accepted. An offer with an unknown parameter, a repeated
 * one or an invalid value is declined, not failed (section 7.1). The response never carries a
 * parameter the offer did not allow:
 * <ul>
 * <li>{@code server_no_context_takeover} when offered (section 7.1.1.1: then it must be) or when our
 *     options drop our history anyway (a server may always add it);</li>
 * <li>{@code client_no_context_takeover} when offered, or when our options ask the peer not to keep
 *     its history (a server may always add it, section 7.1.1.2);</li>
 * <li>{@code server_max_window_bits} only when offered, with the offered value or our smaller one;</li>
 * <li>{@code client_max_window_bits} only when offered, and only to ask for a window smaller than
 *     15 (or than the offered value).</li>
 * </ul>
 * Every valid offer can be honoured: see {@link DeflateOptions} on windows below 2^15.
 */
public final class PerMessageDeflateServer implements ServerExtensionFactory {

    private final DeflateOptions options;
    private final ZlibPool pool;

    /**
     * @param options the server's wishes
     * @param pool    where zlib streams come from
     */
    public PerMessageDeflateServer(DeflateOptions options, ZlibPool pool) {
        this.options = options;
        this.pool = pool;
    }

    /** @param options the server's wishes; zlib streams come from the shared pool */
    public PerMessageDeflateServer(DeflateOptions options) {
        this(options, ZlibPool.shared());
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    @Override
    public Optional<Extension> accept(ExtensionSpec offer) {
        DeflateParameters offered;
        try {
            offered = DeflateParameters.parse(offer);
        } catch (DeflateParameters.InvalidParameters e) {
            return Optional.empty();
        }
        return Optional.of(new PerMessageDeflate(respond(offered), Role.SERVER, options, pool));
    }

    /**
     * @param offered a valid offer
     * @return the parameters of the response that accepts it
     */
    DeflateParameters respond(DeflateParameters offered) {
        boolean serverNoTakeover = offered.serverNoContextTakeover() || !options.contextTakeover();
        boolean clientNoTakeover = offered.clientNoContextTakeover() || !options.peerContextTakeover();
        int serverBits = offered.serverMaxWindowBits() == DeflateParameters.ABSENT ? DeflateParameters.ABSENT
                : Math.min(offered.serverMaxWindowBits(), options.maxWindowBits());
        int clientBits = DeflateParameters.ABSENT;
        if (offered.clientMaxWindowBits() != DeflateParameters.ABSENT) {
            int allowed = offered.clientMaxWindowBits() == DeflateParameters.NO_VALUE
                    ? DeflateParameters.MAX_WINDOW_BITS : offered.clientMaxWindowBits();
            if (options.peerMaxWindowBits() < allowed) {
                clientBits = options.peerMaxWindowBits();
            }
        }
        return new DeflateParameters(serverNoTakeover, clientNoTakeover, serverBits, clientBits);
    }
}
