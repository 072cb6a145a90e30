package io.duplex;

/**
 * What became of a message handed to {@link WebSocket}: sends never block the caller; they answer
 * with the state of the connection's outgoing buffer instead.
 */
public enum SendResult {
    /** Accepted; the connection's buffered amount is below its high-water mark. */
    SENT,
    /**
     * Accepted, but the buffered amount is now at or past the high-water mark: the caller should slow
     * down until {@link WebSocket#bufferedAmount()} falls.
     */
    BACKPRESSURE,
    /**
     * Not accepted: the connection is closing or closed, or its buffer is full (past the limit set
     * with {@code maxBufferedAmount}); the message was not queued.
     */
    DROPPED
}
