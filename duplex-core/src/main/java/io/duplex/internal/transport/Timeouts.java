package io.duplex.internal.transport;

import java.time.Duration;

/**
 * How long a connection waits for each thing, in nanoseconds; 0 turns a timeout off.
 *
 * @param handshakeNanos from connect (or from the previous answer on a kept-alive HTTP connection)
 *                       to a complete opening handshake; slow or silent peers are dropped
 * @param pingIntervalNanos after this long without input, a Ping is sent (RFC 6455 section 5.5.2)
 * @param pongNanos      after a keepalive Ping, how long to wait for any input before the peer is
 *                       taken for dead and the connection is dropped (reported as 1006)
 * @param idleNanos      after this long without a message either way, the connection is closed with
 *                       1001
 * @param closeNanos     after our Close frame (or, for a client, after the closing handshake), how
 *                       long to wait for the peer before the socket is closed anyway
 */
public record Timeouts(long handshakeNanos, long pingIntervalNanos, long pongNanos, long idleNanos,
                       long closeNanos) {

    /** Handshake 10 s, Ping after 20 s of silence, Pong within 20 s, no idle limit, Close within 10 s. */
    public static final Timeouts DEFAULTS = new Timeouts(seconds(10), seconds(20), seconds(20), 0, seconds(10));

    /** Checks that none is negative. */
    public Timeouts {
        if (handshakeNanos < 0 || pingIntervalNanos < 0 || pongNanos < 0 || idleNanos < 0 || closeNanos < 0) {
            throw new IllegalArgumentException("timeouts are 0 (off) or positive");
        }
    }

    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }

    /**
     * @param d the handshake timeout, {@link Duration#ZERO} for none
     * @return a copy with it
     */
    public Timeouts withHandshake(Duration d) {
        return new Timeouts(d.toNanos(), pingIntervalNanos, pongNanos, idleNanos, closeNanos);
    }

    /**
     * @param interval the keepalive Ping interval, {@link Duration#ZERO} for no keepalive
     * @param pong     how long to wait for the peer after a Ping
     * @return a copy with them
     */
    public Timeouts withKeepalive(Duration interval, Duration pong) {
        return new Timeouts(handshakeNanos, interval.toNanos(), pong.toNanos(), idleNanos, closeNanos);
    }

    /**
     * @param d the idle timeout, {@link Duration#ZERO} for none
     * @return a copy with it
     */
    public Timeouts withIdle(Duration d) {
        return new Timeouts(handshakeNanos, pingIntervalNanos, pongNanos, d.toNanos(), closeNanos);
    }

    /**
     * @param d the close timeout, {@link Duration#ZERO} to wait for the peer forever
     * @return a copy with it
     */
    public Timeouts withClose(Duration d) {
        return new Timeouts(handshakeNanos, pingIntervalNanos, pongNanos, idleNanos, d.toNanos());
    }
}
