package io.duplex.internal.server;

import io.duplex.WebSocketListener;
import io.duplex.protocol.handshake.ServerHandshake;

/**
 * What serves one path: the handshake rules (subprotocols, extensions) and the listener of its
 * connections.
 *
 * @param handshake the opening handshake for this path
 * @param listener  the listener of every connection on this path
 */
public record Endpoint(ServerHandshake handshake, WebSocketListener listener) {
}
