package io.duplex.pubsub;

/**
 * Counters of a {@link Topics}, since it started.
 *
 * @param published   publishes made on this node
 * @param received    publishes of other nodes, received through the broker
 * @param delivered   messages handed to subscribers
 * @param dropped     messages skipped for slow subscribers ({@link SlowSubscriberPolicy#DROP})
 * @param closedSlow  subscribers closed for being slow
 */
public record TopicStats(long published, long received, long delivered, long dropped, long closedSlow) {
}
