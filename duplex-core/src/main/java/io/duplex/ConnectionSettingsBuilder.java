package io.duplex;

import java.time.Duration;

import io.duplex.internal.transport.SendLimits;
import io.duplex.internal.transport.Timeouts;
import io.duplex.protocol.EngineSettings;

/**
 * The settings that servers and clients share: event loops, message limits, backpressure and
 * timeouts. {@link io.duplex.server.WebSocketServer.Builder} and
 * {@link io.duplex.client.WebSocketClient.Builder} add their own.
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 */
public abstract class ConnectionSettingsBuilder<B extends ConnectionSettingsBuilder<B>> {

    private int loops;
    private EngineSettings engineSettings = EngineSettings.defaults();
    private long highWaterMark = 1024 * 1024;
    private long maxBuffered = 16L * 1024 * 1024;
    private Timeouts timeouts = Timeouts.DEFAULTS;

    /** @param defaultLoops how many event loops unless {@link #loops(int)} says otherwise */
    protected ConnectionSettingsBuilder(int defaultLoops) {
        this.loops = defaultLoops;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param count how many event loops
     * @return this builder
     */
    public B loops(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one loop: " + count);
        }
        this.loops = count;
        return self();
    }

    /**
     * @param bytes the largest message accepted (default 16 MiB); larger ones close the connection
     *              with 1009
     * @return this builder
     */
    public B maxMessageSize(long bytes) {
        this.engineSettings = engineSettings.withMaxMessageSize(bytes);
        return self();
    }

    /**
     * @param bytes buffered bytes at which sends start answering {@link SendResult#BACKPRESSURE}
     *              (default 1 MiB)
     * @return this builder
     */
    public B highWaterMark(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the high-water mark is at least 1 byte: " + bytes);
        }
        this.highWaterMark = bytes;
        return self();
    }

    /**
     * @param bytes the most a connection buffers for sending (default 16 MiB, at least the high-water
     *              mark); a send that would go past it is not queued and answers
     *              {@link SendResult#DROPPED}, so that a slow reader cannot make the sender's memory grow
     *              without bound
     * @return this builder
     */
    public B maxBufferedAmount(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the buffer limit is at least 1 byte: " + bytes);
        }
        this.maxBuffered = bytes;
        return self();
    }

    /**
     * @param timeout how long a connection may take to complete its opening handshake: for a client,
     *                connecting included; for a server, also how long a kept-alive HTTP connection
     *                may wait between requests (default 10 s, {@link Duration#ZERO} for no limit)
     * @return this builder
     */
    public B handshakeTimeout(Duration timeout) {
        this.timeouts = timeouts.withHandshake(timeout);
        return self();
    }

    /**
     * @param interval    after this long without input, a Ping is sent (default 20 s,
     *                    {@link Duration#ZERO} for no keepalive)
     * @param pongTimeout after the Ping, how long to wait for any input before dropping the connection
     *                    as dead (default 20 s)
     * @return this builder
     */
    public B keepalive(Duration interval, Duration pongTimeout) {
        this.timeouts = timeouts.withKeepalive(interval, pongTimeout);
        return self();
    }

    /**
     * @param timeout after this long without a message either way, the connection is closed with 1001
     *                (default: no limit)
     * @return this builder
     */
    public B idleTimeout(Duration timeout) {
        this.timeouts = timeouts.withIdle(timeout);
        return self();
    }

    /**
     * @param timeout after sending a Close frame, how long to wait for the peer to finish the closing
     *                handshake before the socket is closed anyway (default 10 s)
     * @return this builder
     */
    public B closeTimeout(Duration timeout) {
        this.timeouts = timeouts.withClose(timeout);
        return self();
    }

    /** @return the number of event loops */
    protected int loopCount() {
        return loops;
    }

    /** @return the engine limits */
    protected EngineSettings engineSettings() {
        return engineSettings;
    }

    /** @return the high-water mark and the buffer limit (never below the mark) */
    protected SendLimits sendLimits() {
        return new SendLimits(highWaterMark, Math.max(maxBuffered, highWaterMark));
    }

    /** @return the timeouts */
    protected Timeouts timeouts() {
        return timeouts;
    }
}
