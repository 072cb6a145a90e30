package io.duplex.pubsub;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.duplex.ReadyState;
import io.duplex.SendResult;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.transport.WebSocketTransport;
import io.duplex.protocol.message.PreparedMessage;

/**
 * The subscriptions of the connections of one event loop. Used on that loop only: no locks on the
 * fan-out path.
 */
final class LoopSubscriptions {

    private final Topics topics;
    private final EventLoop loop;
    private final Map<String, Subscribers> byTopic = new HashMap<>();
    private final Map<WebSocketTransport, Set<String>> topicsOf = new HashMap<>();

    LoopSubscriptions(Topics topics, EventLoop loop) {
        this.topics = topics;
        this.loop = loop;
    }

    /** @return the loop these subscriptions belong to */
    EventLoop loop() {
        return loop;
    }

    /** @return whether the connection was not subscribed yet (and is still open) */
    boolean add(String topic, WebSocketTransport ws) {
        if (ws.readyState() == ReadyState.CLOSED) {
            // A subscribe that reached the loop after the close: its hook has run already, so
            // subscribing now would leave the connection in the topic for good.
            return false;
        }
        Set<String> mine = topicsOf.get(ws);
        if (mine == null) {
            mine = new LinkedHashSet<>(2);
            topicsOf.put(ws, mine);
            ws.whenClosed(() -> removeAll(ws));
        }
        if (!mine.add(topic)) {
            return false;
        }
        Subscribers subscribers = byTopic.computeIfAbsent(topic, t -> new Subscribers());
        if (subscribers.isEmpty()) {
            topics.loopJoined(topic, this);
        }
        subscribers.add(ws);
        topics.countChanged(topic, 1);
        return true;
    }

    /** @return whether the connection was subscribed */
    boolean remove(String topic, WebSocketTransport ws) {
        Set<String> mine = topicsOf.get(ws);
        if (mine == null || !mine.remove(topic)) {
            return false;
        }
        if (mine.isEmpty()) {
            topicsOf.remove(ws);
        }
        dropSubscriber(topic, ws);
        return true;
    }

    /** The connection closed: it leaves every topic. */
    private void removeAll(WebSocketTransport ws) {
        Set<String> mine = topicsOf.remove(ws);
        if (mine != null) {
            for (String topic : mine) {
                dropSubscriber(topic, ws);
            }
        }
    }

    private void dropSubscriber(String topic, WebSocketTransport ws) {
        Subscribers subscribers = byTopic.get(topic);
        if (subscribers != null && subscribers.remove(ws)) {
            topics.countChanged(topic, -1);
            if (subscribers.isEmpty()) {
                byTopic.remove(topic);
                topics.loopLeft(topic, this);
            }
        }
    }

    /**
     * Hands one message to every subscriber of the topic on this loop. The subscribers' snapshot is
     * walked: closing a slow subscriber may remove it from the set on the way.
     */
    void deliver(String topic, PreparedMessage message) {
        Subscribers subscribers = byTopic.get(topic);
        if (subscribers == null) {
            return;
        }
        for (WebSocketTransport ws : subscribers.snapshot()) {
            if (ws.readyState() != ReadyState.OPEN) {
                continue; // closing (a slow one being closed, say): it leaves its topics once closed
            }
            if (ws.bufferedAmount() + message.length() > topics.maxBufferedPerSubscriber()) {
                topics.slow(ws);
                continue;
            }
            if (ws.sendOnLoop(message) == SendResult.DROPPED) {
                topics.slow(ws);
            } else {
                topics.countDelivered();
            }
        }
    }

    /**
     * One topic's subscribers on this loop, with an array of them kept between changes: publishes
     * outnumber subscribes, so a delivery walks the array instead of copying the set each time.
     */
    private static final class Subscribers {
        private static final WebSocketTransport[] NONE = new WebSocketTransport[0];

        private final Set<WebSocketTransport> set = new LinkedHashSet<>();
        private WebSocketTransport[] snapshot = NONE;
        private boolean stale;

        boolean isEmpty() {
            return set.isEmpty();
        }

        void add(WebSocketTransport ws) {
            stale |= set.add(ws);
        }

        boolean remove(WebSocketTransport ws) {
            boolean removed = set.remove(ws);
            stale |= removed;
            return removed;
        }

        /** @return the subscribers as of now; never changed afterwards, so safe to walk while the set changes */
        WebSocketTransport[] snapshot() {
            if (stale) {
                snapshot = set.toArray(NONE);
                stale = false;
            }
            return snapshot;
        }
    }
}
