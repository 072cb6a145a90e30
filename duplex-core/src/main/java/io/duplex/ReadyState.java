package io.duplex;

/** The browser API's {@code readyState} of a connection (WHATWG WebSockets, RFC 6455 section 4 and 7). */
public enum ReadyState {
    /** The opening handshake is under way. */
    CONNECTING,
    /** Open: messages flow both ways. */
    OPEN,
    /** The closing handshake has started. */
    CLOSING,
    /** Closed, cleanly or not. */
    CLOSED
}
