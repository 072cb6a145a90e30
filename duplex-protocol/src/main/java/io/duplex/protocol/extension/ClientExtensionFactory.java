package io.duplex.protocol.extension;

import java.util.List;

/**
 * The client side of one extension's negotiation (RFC 6455 section 9.1): what to offer, and whether
 * the server's answer is one the client allowed.
 */
public interface ClientExtensionFactory {

    /** @return the extension token this factory negotiates */
    String name();

    /**
     * The offers to send, most preferred first; each becomes one element of the request's
     * {@code Sec-WebSocket-Extensions} header.
     *
     * @return the offers, never empty
     */
    List<ExtensionSpec> offers();

    /**
     * Checks the server's answer against what was offered.
     *
     * @param response the element of the server's {@code Sec-WebSocket-Extensions} naming this extension
     * @return the extension for this connection
     * @throws ExtensionException (code 1010) when the answer is not one the client allowed; the client
     *                            then fails the connection
     */
    Extension accept(ExtensionSpec response) throws ExtensionException;
}
