package io.duplex.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Names the Redis channel of each topic: the prefix, then the topic, in UTF-8. The prefix keeps
 * Duplex's channels apart from whatever else shares the Redis server, and lets several Duplex
 * clusters share one. Immutable and thread-safe.
 */
final class Channels {

    private final String prefix;
    private final byte[] prefixBytes;

    /** @param prefix what every channel name starts with */
    Channels(String prefix) {
        this.prefix = prefix;
        this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the prefix */
    String prefix() {
        return prefix;
    }

    /**
     * @param topic a topic
     * @return the name of its channel
     */
    byte[] channel(String topic) {
        return (prefix + topic).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param channel a channel name as Redis delivered it
     * @return its topic, or {@code null} if the channel is not one of ours
     */
    String topic(byte[] channel) {
        if (channel.length < prefixBytes.length
                || !Arrays.equals(channel, 0, prefixBytes.length, prefixBytes, 0, prefixBytes.length)) {
            return null;
        }
        return new String(channel, prefixBytes.length, channel.length - prefixBytes.length, StandardCharsets.UTF_8);
    }
}
