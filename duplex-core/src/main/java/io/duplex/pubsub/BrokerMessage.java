package io.duplex.pubsub;

/**
 * One publish as it travels between nodes.
 *
 * @param topic   the topic
 * @param text    whether it is a text message (else binary)
 * @param payload the message bytes (UTF-8 for text); not to be modified once handed over
 */
public record BrokerMessage(String topic, boolean text, byte[] payload) {
}
