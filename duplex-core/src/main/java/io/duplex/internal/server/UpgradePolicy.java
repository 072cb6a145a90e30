package io.duplex.internal.server;

import java.net.SocketAddress;
import java.util.Map;

import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;

/**
 * The application's say on an upgrade that the protocol accepted: the last step of the opening
 * handshake, before the 101 is sent.
 */
public interface UpgradePolicy {

    /**
     * @param request  the request
     * @param remote   the peer's address
     * @param accepted what the protocol's own handshake would answer
     * @return the final answer
     */
    Verdict decide(HttpRequestHead request, SocketAddress remote, ServerHandshake.Accepted accepted);

    /**
     * The final answer to an upgrade.
     *
     * @param response    the 101, or the rejection
     * @param upgrade     whether the connection becomes a WebSocket
     * @param subprotocol the agreed subprotocol, or null
     * @param attributes  attributes for the connection, set before its {@code onOpen}
     */
    record Verdict(HttpResponseHead response, boolean upgrade, String subprotocol, Map<String, Object> attributes) {
    }
}
