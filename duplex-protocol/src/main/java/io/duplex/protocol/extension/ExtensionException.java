package io.duplex.protocol.extension;

/**
 * An extension could not transform a message, or a negotiation answer was not acceptable. The engine
 * turns it into a failure of the connection with {@link #closeCode()}; it never escapes the engine.
 */
public final class ExtensionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The close code the connection fails with. */
    private final int closeCode;

    /**
     * @param closeCode the close code to fail the connection with (1002, 1007, 1009 or 1010 usually)
     * @param message   a reason, short enough for a close frame (at most 123 bytes of UTF-8)
     */
    public ExtensionException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** @return the close code the connection fails with */
    public int closeCode() {
        return closeCode;
    }
}
