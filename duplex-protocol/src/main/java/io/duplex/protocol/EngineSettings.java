package io.duplex.protocol;

/**
 * Limits and choices of one engine. Sizes are inclusive: a message of exactly
 * {@code maxMessageSize} bytes is accepted, one byte more ends the connection with 1009.
 *
 * @param maxFrameSize         the largest frame payload accepted (RFC 6455 section 10.4); a larger
 *                             announced length fails the connection with 1009 before anything is read
 * @param maxMessageSize       the largest message accepted, after reassembly and after extensions
 *                             (decompression) ran; larger fails with 1009
 * @param outgoingFragmentSize when positive, outgoing messages larger than this are sent as several
 *                             frames of at most this payload (section 5.4); 0 sends each message as one
 *                             frame
 * @param autoPong             whether a Ping is answered with a Pong carrying the same payload by the
 *                             engine itself (section 5.5.2); the Ping is reported either way
 */
public record EngineSettings(long maxFrameSize, long maxMessageSize, int outgoingFragmentSize, boolean autoPong) {

    /** The largest message a Java array can hold, which caps both size limits. */
    public static final long MAX_SUPPORTED_SIZE = Integer.MAX_VALUE - 8;

    /** 16 MiB: large enough for ordinary uses, small enough that one peer cannot exhaust the heap. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;

    /** Checks the values. */
    public EngineSettings {
        if (maxFrameSize < 125 || maxFrameSize > MAX_SUPPORTED_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be 125 to " + MAX_SUPPORTED_SIZE + ": " + maxFrameSize);
        }
        if (maxMessageSize < 0 || maxMessageSize > MAX_SUPPORTED_SIZE) {
            throw new IllegalArgumentException("maxMessageSize must be 0 to " + MAX_SUPPORTED_SIZE + ": " + maxMessageSize);
        }
        if (outgoingFragmentSize < 0) {
            throw new IllegalArgumentException("outgoingFragmentSize must be 0 or more: " + outgoingFragmentSize);
        }
    }

    /**
     * 16 MiB frames and messages, no outgoing fragmentation, automatic Pong.
     *
     * @return the default settings
     */
    public static EngineSettings defaults() {
        return new EngineSettings(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE, 0, true);
    }

    /**
     * @param size the largest message and frame payload accepted
     * @return a copy with both size limits set to {@code size} (frames at least 125, for control frames)
     */
    public EngineSettings withMaxMessageSize(long size) {
        return new EngineSettings(Math.max(125, size), size, outgoingFragmentSize, autoPong);
    }

    /**
     * @param size the largest frame payload accepted
     * @return a copy with that frame limit
     */
    public EngineSettings withMaxFrameSize(long size) {
        return new EngineSettings(size, maxMessageSize, outgoingFragmentSize, autoPong);
    }

    /**
     * @param size the largest outgoing frame payload, 0 for no fragmentation
     * @return a copy with that fragment size
     */
    public EngineSettings withOutgoingFragmentSize(int size) {
        return new EngineSettings(maxFrameSize, maxMessageSize, size, autoPong);
    }

    /**
     * @param enabled whether the engine answers pings itself
     * @return a copy with that choice
     */
    public EngineSettings withAutoPong(boolean enabled) {
        return new EngineSettings(maxFrameSize, maxMessageSize, outgoingFragmentSize, enabled);
    }
}
