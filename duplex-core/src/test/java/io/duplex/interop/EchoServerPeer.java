package io.duplex.interop;

import java.net.URI;
import java.util.function.Predicate;

/**
 * An echo server we did not write, which our client's checks ({@link ExternalServer.Checks}) run
 * against: it serves {@code /echo}, echoes every message, closes with CODE and REASON on the text
 * {@code close-me:CODE:REASON}, agrees to the subprotocol {@code chat}, and reports every close it
 * sees as a line {@code CLOSE <code> <reason>}.
 */
interface EchoServerPeer extends AutoCloseable {

    /** @return the peer's name in messages */
    String name();

    /** @return the URI of its echo endpoint */
    URI echoUri();

    /** @return how many lines the server has reported so far: a mark for {@link #awaitOutput} */
    int mark();

    /**
     * Waits until the server reports a line that matches, at or after a mark; fails when none comes
     * within {@link ExternalServer#STEP_TIMEOUT}.
     *
     * @param mark        from {@link #mark()}, taken before the line could have been reported
     * @param description the line looked for, for the message
     * @param match       what the line must satisfy
     * @return the line
     * @throws InterruptedException when interrupted
     */
    String awaitOutput(int mark, String description, Predicate<String> match) throws InterruptedException;

    /** @return everything the server reported so far, for failure messages */
    String transcript();

    /** Stops the server; fails when it did not stop cleanly. */
    @Override
    void close();
}
