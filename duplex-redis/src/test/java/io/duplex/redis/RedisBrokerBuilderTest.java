package io.duplex.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** What the builder refuses before anything is started. */
class RedisBrokerBuilderTest {

    final RedisBroker.Builder builder = RedisBroker.builder(URI.create("redis://127.0.0.1:6379"));

    @Test
    void aUriThatIsNotRedisIsRefused() {
        assertThatThrownBy(() -> RedisBroker.connect(URI.create("http://127.0.0.1:6379")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundsAndTimeoutsMustBePositive() {
        assertThatThrownBy(() -> builder.maxPendingPublishes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxPendingBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.publishTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.channelPrefix(null)).isInstanceOf(NullPointerException.class);
    }
}
