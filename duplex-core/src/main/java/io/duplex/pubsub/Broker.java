package io.duplex.pubsub;

import java.util.function.Consumer;

/**
 * Carries publishes between the nodes of a cluster. A node publishes locally first, then hands the
 * message to its broker; the broker delivers it to every other node, once, and never back to the node
 * that published it. One broker object per node.
 *
 * <p>A broker that routes by topic follows {@link #topicActive} and {@link #topicInactive}, so that
 * a node receives only the topics it has subscribers for; a broker that ignores them delivers every
 * publish to every node, which is also correct.
 */
public interface Broker extends AutoCloseable {

    /**
     * Starts delivering the other nodes' publishes to this node.
     *
     * @param inbound called with each publish of another node, in that node's publish order; text
     *                only when it is valid UTF-8 (a broker checks what it receives from elsewhere)
     */
    void attach(Consumer<BrokerMessage> inbound);

    /**
     * Sends a publish of this node to the others.
     *
     * @param message the publish
     */
    void publish(BrokerMessage message);

    /**
     * This node has its first subscriber of the topic: a broker that routes by topic starts receiving
     * it. Calls for one topic come in order, alternating with {@link #topicInactive}; they must not
     * block.
     *
     * @param topic the topic
     */
    default void topicActive(String topic) {
    }

    /**
     * This node has no subscriber of the topic any more: a broker that routes by topic may stop
     * receiving it.
     *
     * @param topic the topic
     */
    default void topicInactive(String topic) {
    }

    /** Stops delivering and releases what the broker holds. */
    @Override
    default void close() {
    }
}
