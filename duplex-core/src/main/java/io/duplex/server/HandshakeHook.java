package io.duplex.server;

/**
 * Decides on each opening handshake of an endpoint, after the protocol's own checks passed: read the
 * path, query, headers, cookies, Origin and address; reject (401, 403 ...), or accept, choosing the
 * subprotocol, adding response headers and attaching attributes. Called on the event loop: it must
 * not block.
 */
@FunctionalInterface
public interface HandshakeHook {

    /**
     * @param request the upgrade request
     * @return the decision
     */
    HandshakeDecision decide(HandshakeRequest request);
}
