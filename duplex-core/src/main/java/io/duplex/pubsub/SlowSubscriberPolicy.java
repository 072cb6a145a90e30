package io.duplex.pubsub;

import io.duplex.protocol.close.CloseCode;

/**
 * What a topic does with a subscriber whose send buffer would pass its limit: the others never wait
 * for it.
 */
public enum SlowSubscriberPolicy {
    /** Skip this message for that subscriber (counted as dropped); it stays subscribed. */
    DROP(0),
    /** Close it with 1008, policy violation. */
    CLOSE_POLICY_VIOLATION(CloseCode.POLICY_VIOLATION),
    /** Close it with 1013, try again later: the client may reconnect and catch up. */
    CLOSE_TRY_AGAIN_LATER(CloseCode.TRY_AGAIN_LATER);

    private final int closeCode;

    SlowSubscriberPolicy(int closeCode) {
        this.closeCode = closeCode;
    }

    /** @return the close code, or 0 for {@link #DROP} */
    public int closeCode() {
        return closeCode;
    }
}
