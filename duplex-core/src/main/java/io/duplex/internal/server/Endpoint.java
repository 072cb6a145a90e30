package io.duplex.internal.server;

import java.util.concurrent.Executor;

import io.duplex.WebSocketListener;
import io.duplex.protocol.handshake.ServerHandshake;

/**
 * What serves one path: the handshake rules (subprotocols, extensions) and the listener of its
 * connections.
 *
 * @param handshake the opening handshake for this path
 * @param listener  the listener of every connection on this path
 * @param callbacks where the listener's callbacks run, one at a time per connection; {@code null} for
 *                  the connection's event loop
 * @param policy    the application's say on each upgrade, or {@code null} to accept all that the
 *                  protocol accepts
 */
public record Endpoint(ServerHandshake handshake, WebSocketListener listener, Executor callbacks,
                       UpgradePolicy policy) {
}
