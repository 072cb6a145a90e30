package io.duplex.pubsub;

import java.nio.ByteBuffer;

/**
 * Server-side code that follows a topic ({@link Topics#listen}): it receives every message of the
 * topic published on any node, as a subscribed connection would.
 */
public interface TopicListener {

    /**
     * A text message.
     *
     * @param topic the topic
     * @param text  the message
     */
    void onText(String topic, String text);

    /**
     * A binary message; ignored unless overridden.
     *
     * @param topic the topic
     * @param data  the message, read-only and shared with the other receivers
     */
    default void onBinary(String topic, ByteBuffer data) {
    }
}
