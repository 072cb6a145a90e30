package io.duplex.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;

/** The client handshake: the request of RFC 6455 section 4.1 and every check of the server's response. */
class ClientHandshakeTest {

    private final ClientHandshake plain = ClientHandshake.builder("server.example.com", "/chat")
            .random(new Random(42)).build();

    /** A valid 101 for a handshake. */
    static HttpHeaders.Builder valid101(ClientHandshake client) {
        return HttpHeaders.builder()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", client.expectedAccept());
    }

    static HttpResponseHead response(HttpHeaders.Builder headers) {
        return HttpResponseHead.of(101, headers.build());
    }

    static ClientHandshake.Accepted accepted(ClientHandshake.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ClientHandshake.Accepted.class);
        return (ClientHandshake.Accepted) outcome;
    }

    static String failed(ClientHandshake.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ClientHandshake.Failed.class);
        return ((ClientHandshake.Failed) outcome).reason();
    }

    @Nested
    class Section41Request {
        @Test
        void theRequestHasEveryRequiredHeaderInOrder() {
            ClientHandshake client = ClientHandshake.builder("example.com:8080", "/chat?room=1")
                    .random(new Random(1))
                    .subprotocols("chat", "superchat")
                    .extensions(List.of(
                            new FakeExtensions.Client("permessage-deflate", Extension.RSV1, List.of(
                                    new ExtensionSpec("permessage-deflate", List.of(
                                            io.duplex.protocol.extension.ExtensionParameter.flag("client_max_window_bits"))),
                                    ExtensionSpec.of("permessage-deflate")), answer -> true),
                            FakeExtensions.Client.simple("x-other", Extension.RSV2)))
                    .header("Origin", "http://example.com")
                    .header("Cookie", "a=b")
                    .build();
            String text = new String(client.requestBytes(), StandardCharsets.ISO_8859_1);
            assertThat(text).isEqualTo("GET /chat?room=1 HTTP/1.1\r\n"
                    + "Host: example.com:8080\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + client.key() + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: chat, superchat\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate, x-other\r\n"
                    + "Origin: http://example.com\r\n"
                    + "Cookie: a=b\r\n"
                    + "\r\n");
            assertThat(client.request().method()).isEqualTo("GET");
        }

        @Test
        void withoutSubprotocolsOrExtensionsThoseHeadersAreLeftOut() {
            HttpRequestHead request = plain.request();
            assertThat(request.headers().contains("Sec-WebSocket-Protocol")).isFalse();
            assertThat(request.headers().contains("Sec-WebSocket-Extensions")).isFalse();
        }

        @Test
        void item7TheKeyIsTheBase64Of16BytesFromTheRandomSource() {
            Random source = new Random(7);
            byte[] expected = new byte[16];
            new Random(7).nextBytes(expected);
            ClientHandshake client = ClientHandshake.builder("h", "/").random(source).build();
            assertThat(Base64.getDecoder().decode(client.key())).isEqualTo(expected);
            assertThat(client.request().headers().all("Sec-WebSocket-Key")).containsExactly(client.key());
            assertThat(client.expectedAccept()).isEqualTo(WebSocketAccept.of(client.key()));
        }

        @Test
        void item7EachHandshakeGetsAFreshKeyFromSecureRandomByDefault() {
            String a = ClientHandshake.builder("h", "/").build().key();
            String b = ClientHandshake.builder("h", "/").build().key();
            assertThat(a).isNotEqualTo(b);
            assertThat(Base64.getDecoder().decode(a)).hasSize(16);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Host", "upgrade", "Connection", "Sec-WebSocket-Key", "sec-websocket-version",
            "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions"})
        void headersTheHandshakeWritesCannotBeAddedAgain(String name) {
            assertThatThrownBy(() -> ClientHandshake.builder("h", "/").header(name, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void item10SubprotocolsMustBeUniqueTokens() {
            assertThatThrownBy(() -> ClientHandshake.builder("h", "/").subprotocols("a b"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.builder("h", "/").subprotocols("chat", "chat"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void theTargetIsAPathAndHeadersCannotInjectLines() {
            assertThatThrownBy(() -> ClientHandshake.builder("h", "chat")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.builder("h", "/a b").build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.builder("h\r\nX: y", "/").build())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientHandshake.builder("h", "/").header("Origin", "a\r\nb"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void twoExtensionFactoriesWithOneNameAreRefused() {
            assertThatThrownBy(() -> ClientHandshake.builder("h", "/").extensions(List.of(
                    FakeExtensions.Client.simple("foo", Extension.RSV1), FakeExtensions.Client.simple("FOO", 0))))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aValidResponseIsAccepted() {
        ClientHandshake.Accepted a = accepted(plain.validate(response(valid101(plain))));
        assertThat(a.subprotocol()).isNull();
        assertThat(a.extensions()).isEmpty();
    }

    @Nested
    class Section41Step1Status {
        @ParameterizedTest
        @ValueSource(ints = {200, 301, 400, 401, 403, 426, 500})
        void anyStatusBut101Fails(int status) {
            HttpResponseHead response = HttpResponseHead.of(status, valid101(plain).build());
            assertThat(failed(plain.validate(response))).contains(Integer.toString(status));
        }
    }

    @Nested
    class Section41Step2Upgrade {
        @Test
        void missingUpgradeFails() {
            failed(plain.validate(response(valid101(plain).remove("Upgrade"))));
        }

        @ParameterizedTest
        @ValueSource(strings = {"h2c", "websocket, h2c", "websocket2", ""})
        void anUpgradeOtherThanWebsocketFails(String upgrade) {
            failed(plain.validate(response(valid101(plain).set("Upgrade", upgrade))));
        }

        @Test
        void websocketIsMatchedCaseInsensitively() {
            accepted(plain.validate(response(valid101(plain).set("Upgrade", "WebSocket"))));
        }
    }

    @Nested
    class Section41Step3Connection {
        @Test
        void missingConnectionFails() {
            failed(plain.validate(response(valid101(plain).remove("Connection"))));
        }

        @Test
        void connectionWithoutUpgradeFails() {
            failed(plain.validate(response(valid101(plain).set("Connection", "keep-alive"))));
        }

        @Test
        void upgradeIsMatchedCaseInsensitivelyAmongTheTokens() {
            accepted(plain.validate(response(valid101(plain).set("Connection", "keep-alive, upgrade"))));
        }
    }

    @Nested
    class Section41Step4Accept {
        @Test
        void missingAcceptFails() {
            failed(plain.validate(response(valid101(plain).remove("Sec-WebSocket-Accept"))));
        }

        @Test
        void aWrongAcceptFails() {
            String reason = failed(plain.validate(response(valid101(plain)
                    .set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))));
            assertThat(reason).contains("Sec-WebSocket-Accept");
        }

        @Test
        void twoAcceptsFail() {
            failed(plain.validate(response(valid101(plain).add("Sec-WebSocket-Accept", plain.expectedAccept()))));
        }

        @Test
        void surroundingWhitespaceIsIgnored() {
            accepted(plain.validate(response(valid101(plain)
                    .set("Sec-WebSocket-Accept", " \t" + plain.expectedAccept() + " "))));
        }
    }

    @Nested
    class Section41Step6Subprotocol {
        private final ClientHandshake offering = ClientHandshake.builder("h", "/")
                .subprotocols("chat", "superchat").build();

        @Test
        void anOfferedSubprotocolIsInUse() {
            ClientHandshake.Accepted a = accepted(offering.validate(response(valid101(offering)
                    .add("Sec-WebSocket-Protocol", "superchat"))));
            assertThat(a.subprotocol()).isEqualTo("superchat");
        }

        @Test
        void aSubprotocolNotOfferedFails() {
            assertThat(failed(offering.validate(response(valid101(offering).add("Sec-WebSocket-Protocol", "v2")))))
                    .contains("v2");
            failed(offering.validate(response(valid101(offering).add("Sec-WebSocket-Protocol", "CHAT"))));
        }

        @Test
        void aSubprotocolWhenNoneWasOfferedFails() {
            failed(plain.validate(response(valid101(plain).add("Sec-WebSocket-Protocol", "chat"))));
        }

        @Test
        void severalSubprotocolsFail() {
            failed(offering.validate(response(valid101(offering).add("Sec-WebSocket-Protocol", "chat, superchat"))));
            failed(offering.validate(response(valid101(offering)
                    .add("Sec-WebSocket-Protocol", "chat").add("Sec-WebSocket-Protocol", "chat"))));
        }

        @Test
        void anEmptySubprotocolFails() {
            failed(offering.validate(response(valid101(offering).add("Sec-WebSocket-Protocol", ""))));
        }
    }

    @Nested
    class Section41Step5Extensions {
        private final FakeExtensions.Client foo = new FakeExtensions.Client("foo", Extension.RSV1,
                List.of(ExtensionSpec.of("foo")), answer -> answer.parameters().isEmpty());
        private final FakeExtensions.Client bar = FakeExtensions.Client.simple("bar", Extension.RSV2);
        private final ClientHandshake client = ClientHandshake.builder("h", "/")
                .extensions(List.of(foo, bar)).build();

        private ClientHandshake.Outcome answer(String... fields) {
            HttpHeaders.Builder h = valid101(client);
            for (String f : fields) {
                h.add("Sec-WebSocket-Extensions", f);
            }
            return client.validate(response(h));
        }

        @Test
        void acceptedExtensionsAreBuiltInTheServersOrder() {
            ClientHandshake.Accepted a = accepted(answer("bar", "foo"));
            assertThat(a.extensions()).extracting(Extension::name).containsExactly("bar", "foo");
            assertThat(a.extensions()).allSatisfy(e -> assertThat(((FakeExtensions.Fake) e).released()).isFalse());
        }

        @Test
        void noExtensionsHeaderMeansNoExtensions() {
            assertThat(accepted(answer()).extensions()).isEmpty();
        }

        @Test
        void anExtensionNeverOfferedFails() {
            assertThat(failed(answer("foo, x-unknown"))).contains("x-unknown");
            assertThat(foo.built).isEmpty();
        }

        @Test
        void anExtensionNamedTwiceFails() {
            failed(answer("foo", "foo"));
            assertThat(foo.built).isEmpty();
        }

        @Test
        void aFactoryRefusingTheAnswerFailsAndReleasesWhatWasBuilt() {
            String reason = failed(answer("bar, foo; x=1"));
            assertThat(reason).contains("foo").contains("unacceptable parameters");
            assertThat(bar.built).singleElement().satisfies(e -> assertThat(e.releases()).isEqualTo(1));
        }

        @Test
        void extensionsClaimingTheSameRsvBitFailAndAreReleased() {
            FakeExtensions.Client a = FakeExtensions.Client.simple("a", Extension.RSV1);
            FakeExtensions.Client b = FakeExtensions.Client.simple("b", Extension.RSV1);
            ClientHandshake c = ClientHandshake.builder("h", "/").extensions(List.of(a, b)).build();
            failed(c.validate(response(valid101(c).add("Sec-WebSocket-Extensions", "a, b"))));
            assertThat(a.built.get(0).released()).isTrue();
            assertThat(b.built.get(0).released()).isTrue();
        }

        @Test
        void section91AMalformedAnswerFails() {
            assertThat(failed(answer("foo;"))).startsWith("malformed Sec-WebSocket-Extensions");
            assertThat(failed(answer(""))).startsWith("malformed Sec-WebSocket-Extensions");
        }
    }
}
