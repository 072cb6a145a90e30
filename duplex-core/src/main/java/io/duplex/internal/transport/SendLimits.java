package io.duplex.internal.transport;

/**
 * How much a connection buffers for sending.
 *
 * @param highWaterMark buffered bytes at which sends start answering {@code BACKPRESSURE}
 * @param maxBuffered   buffered bytes past which a send is not queued and answers {@code DROPPED}
 */
public record SendLimits(long highWaterMark, long maxBuffered) {

    /** Checks that the limits are positive and in order. */
    public SendLimits {
        if (highWaterMark < 1 || maxBuffered < highWaterMark) {
            throw new IllegalArgumentException("need 0 < highWaterMark <= maxBuffered: " + highWaterMark + ", " + maxBuffered);
        }
    }
}
