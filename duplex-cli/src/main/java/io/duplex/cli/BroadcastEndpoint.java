package io.duplex.cli;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.protocol.message.PreparedMessage;

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
        broadcast(PreparedMessage.text(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        broadcast(PreparedMessage.binary(data));
    }

    /** UTF-8 encoded once, and compressed once per setting where no connection keeps a history. */
    private void broadcast(PreparedMessage message) {
        for (WebSocket member : members) {
            member.send(message);
        }
    }
}
