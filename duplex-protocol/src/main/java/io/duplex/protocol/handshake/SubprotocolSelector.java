package io.duplex.protocol.handshake;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the subprotocol of a connection from those the client offered (RFC 6455 section 4.2.2,
 * /subprotocol/). Whatever a selector returns, the server handshake only ever answers with one the
 * client offered: choosing anything else is a server bug, answered with 500 rather than sent.
 */
@FunctionalInterface
public interface SubprotocolSelector {

    /**
     * Chooses a subprotocol. Called only when the client offered at least one.
     *
     * @param offered the client's subprotocols in its order of preference, from every
     *                {@code Sec-WebSocket-Protocol} field
     * @return one of {@code offered}, or empty to speak none (then no {@code Sec-WebSocket-Protocol}
     *         is sent)
     */
    Optional<String> select(List<String> offered);

    /** @return a selector that never chooses a subprotocol */
    static SubprotocolSelector none() {
        return offered -> Optional.empty();
    }

    /**
     * A selector that follows the server's preference: the first of {@code serverPreference} that the
     * client offered, compared exactly (subprotocol names are case-sensitive tokens).
     *
     * @param serverPreference the subprotocols the server speaks, most preferred first
     * @return the selector
     */
    static SubprotocolSelector preferring(List<String> serverPreference) {
        List<String> preference = List.copyOf(serverPreference);
        return offered -> preference.stream().filter(offered::contains).findFirst();
    }
}
