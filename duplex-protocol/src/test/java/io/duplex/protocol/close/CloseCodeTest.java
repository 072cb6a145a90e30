package io.duplex.protocol.close;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** RFC 6455 section 7.4: which status codes may travel in a Close frame. */
class CloseCodeTest {

    @Test
    void definedAndRegisteredCodesAreValidOnTheWire() {
        IntStream.rangeClosed(1000, 1003).forEach(c -> assertThat(CloseCode.isValidOnWire(c)).as("%d", c).isTrue());
        IntStream.rangeClosed(1007, 1014).forEach(c -> assertThat(CloseCode.isValidOnWire(c)).as("%d", c).isTrue());
        IntStream.rangeClosed(3000, 4999).forEach(c -> assertThat(CloseCode.isValidOnWire(c)).as("%d", c).isTrue());
    }

    @Test
    void everythingElseIsInvalidOnTheWire() {
        IntStream.rangeClosed(0, 65535)
                .filter(c -> !(c >= 1000 && c <= 1003 || c >= 1007 && c <= 1014 || c >= 3000 && c <= 4999))
                .forEach(c -> assertThat(CloseCode.isValidOnWire(c)).as("%d", c).isFalse());
    }

    @Test
    void reportOnlyCodesAreNeverSent() {
        // Section 7.4.1: 1005, 1006 and 1015 MUST NOT be set as a status code in a Close frame.
        for (int c : new int[] {1005, 1006, 1015}) {
            assertThat(CloseCode.isReportOnly(c)).isTrue();
            assertThat(CloseCode.isValidOnWire(c)).isFalse();
        }
        assertThat(CloseCode.isReportOnly(1000)).isFalse();
    }

    @Test
    void describeNamesTheCode() {
        assertThat(CloseCode.describe(1009)).isEqualTo("1009 (message too big)");
        assertThat(CloseCode.describe(4001)).isEqualTo("4001 (private)");
        assertThat(CloseCode.describe(3001)).isEqualTo("3001 (registered)");
        assertThat(CloseCode.describe(2000)).isEqualTo("2000 (invalid)");
    }
}
