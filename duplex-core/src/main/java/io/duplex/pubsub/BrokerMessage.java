package io.duplex.pubsub;

import java.nio.ByteBuffer;

/**
 * One publish as it travels between nodes.
 *
 * @param topic   the topic
 * @param text    whether it is a text message (else binary)
 * @param payload the message bytes (UTF-8 for text), read-only and shared: a broker that sends them
 *                elsewhere reads a {@link ByteBuffer#duplicate()}
 */
public record BrokerMessage(String topic, boolean text, ByteBuffer payload) {
}
