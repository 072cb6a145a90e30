package io.duplex.cli;

import java.nio.ByteBuffer;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/** {@code /echo}: every message goes back to its sender as it came, text as text, binary as binary. */
final class EchoEndpoint implements WebSocketListener {

    @Override
    public void onText(WebSocket ws, String text) {
        ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ws.sendBinary(data); // the listener's to keep, so it can be handed over as it is
    }
}
