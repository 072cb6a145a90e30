package io.duplex.redis;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import io.duplex.client.WebSocketClient;
import io.duplex.pubsub.Topics;
import io.duplex.server.WebSocketServer;

/**
 * Duplex nodes on one Redis, and clients of theirs: each node is a {@link WebSocketServer} with its
 * own {@link Topics} on its own {@link RedisBroker}, serving {@code /t/TOPIC} with a
 * {@link TopicEndpoint} for each of the cluster's topics. Closing the cluster closes the clients,
 * then the nodes (server, topics, broker), whatever fails on the way.
 */
final class Cluster implements AutoCloseable {

    /** One node. */
    record Node(WebSocketServer server, Topics topics, RedisBroker broker) {
        URI uri(String topic) {
            return URI.create("ws://127.0.0.1:" + server.port() + "/t/" + topic);
        }

        RedisBrokerStats stats() {
            return broker.stats();
        }
    }

    private final RedisServerProcess redis;
    private final String prefix;
    private final String[] topics;
    private final WebSocketClient client = WebSocketClient.builder().build();
    private final Deque<Runnable> toClose = new ArrayDeque<>();

    /**
     * @param redis  the Redis server
     * @param prefix the channel prefix of every node
     * @param topics the topics the nodes serve
     */
    Cluster(RedisServerProcess redis, String prefix, String... topics) {
        this.redis = redis;
        this.prefix = prefix;
        this.topics = topics;
    }

    /** @return a new node, connected to Redis */
    Node node() throws Exception {
        RedisBroker broker = RedisBroker.builder(redis.uri()).channelPrefix(prefix).connect();
        Topics t = Topics.builder().broker(broker).build();
        toClose.push(t::close); // closes the broker
        WebSocketServer.Builder b = WebSocketServer.builder().loops(2).closeTimeout(Duration.ofSeconds(2));
        for (String topic : topics) {
            b.endpoint("/t/" + topic, new TopicEndpoint(t, topic));
        }
        WebSocketServer server = b.start();
        toClose.push(() -> server.close(Duration.ofSeconds(2)));
        return new Node(server, t, broker);
    }

    /** @return a client of the node, subscribed to the topic there once this returns */
    Member join(Node node, String topic) throws Exception {
        int before = node.topics().subscriberCount(topic);
        Member m = new Member();
        m.ws = client.connect(node.uri(topic), m).get(20, TimeUnit.SECONDS);
        Eventually.await("subscribed on its node", () -> node.topics().subscriberCount(topic) == before + 1);
        return m;
    }

    /** @return the name of the topic's channel */
    String channel(String topic) {
        return prefix + topic;
    }

    /** Waits until Redis counts this many subscriptions (one per node) to the topic's channel. */
    void awaitNodesSubscribed(String topic, long nodes) throws InterruptedException {
        Eventually.await(nodes + " node(s) subscribed to " + channel(topic) + " in Redis",
                () -> RespClient.subscribers(redis.port(), channel(topic)) == nodes);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        try {
            client.close();
        } catch (RuntimeException e) {
            first = e;
        }
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
