package io.duplex.cli;

/**
 * Where an echo benchmark is, shared by all its connections: warming up (messages flow, nothing is
 * recorded), measuring (every echo that arrives is timed and counted), draining (no new message is
 * sent; those in flight come back). Only the command's thread moves it on; the event loops read it.
 */
final class LoadPhase {

    /** The steps, in order. */
    enum Step {
        /** Messages flow; nothing is recorded, so the JIT and the buffers settle first. */
        WARMUP,
        /** Echoes are timed and counted. */
        MEASURE,
        /** No new message is sent. */
        DRAIN
    }

    private volatile Step step = Step.WARMUP;

    /** Starts the measured window. */
    void measure() {
        step = Step.MEASURE;
    }

    /** Ends the measured window: no new message is sent after this. */
    void drain() {
        step = Step.DRAIN;
    }

    /** @return whether new messages may still be sent */
    boolean sending() {
        return step != Step.DRAIN;
    }

    /** @return whether echoes arriving now are recorded */
    boolean measuring() {
        return step == Step.MEASURE;
    }
}
