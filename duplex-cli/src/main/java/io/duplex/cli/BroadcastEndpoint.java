package io.duplex.cli;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/**
 * {@code /bcast}: every message from any connection goes to every open connection of the endpoint, the
 * sender included.
 */
final class BroadcastEndpoint implements WebSocketListener {

    /** Connections run on several loops: added and removed on theirs, iterated on the sender's. */
    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

    @Override
    public void onOpen(WebSocket ws) {
        members.add(ws);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        members.remove(ws);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        for (WebSocket member : members) {
            member.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        // One copy of the bytes, never changed: each connection gets its own position and limit.
        ByteBuffer shared = data.asReadOnlyBuffer();
        for (WebSocket member : members) {
            member.sendBinary(shared.duplicate());
        }
    }
}
