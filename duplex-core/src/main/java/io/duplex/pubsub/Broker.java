package io.duplex.pubsub;

import java.util.function.Consumer;

/**
 * Carries publishes between the nodes of a cluster. A node publishes locally first, then hands the
 * message to its broker; the broker delivers it to every other node, once, and never back to the node
 * that published it. One broker object per node.
 */
public interface Broker extends AutoCloseable {

    /**
     * Starts delivering the other nodes' publishes to this node.
     *
     * @param inbound called with each publish of another node, in that node's publish order
     */
    void attach(Consumer<BrokerMessage> inbound);

    /**
     * Sends a publish of this node to the others.
     *
     * @param message the publish
     */
    void publish(BrokerMessage message);

    /** Stops delivering and releases what the broker holds. */
    @Override
    default void close() {
    }
}
