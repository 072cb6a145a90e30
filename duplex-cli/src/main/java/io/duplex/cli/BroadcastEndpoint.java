package io.duplex.cli;

import java.nio.ByteBuffer;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.pubsub.Topics;

/**
 * {@code /bcast}: every message from any connection goes to every open connection of the endpoint, the
 * sender included, through one topic: encoded once per message, and a client that cannot keep up
 * misses messages instead of holding the others back. With a shared broker, the endpoints of every
 * node form one broadcast.
 */
final class BroadcastEndpoint implements WebSocketListener {

    private static final String TOPIC = "bcast";

    private final Topics topics;

    /** @param topics the topics, whose broker decides whether the broadcast spans several nodes */
    BroadcastEndpoint(Topics topics) {
        this.topics = topics;
    }

    @Override
    public void onOpen(WebSocket ws) {
        // On the connection's loop: subscribed before any of its messages is handled.
        topics.subscribe(ws, TOPIC);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        topics.publish(TOPIC, text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        topics.publish(TOPIC, data);
    }
}
