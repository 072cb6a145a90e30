package io.duplex.pubsub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.duplex.WebSocket;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.transport.WebSocketTransport;
import io.duplex.protocol.message.PreparedMessage;

/**
 * Named topics: connections subscribe and unsubscribe (from any thread, callbacks included), and a
 * publish reaches every subscriber, here and, through the {@link Broker}, on the other nodes. A
 * connection leaves all its topics when it closes.
 *
 * <p>A publish is encoded once ({@link PreparedMessage}: UTF-8 once, compressed once per setting
 * where the compressor keeps no history) and handed to each event loop that has subscribers in one
 * task: one wakeup per loop, whatever the number of subscribers. Each loop's subscriptions are its
 * own, so the fan-out takes no lock. Publishes from one thread reach each subscriber in order.
 *
 * <p>Slow subscribers cannot hold the others back: one whose send buffer would pass
 * {@link Builder#maxBufferedPerSubscriber} gets the {@link SlowSubscriberPolicy}, counted in
 * {@link #stats()}.
 */
public final class Topics implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Topics.class.getName());

    private final Broker broker;
    private final SlowSubscriberPolicy policy;
    private final long maxBufferedPerSubscriber;
    /** The loops that have subscribers of each topic, and each loop's subscriptions. */
    private final Map<String, Set<LoopSubscriptions>> loopsByTopic = new ConcurrentHashMap<>();
    private final Map<EventLoop, LoopSubscriptions> perLoop = new ConcurrentHashMap<>();
    /** Subscribers per topic on this node, kept by the loops as they change, readable anywhere. */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    /** The server-side listeners of each topic. */
    private final Map<String, List<TopicListener>> listeners = new ConcurrentHashMap<>();
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder closedSlow = new LongAdder();

    private Topics(Builder b) {
        this.broker = b.broker;
        this.policy = b.policy;
        this.maxBufferedPerSubscriber = b.maxBufferedPerSubscriber;
        broker.attach(this::fromBroker);
    }

    /** @return a builder: in-memory broker, drop for slow subscribers, 4 MiB per subscriber */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes a connection; nothing happens if it already is. Safe from any thread; the
     * subscription is in place at once when called on the connection's loop (in its callbacks, by
     * default), else once the loop has run the task this hands it: a publish made just after a call
     * from another thread may miss the new subscriber.
     *
     * @param ws    a connection of this library's server or client
     * @param topic the topic
     */
    public void subscribe(WebSocket ws, String topic) {
        Objects.requireNonNull(topic, "topic");
        WebSocketTransport t = transport(ws);
        t.loop().execute(() -> loop(t.loop()).add(topic, t));
    }

    /**
     * Unsubscribes a connection; nothing happens if it was not. Safe from any thread.
     *
     * @param ws    the connection
     * @param topic the topic
     */
    public void unsubscribe(WebSocket ws, String topic) {
        Objects.requireNonNull(topic, "topic");
        WebSocketTransport t = transport(ws);
        t.loop().execute(() -> loop(t.loop()).remove(topic, t));
    }

    /**
     * Follows a topic from the server's own code, as a connection would: for state every node keeps
     * from the messages of a topic (a shared counter, who is in a room). The listener counts as a
     * subscriber of this node, so the broker routes the topic here. It is called on the thread that
     * delivers: the publisher's for this node's publishes, the broker's for the others (with an
     * {@link InMemoryBroker}, the publishing node's thread again). It must be quick, safe to call from
     * several threads and hold no lock while it publishes (hand work to a thread of its own instead);
     * it sees each publisher's messages in order.
     *
     * @param topic    the topic
     * @param listener what receives its messages
     * @return the subscription, closed to stop listening
     */
    public Subscription listen(String topic, TopicListener listener) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(listener, "listener");
        listeners.compute(topic, (t, list) -> {
            List<TopicListener> next = list == null ? new CopyOnWriteArrayList<>() : list;
            next.add(listener);
            return next;
        });
        countChanged(topic, 1);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                listeners.computeIfPresent(topic, (t, list) -> {
                    list.remove(listener);
                    return list.isEmpty() ? null : list;
                });
                countChanged(topic, -1);
            }
        };
    }

    /**
     * Publishes a text message to the topic's subscribers on every node.
     *
     * @param topic the topic
     * @param text  the message
     */
    public void publish(String topic, String text) {
        publish(topic, PreparedMessage.text(text), text);
    }

    /**
     * Publishes a binary message to the topic's subscribers on every node.
     *
     * @param topic the topic
     * @param data  the message, from position to limit; copied
     */
    public void publish(String topic, ByteBuffer data) {
        publish(topic, PreparedMessage.binary(data));
    }

    /**
     * Publishes a text message to the topic's subscribers on this node only: for what each node
     * produces for itself, such as a feed every node computes.
     *
     * @param topic the topic
     * @param text  the message
     */
    public void publishLocally(String topic, String text) {
        published.increment();
        deliverLocally(topic, PreparedMessage.text(text), text);
    }

    /**
     * Publishes a message prepared by the caller (shared with its own {@link WebSocket#send} calls,
     * say) to the topic's subscribers on every node.
     *
     * @param topic   the topic
     * @param message the message
     */
    public void publish(String topic, PreparedMessage message) {
        publish(topic, message, null);
    }

    /** @param text the message as a string when the caller has it, for the listeners; else {@code null} */
    private void publish(String topic, PreparedMessage message, String text) {
        Objects.requireNonNull(topic, "topic");
        published.increment();
        deliverLocally(topic, message, text);
        // The prepared bytes themselves, read-only: no copy for a broker that has nowhere to send them.
        broker.publish(new BrokerMessage(topic, message.isText(), message.payload()));
    }

    private void fromBroker(BrokerMessage m) {
        received.increment();
        deliverLocally(m.topic(), PreparedMessage.ofShared(m.text(), m.payload()), null);
    }

    private void deliverLocally(String topic, PreparedMessage message, String text) {
        Set<LoopSubscriptions> loops = loopsByTopic.get(topic);
        if (loops != null) {
            for (LoopSubscriptions s : loops) {
                s.loop().execute(() -> s.deliver(topic, message));
            }
        }
        List<TopicListener> followers = listeners.get(topic);
        if (followers != null) {
            notify(topic, message, text, followers);
        }
    }

    private static void notify(String topic, PreparedMessage message, String known, List<TopicListener> followers) {
        // Decoded once for all listeners, and only when the publisher did not give the string itself.
        String text = !message.isText() ? null
                : known != null ? known : StandardCharsets.UTF_8.decode(message.payload()).toString();
        for (TopicListener l : followers) {
            try {
                if (text != null) {
                    l.onText(topic, text);
                } else {
                    l.onBinary(topic, message.payload());
                }
            } catch (RuntimeException e) {
                // One listener's bug must not keep the message from the others or fail the publisher.
                LOG.log(System.Logger.Level.WARNING, "listener of topic " + topic + " failed", e);
            }
        }
    }

    /**
     * @param topic the topic
     * @return its subscribers on this node; exact once the subscribe calls have reached their loops
     */
    public int subscriberCount(String topic) {
        Integer n = counts.get(topic);
        return n == null ? 0 : n;
    }

    /** @return the counters */
    public TopicStats stats() {
        return new TopicStats(published.sum(), received.sum(), delivered.sum(), dropped.sum(), closedSlow.sum());
    }

    /** Closes the broker: this node stops sending and receiving other nodes' publishes. */
    @Override
    public void close() {
        broker.close();
    }

    long maxBufferedPerSubscriber() {
        return maxBufferedPerSubscriber;
    }

    void countDelivered() {
        delivered.increment();
    }

    /** A subscriber could not take the message: the policy decides, on its loop. */
    void slow(WebSocketTransport ws) {
        if (policy == SlowSubscriberPolicy.DROP) {
            dropped.increment();
        } else {
            closedSlow.increment();
            ws.close(policy.closeCode(), "slow subscriber");
        }
    }

    void countChanged(String topic, int delta) {
        // Inside compute: the broker hears of one topic's changes in the order they happened.
        counts.compute(topic, (t, n) -> {
            int before = n == null ? 0 : n;
            int now = before + delta;
            if (before == 0 && now > 0) {
                broker.topicActive(t);
            } else if (before > 0 && now == 0) {
                broker.topicInactive(t);
            }
            return now == 0 ? null : now;
        });
    }

    void loopJoined(String topic, LoopSubscriptions loop) {
        loopsByTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(loop);
    }

    void loopLeft(String topic, LoopSubscriptions loop) {
        loopsByTopic.computeIfPresent(topic, (t, loops) -> {
            loops.remove(loop);
            return loops.isEmpty() ? null : loops;
        });
    }

    private LoopSubscriptions loop(EventLoop loop) {
        return perLoop.computeIfAbsent(loop, l -> new LoopSubscriptions(this, l));
    }

    private static WebSocketTransport transport(WebSocket ws) {
        if (ws instanceof WebSocketTransport t) {
            return t;
        }
        throw new IllegalArgumentException("not a connection of this library: " + ws);
    }

    /** Settings of a {@link Topics}. */
    public static final class Builder {
        private Broker broker = new InMemoryBroker();
        private SlowSubscriberPolicy policy = SlowSubscriberPolicy.DROP;
        private long maxBufferedPerSubscriber = 4L << 20;

        private Builder() {
        }

        /**
         * @param broker what carries publishes between nodes (default: an {@link InMemoryBroker} alone)
         * @return this builder
         */
        public Builder broker(Broker broker) {
            this.broker = Objects.requireNonNull(broker, "broker");
            return this;
        }

        /**
         * @param policy what happens to a subscriber that cannot keep up (default: drop the message)
         * @return this builder
         */
        public Builder slowSubscriberPolicy(SlowSubscriberPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param bytes the most a subscriber may have waiting to be sent before the policy applies
         *              (default 4 MiB)
         * @return this builder
         */
        public Builder maxBufferedPerSubscriber(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("at least 1 byte: " + bytes);
            }
            this.maxBufferedPerSubscriber = bytes;
            return this;
        }

        /** @return the topics, attached to the broker */
        public Topics build() {
            return new Topics(this);
        }
    }
}
