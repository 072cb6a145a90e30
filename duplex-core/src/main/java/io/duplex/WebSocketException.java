package io.duplex;

/** A failure of a WebSocket connection, with the close code it ended with. */
public class WebSocketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The close code sent to the peer, or 1006 when the transport failed. */
    private final int closeCode;

    /**
     * @param closeCode the close code the connection ended with
     * @param message   what went wrong
     */
    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /**
     * @param closeCode the close code the connection ended with
     * @param message   what went wrong
     * @param cause     the underlying failure
     */
    public WebSocketException(int closeCode, String message, Throwable cause) {
        super(message, cause);
        this.closeCode = closeCode;
    }

    /** @return the close code the connection ended with */
    public int closeCode() {
        return closeCode;
    }
}
