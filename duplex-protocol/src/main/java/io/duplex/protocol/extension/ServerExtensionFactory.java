package io.duplex.protocol.extension;

import java.util.Optional;

/**
 * The server side of one extension's negotiation (RFC 6455 section 9.1). The server handshake hands it
 * each offer of its name in the client's order; the first accepted offer wins.
 */
public interface ServerExtensionFactory {

    /** @return the extension token this factory negotiates, such as {@code permessage-deflate} */
    String name();

    /**
     * Considers one offer. Declining is not an error: the handshake goes on without this extension
     * (or with a later offer of it).
     *
     * @param offer the client's offer, with its parameters
     * @return the extension for this connection, or empty to decline the offer
     */
    Optional<Extension> accept(ExtensionSpec offer);
}
