package io.duplex.internal.loop;

/** What an {@link EventLoop} calls for a channel registered with it. Called on the loop's thread only. */
public interface IoHandler {

    /**
     * The channel is ready for the operations given.
     *
     * @param readyOps the {@link java.nio.channels.SelectionKey} ready set
     */
    void onReady(int readyOps);

    /** The loop is shutting down: release the channel. */
    void onLoopClosed();

    /**
     * The owner is shutting down gracefully: stop taking new work and begin closing (a WebSocket sends
     * its Close frame and waits for the peer's, within its close timeout).
     */
    default void goingAway() {
    }
}
