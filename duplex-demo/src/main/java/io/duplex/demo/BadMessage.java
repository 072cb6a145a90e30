package io.duplex.demo;

/**
 * A message from a client that the apps cannot act on: malformed JSON, an unknown type, a nickname
 * that breaks the rules. It becomes an {@code error} message to that client, never a closed
 * connection: a page with a typo should learn what was wrong and carry on.
 */
final class BadMessage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code    a short machine-readable name, such as {@code bad-nick}
     * @param message a sentence for the person at the page
     */
    BadMessage(String code, String message) {
        // No stack trace: this is an answer to a client, not a fault of the server.
        super(message, null, false, false);
        this.code = code;
    }

    /** @return the short name of the problem */
    String code() {
        return code;
    }

    /** @return the {@code error} message the client receives */
    String toJson() {
        return Json.write("type", "error", "code", code, "message", getMessage());
    }
}
