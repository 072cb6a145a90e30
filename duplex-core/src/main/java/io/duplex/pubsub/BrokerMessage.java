package io.duplex.pubsub;

import java.nio.ByteBuffer;

/**
 * One publish as it travels between nodes.
 *
 * @param topic   the topic
 * @param text    whether it is a text message (else binary); a broker hands a message from elsewhere
 *                on as text only when its payload is valid UTF-8, since it goes to browsers as it is
 * @param payload the message bytes (UTF-8 for text), read-only and shared: a broker that sends them
 *                elsewhere reads a {@link ByteBuffer#duplicate()}
 */
public record BrokerMessage(String topic, boolean text, ByteBuffer payload) {
}
