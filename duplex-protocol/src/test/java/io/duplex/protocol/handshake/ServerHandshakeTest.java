package io.duplex.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionParameter;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpVersion;

/** The server handshake, one test per rule of RFC 6455 sections 4.2.1, 4.2.2, 4.4 and 9.1. */
class ServerHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final ServerHandshake plain = ServerHandshake.builder().build();

    /** The required headers of a valid request. */
    static HttpHeaders.Builder valid() {
        return HttpHeaders.builder()
                .add("Host", "server.example.com")
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", KEY)
                .add("Sec-WebSocket-Version", "13");
    }

    static HttpRequestHead get(HttpHeaders.Builder headers) {
        return new HttpRequestHead("GET", "/chat", HttpVersion.HTTP_1_1, headers.build());
    }

    static ServerHandshake.Accepted accepted(ServerHandshake.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ServerHandshake.Accepted.class);
        return (ServerHandshake.Accepted) outcome;
    }

    static ServerHandshake.Rejected rejected(ServerHandshake.Outcome outcome, int status) {
        assertThat(outcome).isInstanceOf(ServerHandshake.Rejected.class);
        ServerHandshake.Rejected rejected = (ServerHandshake.Rejected) outcome;
        assertThat(rejected.response().status()).isEqualTo(status);
        assertThat(rejected.problem().status()).isEqualTo(status);
        assertThat(rejected.response().headers().first("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(new String(rejected.response().body(), StandardCharsets.UTF_8)).isEqualTo(rejected.reason() + "\n");
        return rejected;
    }

    @Test
    void rfc6455Section13ExampleHandshake() {
        byte[] requestBytes = """
                GET /chat HTTP/1.1
                Host: server.example.com
                Upgrade: websocket
                Connection: Upgrade
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
                Origin: http://example.com
                Sec-WebSocket-Protocol: chat, superchat
                Sec-WebSocket-Version: 13

                """.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        HttpHeadParser.Result<HttpRequestHead> parsed = HttpHeadParser.forRequest().parse(ByteBuffer.wrap(requestBytes));
        HttpRequestHead request = ((HttpHeadParser.Complete<HttpRequestHead>) parsed).head();

        ServerHandshake server = ServerHandshake.builder().subprotocols("chat").build();
        ServerHandshake.Accepted accepted = accepted(server.accept(request));

        assertThat(accepted.subprotocol()).isEqualTo("chat");
        assertThat(accepted.extensions()).isEmpty();
        assertThat(new String(accepted.response().toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("""
                HTTP/1.1 101 Switching Protocols
                Upgrade: websocket
                Connection: Upgrade
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
                Sec-WebSocket-Protocol: chat

                """.replace("\n", "\r\n"));
    }

    @Nested
    class Section421Item1Method {
        @ParameterizedTest
        @ValueSource(strings = {"POST", "HEAD", "PUT", "get", "CONNECT"})
        void aMethodOtherThanGetIs405WithAllowGet(String method) {
            HttpRequestHead request = new HttpRequestHead(method, "/chat", HttpVersion.HTTP_1_1, valid().build());
            ServerHandshake.Rejected r = rejected(plain.accept(request), 405);
            assertThat(r.problem()).isEqualTo(RequestProblem.METHOD_NOT_GET);
            assertThat(r.response().headers().all("Allow")).containsExactly("GET");
        }
    }

    @Nested
    class Section421Item1HttpVersion {
        @Test
        void http10Is400() {
            HttpRequestHead request = new HttpRequestHead("GET", "/chat", HttpVersion.HTTP_1_0, valid().build());
            assertThat(rejected(plain.accept(request), 400).problem()).isEqualTo(RequestProblem.HTTP_VERSION_TOO_OLD);
        }

        @Test
        void laterVersionsAreAccepted() {
            for (HttpVersion v : List.of(HttpVersion.HTTP_1_1, new HttpVersion(1, 2), new HttpVersion(2, 0))) {
                accepted(plain.accept(new HttpRequestHead("GET", "/chat", v, valid().build())));
            }
        }
    }

    @Nested
    class Section421Item2Host {
        @Test
        void missingHostIs400() {
            assertThat(rejected(plain.accept(get(valid().remove("Host"))), 400).problem())
                    .isEqualTo(RequestProblem.BAD_HOST);
        }

        @Test
        void twoHostsAre400() {
            rejected(plain.accept(get(valid().add("host", "other.example.com"))), 400);
        }

        @Test
        void anEmptyHostIs400() {
            rejected(plain.accept(get(valid().set("Host", ""))), 400);
        }
    }

    @Nested
    class Section421Item3Upgrade {
        @Test
        void missingUpgradeIs426NamingWebsocket() {
            ServerHandshake.Rejected r = rejected(plain.accept(get(valid().remove("Upgrade"))), 426);
            assertThat(r.problem()).isEqualTo(RequestProblem.NOT_AN_UPGRADE);
            assertThat(r.response().headers().all("Upgrade")).containsExactly("websocket");
            assertThat(r.response().headers().all("Connection")).containsExactly("Upgrade");
        }

        @Test
        void anUpgradeToAnotherProtocolIs426() {
            rejected(plain.accept(get(valid().set("Upgrade", "h2c"))), 426);
        }

        @ParameterizedTest
        @ValueSource(strings = {"WebSocket", "WEBSOCKET", "h2c, websocket", " websocket "})
        void websocketIsMatchedCaseInsensitivelyAmongTheTokens(String upgrade) {
            accepted(plain.accept(get(valid().set("Upgrade", upgrade))));
        }
    }

    @Nested
    class Section421Item4Connection {
        @Test
        void missingConnectionIs400() {
            assertThat(rejected(plain.accept(get(valid().remove("Connection"))), 400).problem())
                    .isEqualTo(RequestProblem.CONNECTION_NOT_UPGRADE);
        }

        @Test
        void connectionWithoutUpgradeIs400() {
            rejected(plain.accept(get(valid().set("Connection", "keep-alive"))), 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {"upgrade", "keep-alive, Upgrade", "UPGRADE,keep-alive"})
        void theUpgradeTokenIsMatchedCaseInsensitivelyAmongTheTokens(String connection) {
            accepted(plain.accept(get(valid().set("Connection", connection))));
        }

        @Test
        void theTokenMayBeInALaterConnectionField() {
            accepted(plain.accept(get(valid().set("Connection", "keep-alive").add("Connection", "Upgrade"))));
        }
    }

    @Nested
    class Section421Item5Key {
        @Test
        void missingKeyIs400() {
            assertThat(rejected(plain.accept(get(valid().remove("Sec-WebSocket-Key"))), 400).problem())
                    .isEqualTo(RequestProblem.BAD_KEY);
        }

        @Test
        void twoKeysAre400() {
            rejected(plain.accept(get(valid().add("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA=="))), 400);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "",
            "not base64 at all!!!!!!!",
            "AQIDBAUGBwgJCgsMDQ4P",         // 15 bytes
            "AQIDBAUGBwgJCgsMDQ4PEBE=",     // 17 bytes
            "AQIDBAUGBwgJCgsMDQ4PEA",       // 16 bytes without the padding section 4.3 requires
            "AQIDBAUGBwgJCgsMDQ4PEA==AA==", // trailing data
            "AQIDBAUGBwgJCgsMDQ4P-A==",     // the URL-safe alphabet
        })
        void aKeyThatIsNotTheBase64Of16BytesIs400(String key) {
            rejected(plain.accept(get(valid().set("Sec-WebSocket-Key", key))), 400);
        }

        @Test
        void theKeyOfSection41Item7IsAccepted() {
            // RFC 6455 section 4.1, item 7: the bytes 1 to 16 give "AQIDBAUGBwgJCgsMDQ4PEC==".
            accepted(plain.accept(get(valid().set("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEC=="))));
            accepted(plain.accept(get(valid().set("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA=="))));
        }
    }

    @Nested
    class Section421Item6Version {
        @Test
        void missingVersionIs400NamingVersion13() {
            ServerHandshake.Rejected r = rejected(plain.accept(get(valid().remove("Sec-WebSocket-Version"))), 400);
            assertThat(r.problem()).isEqualTo(RequestProblem.MISSING_VERSION);
            assertThat(r.response().headers().all("Sec-WebSocket-Version")).containsExactly("13");
        }

        @ParameterizedTest
        @ValueSource(strings = {"8", "25", "13, 8", "013", "", "14"})
        void section44AnotherVersionIs426NamingVersion13(String version) {
            ServerHandshake.Rejected r = rejected(plain.accept(get(valid().set("Sec-WebSocket-Version", version))), 426);
            assertThat(r.problem()).isEqualTo(RequestProblem.UNSUPPORTED_VERSION);
            assertThat(r.response().headers().all("Sec-WebSocket-Version")).containsExactly("13");
        }

        @Test
        void twoVersionFieldsAre426() {
            rejected(plain.accept(get(valid().add("Sec-WebSocket-Version", "8"))), 426);
        }
    }

    @Nested
    class Section422Subprotocol {
        private final ServerHandshake server = ServerHandshake.builder().subprotocols("v2", "chat").build();

        @Test
        void theFirstServerPreferredProtocolTheClientOfferedIsChosen() {
            ServerHandshake.Accepted a = accepted(server.accept(get(valid().add("Sec-WebSocket-Protocol", "chat, v2"))));
            assertThat(a.subprotocol()).isEqualTo("v2");
            assertThat(a.response().headers().all("Sec-WebSocket-Protocol")).containsExactly("v2");
        }

        @Test
        void offersFromEveryFieldCount() {
            ServerHandshake.Accepted a = accepted(server.accept(get(valid()
                    .add("Sec-WebSocket-Protocol", "superchat").add("Sec-WebSocket-Protocol", "chat"))));
            assertThat(a.subprotocol()).isEqualTo("chat");
        }

        @Test
        void noCommonProtocolMeansNoProtocolHeader() {
            ServerHandshake.Accepted a = accepted(server.accept(get(valid().add("Sec-WebSocket-Protocol", "superchat"))));
            assertThat(a.subprotocol()).isNull();
            assertThat(a.response().headers().contains("Sec-WebSocket-Protocol")).isFalse();
        }

        @Test
        void noOfferMeansNoProtocolHeaderAndTheSelectorIsNotAsked() {
            ServerHandshake asking = ServerHandshake.builder().subprotocolSelector(offered -> {
                throw new AssertionError("asked with " + offered);
            }).build();
            ServerHandshake.Accepted a = accepted(asking.accept(get(valid())));
            assertThat(a.subprotocol()).isNull();
            assertThat(a.response().headers().contains("Sec-WebSocket-Protocol")).isFalse();
        }

        @Test
        void protocolsAreComparedCaseSensitively() {
            assertThat(accepted(server.accept(get(valid().add("Sec-WebSocket-Protocol", "CHAT")))).subprotocol()).isNull();
        }

        @Test
        void aSelectorChoosingAProtocolTheClientDidNotOfferIs500AndSendsNothingOfIt() {
            ServerHandshake rogue = ServerHandshake.builder().subprotocolSelector(offered -> Optional.of("admin")).build();
            ServerHandshake.Rejected r = rejected(rogue.accept(get(valid().add("Sec-WebSocket-Protocol", "chat"))), 500);
            assertThat(r.problem()).isEqualTo(RequestProblem.SUBPROTOCOL_NOT_OFFERED);
            assertThat(r.response().headers().contains("Sec-WebSocket-Protocol")).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " , ", "chat v2", "chat, \"v2\"", "chat/1"})
        void section41Item10AProtocolListThatIsNotTokensIs400(String field) {
            ServerHandshake.Rejected r = rejected(server.accept(get(valid().add("Sec-WebSocket-Protocol", field))), 400);
            assertThat(r.problem()).isEqualTo(RequestProblem.MALFORMED_SUBPROTOCOLS);
        }
    }

    @Nested
    class Section91Extensions {
        private final FakeExtensions.Server foo = FakeExtensions.Server.noParams("foo", Extension.RSV1);
        private final FakeExtensions.Server bar = FakeExtensions.Server.noParams("bar", Extension.RSV2);
        private final ServerHandshake server = ServerHandshake.builder().extensions(List.of(foo, bar)).build();

        private ServerHandshake.Accepted offer(String... fields) {
            HttpHeaders.Builder h = valid();
            for (String f : fields) {
                h.add("Sec-WebSocket-Extensions", f);
            }
            return accepted(server.accept(get(h)));
        }

        @Test
        void noOfferMeansNoExtensionsAndNoHeader() {
            ServerHandshake.Accepted a = offer();
            assertThat(a.extensions()).isEmpty();
            assertThat(a.response().headers().contains("Sec-WebSocket-Extensions")).isFalse();
        }

        @Test
        void acceptedExtensionsAreListedInOneHeaderInTheClientsOrder() {
            ServerHandshake.Accepted a = offer("bar, foo");
            assertThat(a.extensions()).extracting(Extension::name).containsExactly("bar", "foo");
            assertThat(a.response().headers().all("Sec-WebSocket-Extensions")).containsExactly("bar, foo");
        }

        @Test
        void theFirstAcceptableOfferOfANameWins() {
            ServerHandshake.Accepted a = offer("foo, foo; x=1");
            assertThat(a.extensions()).singleElement().extracting(Extension::negotiated).isEqualTo(ExtensionSpec.of("foo"));
            assertThat(foo.seen).containsExactly(ExtensionSpec.of("foo"));
        }

        @Test
        void aDeclinedOfferLeadsToTheNextOfferOfTheSameName() {
            ServerHandshake.Accepted a = offer("foo; x=1", "foo");
            assertThat(a.extensions()).singleElement().extracting(Extension::negotiated).isEqualTo(ExtensionSpec.of("foo"));
            assertThat(foo.seen).hasSize(2);
            assertThat(a.response().headers().all("Sec-WebSocket-Extensions")).containsExactly("foo");
        }

        @Test
        void everyOfferDeclinedMeansNoExtension() {
            ServerHandshake.Accepted a = offer("foo; x=1, bar; y");
            assertThat(a.extensions()).isEmpty();
            assertThat(a.response().headers().contains("Sec-WebSocket-Extensions")).isFalse();
        }

        @Test
        void unknownExtensionsAreIgnored() {
            ServerHandshake.Accepted a = offer("x-unknown; a=1, foo, permessage-deflate");
            assertThat(a.extensions()).extracting(Extension::name).containsExactly("foo");
        }

        @Test
        void extensionNamesMatchCaseInsensitively() {
            assertThat(offer("FOO").extensions()).extracting(Extension::name).containsExactly("FOO");
        }

        @Test
        void anExtensionWhoseRsvBitsAreTakenIsSkippedAndReleased() {
            FakeExtensions.Server alsoRsv1 = FakeExtensions.Server.noParams("baz", Extension.RSV1 | Extension.RSV3);
            ServerHandshake s = ServerHandshake.builder().extensions(List.of(foo, alsoRsv1, bar)).build();
            ServerHandshake.Accepted a = accepted(s.accept(get(valid().add("Sec-WebSocket-Extensions", "foo, baz, bar"))));
            assertThat(a.extensions()).extracting(Extension::name).containsExactly("foo", "bar");
            assertThat(alsoRsv1.built).singleElement().satisfies(e -> assertThat(e.released()).isTrue());
            assertThat(foo.built.get(0).released()).isFalse();
            assertThat(a.response().headers().all("Sec-WebSocket-Extensions")).containsExactly("foo, bar");
        }

        @Test
        void negotiatedParametersAreWrittenAsTheExtensionSaysThem() {
            FakeExtensions.Server withParams = new FakeExtensions.Server("pmd", Extension.RSV1, offer -> true);
            ServerHandshake s = ServerHandshake.builder().extensions(List.of(withParams)).build();
            ServerHandshake.Accepted a = accepted(s.accept(get(valid()
                    .add("Sec-WebSocket-Extensions", "pmd; client_max_window_bits; server_max_window_bits=\"10\""))));
            assertThat(a.extensions().get(0).negotiated().parameters()).containsExactly(
                    ExtensionParameter.flag("client_max_window_bits"), new ExtensionParameter("server_max_window_bits", "10"));
            assertThat(a.response().headers().all("Sec-WebSocket-Extensions"))
                    .containsExactly("pmd; client_max_window_bits; server_max_window_bits=10");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "foo;", "foo; x=\"a b\"", "foo bar", ",,"})
        void malformedExtensionsAre400(String field) {
            ServerHandshake.Rejected r = rejected(server.accept(get(valid().add("Sec-WebSocket-Extensions", field))), 400);
            assertThat(r.problem()).isEqualTo(RequestProblem.MALFORMED_EXTENSIONS);
            assertThat(foo.seen).isEmpty();
        }

        @Test
        void aFactoryThatThrowsReleasesTheExtensionsAlreadyAccepted() {
            FakeExtensions.Server broken = new FakeExtensions.Server("broken", 0, offer -> {
                throw new IllegalStateException("bug");
            });
            ServerHandshake s = ServerHandshake.builder().extensions(List.of(foo, broken)).build();
            HttpRequestHead request = get(valid().add("Sec-WebSocket-Extensions", "foo, broken"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.accept(request))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(foo.built.get(0).released()).isTrue();
        }
    }

    @Nested
    class UnparsableHeads {
        @Test
        void aHeadOverTheLimitsIs431() {
            ServerHandshake.Rejected r = ServerHandshake.reject(new HttpHeadParser.Failed<>(431, "too big"));
            assertThat(rejected(r, 431).problem()).isEqualTo(RequestProblem.HEAD_TOO_LARGE);
        }

        @Test
        void aMalformedHeadIs400() {
            ServerHandshake.Rejected r = ServerHandshake.reject(new HttpHeadParser.Failed<>(400, "bare LF"));
            assertThat(rejected(r, 400).reason()).isEqualTo("bare LF");
        }
    }

    @Test
    void errorResponsesCarryTheirLengthSoTheClientKnowsWhereTheyEnd() {
        HttpResponseHead response = rejected(plain.accept(get(valid().remove("Host"))), 400).response();
        String text = new String(response.toBytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("\r\nContent-Length: " + response.body().length + "\r\n")
                .endsWith("\r\n\r\n" + new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void everyProblemHasItsOneStatus() {
        assertThat(RequestProblem.METHOD_NOT_GET.status()).isEqualTo(405);
        assertThat(RequestProblem.NOT_AN_UPGRADE.status()).isEqualTo(426);
        assertThat(RequestProblem.UNSUPPORTED_VERSION.status()).isEqualTo(426);
        assertThat(RequestProblem.HEAD_TOO_LARGE.status()).isEqualTo(431);
        assertThat(RequestProblem.SUBPROTOCOL_NOT_OFFERED.status()).isEqualTo(500);
        for (RequestProblem p : new RequestProblem[] {RequestProblem.MALFORMED_HEAD, RequestProblem.HTTP_VERSION_TOO_OLD,
            RequestProblem.BAD_HOST, RequestProblem.CONNECTION_NOT_UPGRADE, RequestProblem.BAD_KEY,
            RequestProblem.MISSING_VERSION, RequestProblem.MALFORMED_SUBPROTOCOLS, RequestProblem.MALFORMED_EXTENSIONS}) {
            assertThat(p.status()).as(p.name()).isEqualTo(400);
        }
    }
}
