package io.duplex.pubsub;

/** A server-side listener's hold on a topic ({@link Topics#listen}). */
public interface Subscription extends AutoCloseable {

    /** Stops listening; closing again does nothing. */
    @Override
    void close();
}
