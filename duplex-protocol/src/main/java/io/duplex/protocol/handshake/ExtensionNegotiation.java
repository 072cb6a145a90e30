package io.duplex.protocol.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.duplex.protocol.extension.ClientExtensionFactory;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.extension.ServerExtensionFactory;
import io.duplex.protocol.http.HttpTokens;

/**
 * Extension negotiation on both sides (RFC 6455 section 9.1): the server picks from the client's
 * offers, the client checks the server's answer. Extension names are matched ASCII
 * case-insensitively, as HTTP tokens usually are.
 *
 * <p>Whenever negotiation ends without handing the extensions over, including when a factory throws,
 * the extensions already built are released, since they may hold native memory.
 */
final class ExtensionNegotiation {

    private ExtensionNegotiation() {
    }

    /**
     * The server's choice. Offers are considered in the client's order (its order of preference); for
     * each name the first offer the factory accepts wins and later offers of that name are ignored. An
     * accepted extension whose RSV bits overlap those of one accepted earlier is released and treated
     * as declined, since two extensions cannot share a bit (RFC 6455 section 5.2). Offers no factory
     * knows are ignored.
     *
     * @param offers    the client's offers, parsed
     * @param factories the server's factories
     * @return the extensions in use, in the order they apply to outgoing messages
     */
    static List<Extension> serverAccept(List<ExtensionSpec> offers, List<ServerExtensionFactory> factories) {
        List<Extension> accepted = new ArrayList<>();
        List<ServerExtensionFactory> done = new ArrayList<>();
        int claimedRsv = 0;
        boolean handedOver = false;
        try {
            for (ExtensionSpec offer : offers) {
                ServerExtensionFactory factory = serverFactory(factories, offer.name());
                if (factory == null || done.contains(factory)) {
                    continue;
                }
                Optional<Extension> extension = factory.accept(offer);
                if (extension.isEmpty()) {
                    continue;
                }
                Extension e = extension.get();
                if ((e.rsvBits() & claimedRsv) != 0) {
                    e.release();
                    continue;
                }
                claimedRsv |= e.rsvBits();
                accepted.add(e);
                done.add(factory);
            }
            handedOver = true;
            return List.copyOf(accepted);
        } finally {
            if (!handedOver) {
                releaseAll(accepted);
            }
        }
    }

    /** The client's check of the server's answer: the extensions, or why the answer is refused. */
    sealed interface ClientResult permits ClientAccepted, ClientRefused {
    }

    /** @param extensions the extensions in use, in the server's order */
    record ClientAccepted(List<Extension> extensions) implements ClientResult {
    }

    /** @param reason why the client fails the connection */
    record ClientRefused(String reason) implements ClientResult {
    }

    /**
     * The client's check (RFC 6455 section 4.1, client step 5): every extension in the response must
     * have been offered and appear once; each factory then judges the parameters. The extensions
     * apply in the order the server listed them (RFC 6455 section 9.1).
     *
     * @param answer    the server's {@code Sec-WebSocket-Extensions} elements, parsed
     * @param factories the client's factories, which made the offers
     * @return the extensions, or the reason to fail
     */
    static ClientResult clientAccept(List<ExtensionSpec> answer, List<ClientExtensionFactory> factories) {
        List<ClientExtensionFactory> chosen = new ArrayList<>(answer.size());
        for (ExtensionSpec spec : answer) {
            ClientExtensionFactory factory = clientFactory(factories, spec.name());
            if (factory == null) {
                return new ClientRefused("server accepted extension " + spec.name() + " that was not offered");
            }
            if (chosen.contains(factory)) {
                return new ClientRefused("server accepted extension " + spec.name() + " twice");
            }
            chosen.add(factory);
        }
        List<Extension> built = new ArrayList<>(answer.size());
        boolean handedOver = false;
        try {
            int claimedRsv = 0;
            for (int i = 0; i < answer.size(); i++) {
                Extension e;
                try {
                    e = chosen.get(i).accept(answer.get(i));
                } catch (ExtensionException ex) {
                    return new ClientRefused("extension " + answer.get(i).name() + " refused the server's answer: "
                            + ex.getMessage());
                }
                built.add(e);
                if ((e.rsvBits() & claimedRsv) != 0) {
                    return new ClientRefused("extension " + e.name() + " claims an RSV bit already in use");
                }
                claimedRsv |= e.rsvBits();
            }
            handedOver = true;
            return new ClientAccepted(List.copyOf(built));
        } finally {
            if (!handedOver) {
                releaseAll(built);
            }
        }
    }

    private static ServerExtensionFactory serverFactory(List<ServerExtensionFactory> factories, String name) {
        for (ServerExtensionFactory f : factories) {
            if (HttpTokens.equalsIgnoreCase(f.name(), name)) {
                return f;
            }
        }
        return null;
    }

    private static ClientExtensionFactory clientFactory(List<ClientExtensionFactory> factories, String name) {
        for (ClientExtensionFactory f : factories) {
            if (HttpTokens.equalsIgnoreCase(f.name(), name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Releases every extension, in reverse order of creation.
     *
     * @param extensions the extensions to release
     */
    static void releaseAll(List<Extension> extensions) {
        for (int i = extensions.size() - 1; i >= 0; i--) {
            extensions.get(i).release();
        }
    }
}
