package io.duplex.redis;

import java.nio.ByteBuffer;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.pubsub.Topics;

/**
 * An endpoint for one topic, as duplex-cli's broadcast endpoint: each connection subscribes when it
 * opens, and whatever it sends is published to the topic, text as text and binary as binary.
 */
final class TopicEndpoint implements WebSocketListener {

    private final Topics topics;
    private final String topic;

    TopicEndpoint(Topics topics, String topic) {
        this.topics = topics;
        this.topic = topic;
    }

    @Override
    public void onOpen(WebSocket ws) {
        topics.subscribe(ws, topic);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        topics.publish(topic, text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        topics.publish(topic, data);
    }
}
