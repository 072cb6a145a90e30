package io.duplex.demo;

import java.time.Duration;
import java.util.Map;

import io.duplex.pubsub.Subscription;
import io.duplex.pubsub.Topics;

/**
 * One number everybody can move, and how many people are looking at it, kept on every node.
 *
 * <p>A visitor's step is published as a delta on {@code counter:deltas}: {@code
 * {"node":"ID","delta":1}}. Every node follows that topic ({@link Topics#listen}), this one
 * included, and applies every delta; addition does not care about order, so nodes that started
 * together hold the same value. Each node announces its number of visitors, and its value, on
 * {@code counter:nodes} when it changes: {@code {"node":"ID","visitors":3,"value":17,"hello":false}}.
 * A starting node says {@code hello}, the others answer, and it takes the value of the first answer
 * if it has applied no delta yet: so a node that starts later usually catches up, but a delta in
 * flight while it does can be counted twice or missed there. A node that dies without closing its
 * connections stays counted in the others' visitor total.
 *
 * <p>After each change the node sends its own visitors {@code {"type":"state","value":V,"visitors":N}}
 * on the {@code counter} topic with {@link Topics#publishLocally}. Every change runs on the app's
 * {@link StateThread}, so the visitors see the states in the order they were reached.
 */
final class SharedCounter implements AutoCloseable {

    /** The topic the visitors' connections subscribe to. */
    static final String TOPIC = "counter";

    private static final System.Logger LOG = System.getLogger(SharedCounter.class.getName());
    private static final String DELTAS = "counter:deltas";
    private static final String NODES = "counter:nodes";

    private final Topics topics;
    private final String node;
    private final StateThread thread = new StateThread("duplex-demo-counter");
    private final Subscription deltas;
    private final Subscription nodes;

    // The state, on the state thread only.
    private long value;
    /** Whether the value counts for something: a delta was applied, or another node's value taken. */
    private boolean settled;
    private int localVisitors;
    private final OtherNodes<Integer> remoteVisitors = new OtherNodes<>();
    private final long silentNanos;

    /**
     * Follows the counter's topics and says hello to the other nodes.
     *
     * @param topics the server's topics
     * @param node             this node's id, unique among the nodes sharing the broker
     * @param presenceInterval how often this node announces its visitors again; a node silent for
     *                         {@link ChatRooms#SILENT_INTERVALS} intervals no longer counts
     */
    SharedCounter(Topics topics, String node, Duration presenceInterval) {
        this.topics = topics;
        this.node = node;
        this.silentNanos = presenceInterval.toNanos() * ChatRooms.SILENT_INTERVALS;
        this.deltas = topics.listen(DELTAS, (topic, text) -> thread.execute(() -> deltaHeard(text)));
        this.nodes = topics.listen(NODES, (topic, text) -> thread.execute(() -> nodeHeard(text)));
        thread.execute(() -> announce(true));
        thread.every(presenceInterval, this::refresh);
    }

    /** A visitor opened the counter: it must already be subscribed to {@link #TOPIC}. */
    void visitorArrived() {
        thread.execute(() -> {
            localVisitors++;
            announce(false);
            show();
        });
    }

    /** A visitor's connection closed. */
    void visitorLeft() {
        thread.execute(() -> {
            localVisitors--;
            announce(false);
            show();
        });
    }

    /**
     * Moves the counter on every node, this one through its own listener like the others.
     *
     * @param delta +1 or -1
     */
    void add(int delta) {
        topics.publish(DELTAS, Json.write("node", node, "delta", delta));
    }

    private void deltaHeard(String text) {
        Object delta = parseOrEmpty(text).get("delta");
        if (!(delta instanceof Integer step)) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed counter delta: " + text);
            return;
        }
        value += step;
        settled = true;
        show();
    }

    private void nodeHeard(String text) {
        Map<String, Object> message = parseOrEmpty(text);
        if (!(message.get("node") instanceof String from) || !(message.get("visitors") instanceof Integer visitors)
                || !(message.get("value") instanceof Number theirs)) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed counter announcement: " + text);
            return;
        }
        if (from.equals(node)) {
            return;
        }
        boolean hello = Boolean.TRUE.equals(message.get("hello"));
        if (visitors > 0) {
            remoteVisitors.put(from, visitors, System.nanoTime());
        } else {
            remoteVisitors.remove(from);
        }
        if (hello) {
            announce(false);
        } else if (!settled) {
            // A node that said hello has no value worth taking; any other has been counting.
            value = theirs.longValue();
            settled = true;
        }
        show();
    }

    /** Announces this node's visitors again, and stops counting the nodes that went silent. */
    private void refresh() {
        announce(false);
        if (remoteVisitors.forgetSilent(System.nanoTime(), silentNanos)) {
            show();
        }
    }

    private static Map<String, Object> parseOrEmpty(String text) {
        try {
            return Json.parse(text);
        } catch (BadMessage e) {
            return Map.of();
        }
    }

    private void announce(boolean hello) {
        topics.publish(NODES, Json.write("node", node, "visitors", localVisitors, "value", value, "hello", hello));
    }

    private void show() {
        int visitors = localVisitors;
        for (int n : remoteVisitors.values()) {
            visitors += n;
        }
        topics.publishLocally(TOPIC, Json.write("type", "state", "value", value, "visitors", visitors));
    }

    /** Finishes the work handed over (the visitors that just left), then stops following the topics. */
    @Override
    public void close() {
        thread.close();
        deltas.close();
        nodes.close();
    }
}
