package io.duplex.protocol.close;

/**
 * Where a connection is in the closing handshake (RFC 6455 sections 5.5.1 and 7), with the two
 * half-closed states made explicit: one side's Close frame has gone, the other's has not.
 *
 * <pre>
 *            send Close                     receive Close
 *   OPEN ----------------> CLOSE_SENT ---------------------> CLOSED
 *     |                                                         ^
 *     |  receive Close                         send Close       |
 *     +--------------------> CLOSE_RECEIVED --------------------+
 *
 *   any state --- failure or end of the transport ---> CLOSED
 * </pre>
 */
public enum CloseState {
    /** Both directions carry data. */
    OPEN,
    /** Our Close frame is sent: no more data goes out (section 5.5.1); input still flows. */
    CLOSE_SENT,
    /** The peer's Close frame arrived: no more input is accepted; our Close frame is due. */
    CLOSE_RECEIVED,
    /** Both Close frames were exchanged, or the connection failed: nothing more goes either way. */
    CLOSED;

    /** @return whether data frames may still be sent */
    public boolean canSend() {
        return this == OPEN || this == CLOSE_RECEIVED;
    }

    /** @return whether frames from the peer are still accepted */
    public boolean canReceive() {
        return this == OPEN || this == CLOSE_SENT;
    }

    /** @return the state after our Close frame is sent */
    public CloseState afterCloseSent() {
        return switch (this) {
            case OPEN -> CLOSE_SENT;
            case CLOSE_RECEIVED -> CLOSED;
            default -> throw new IllegalStateException("a Close frame was already sent (" + this + ")");
        };
    }

    /** @return the state after the peer's Close frame is received */
    public CloseState afterCloseReceived() {
        return switch (this) {
            case OPEN -> CLOSE_RECEIVED;
            case CLOSE_SENT -> CLOSED;
            default -> throw new IllegalStateException("no input is accepted in " + this);
        };
    }
}
