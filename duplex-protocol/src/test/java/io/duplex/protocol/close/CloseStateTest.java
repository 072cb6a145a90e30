package io.duplex.protocol.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 6455 sections 5.5.1 and 7: the closing handshake, from either side. */
class CloseStateTest {

    @Test
    void weCloseFirst() {
        CloseState s = CloseState.OPEN.afterCloseSent();
        assertThat(s).isEqualTo(CloseState.CLOSE_SENT);
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).isTrue();
        assertThat(s.afterCloseReceived()).isEqualTo(CloseState.CLOSED);
    }

    @Test
    void peerClosesFirst() {
        CloseState s = CloseState.OPEN.afterCloseReceived();
        assertThat(s).isEqualTo(CloseState.CLOSE_RECEIVED);
        assertThat(s.canSend()).isTrue();
        assertThat(s.canReceive()).isFalse();
        assertThat(s.afterCloseSent()).isEqualTo(CloseState.CLOSED);
    }

    @Test
    void closedAllowsNothing() {
        assertThat(CloseState.CLOSED.canSend()).isFalse();
        assertThat(CloseState.CLOSED.canReceive()).isFalse();
        assertThatThrownBy(CloseState.CLOSED::afterCloseSent).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(CloseState.CLOSED::afterCloseReceived).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondCloseEitherWayIsAMistake() {
        assertThatThrownBy(CloseState.CLOSE_SENT::afterCloseSent).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(CloseState.CLOSE_RECEIVED::afterCloseReceived).isInstanceOf(IllegalStateException.class);
    }
}
