package io.duplex.redis;

/**
 * The counters of a {@link RedisBroker} since it connected, for operators and tests.
 *
 * @param published        publishes of this node that Redis confirmed
 * @param droppedPublishes publishes of this node never sent: past the bound of what may wait for Redis
 *                         (in count or bytes, reached when Redis is slow or away), or after close
 * @param failedPublishes  publishes of this node sent or queued that Redis did not confirm: timed out
 *                         (also while waiting for a reconnect) or answered with an error
 * @param received         publishes of other nodes (or of other Redis clients) handed to the topics
 * @param ownSkipped       this node's publishes that came back from Redis and were skipped, since the
 *                         topics delivered them locally already
 * @param invalid          received messages dropped because they could not be delivered: a Duplex
 *                         header cut short or of an unknown kind, or text that is not valid UTF-8
 * @param reconnects       times a connection to Redis came back after it was lost (each of the
 *                         publishing and the subscribing connection counts)
 */
public record RedisBrokerStats(long published, long droppedPublishes, long failedPublishes, long received,
        long ownSkipped, long invalid, long reconnects) {
}
