package io.duplex.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header multi-map: case-insensitive names kept as spelled, and list elements (RFC 7230 section 7). */
class HttpHeadersTest {

    private final HttpHeaders headers = HttpHeaders.of(
            "Host", "example.com",
            "Sec-WebSocket-Protocol", "chat, superchat",
            "sec-websocket-protocol", "v2",
            "Connection", "keep-alive, Upgrade");

    @Test
    void namesMatchCaseInsensitivelyButKeepTheirSpelling() {
        assertThat(headers.first("HOST")).contains("example.com");
        assertThat(headers.contains("host")).isTrue();
        assertThat(headers.contains("Origin")).isFalse();
        assertThat(headers.first("Origin")).isEmpty();
        assertThat(headers.fields().get(2).name()).isEqualTo("sec-websocket-protocol");
    }

    @Test
    void allReturnsEveryFieldOfANameInOrderUnsplit() {
        assertThat(headers.all("SEC-WEBSOCKET-PROTOCOL")).containsExactly("chat, superchat", "v2");
        assertThat(headers.count("Sec-WebSocket-Protocol")).isEqualTo(2);
        assertThat(headers.all("Origin")).isEmpty();
    }

    @Test
    void tokensSplitEveryFieldAtCommasAndTrim() {
        assertThat(headers.tokens("Sec-WebSocket-Protocol")).containsExactly("chat", "superchat", "v2");
    }

    @Test
    void rfc7230Section7EmptyListElementsAreSkipped() {
        HttpHeaders h = HttpHeaders.of("Connection", " , keep-alive ,,\tUpgrade , ", "Connection", "");
        assertThat(h.tokens("connection")).containsExactly("keep-alive", "Upgrade");
        assertThat(HttpHeaders.listElements(",a,,b,")).containsExactly("a", "b");
    }

    @Test
    void containsTokenIsAsciiCaseInsensitive() {
        assertThat(headers.containsToken("connection", "upgrade")).isTrue();
        assertThat(headers.containsToken("Connection", "KEEP-ALIVE")).isTrue();
        assertThat(headers.containsToken("Connection", "close")).isFalse();
        assertThat(headers.containsToken("Upgrade", "websocket")).isFalse();
    }

    @Test
    void caseFoldingIsAsciiOnly() {
        // U+212A KELVIN SIGN folds to 'k' in Unicode, never in HTTP.
        assertThat(HttpTokens.equalsIgnoreCase("\u212Aeep-alive", "keep-alive")).isFalse();
        assertThat("\u212Aeep-alive".equalsIgnoreCase("keep-alive")).isTrue();
        assertThat(HttpTokens.equalsIgnoreCase("Keep-ALIVE", "keep-alive")).isTrue();
    }

    @Test
    void iterationVisitsEveryFieldInOrder() {
        List<String> names = new ArrayList<>();
        for (HttpHeaders.Field f : headers) {
            names.add(f.name());
        }
        assertThat(names).containsExactly("Host", "Sec-WebSocket-Protocol", "sec-websocket-protocol", "Connection");
        assertThat(headers.size()).isEqualTo(4);
    }

    @Test
    void builderSetReplacesEveryFieldOfTheNameAndRemoveDropsThem() {
        HttpHeaders h = headers.toBuilder().set("SEC-WEBSOCKET-PROTOCOL", "one").remove("host").build();
        assertThat(h.all("Sec-WebSocket-Protocol")).containsExactly("one");
        assertThat(h.contains("Host")).isFalse();
        assertThat(headers.all("Sec-WebSocket-Protocol")).hasSize(2);
    }

    @Test
    void equalityComparesFieldsInOrder() {
        assertThat(HttpHeaders.of("A", "1", "B", "2")).isEqualTo(HttpHeaders.of("A", "1", "B", "2"))
                .hasSameHashCodeAs(HttpHeaders.of("A", "1", "B", "2"))
                .isNotEqualTo(HttpHeaders.of("B", "2", "A", "1"));
        assertThat(HttpHeaders.builder().build()).isSameAs(HttpHeaders.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Bad:Name", "N\u00e4me", "(x)"})
    void builderRefusesNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> HttpHeaders.builder().add(name, "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: 1", "a\nb", "a\rb", "nul\0", "del\u007f", "wide\u0100"})
    void builderRefusesValuesThatWouldBreakTheHead(String value) {
        assertThatThrownBy(() -> HttpHeaders.builder().add("X", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderAcceptsTabsAndObsText() {
        assertThat(HttpHeaders.of("X", "a\tb \u00e9").first("x")).contains("a\tb \u00e9");
    }
}
