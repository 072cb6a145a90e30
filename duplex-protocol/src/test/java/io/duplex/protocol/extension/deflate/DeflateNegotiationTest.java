package io.duplex.protocol.extension.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.extension.ExtensionHeaderParser;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpVersion;

/** Negotiating permessage-deflate, RFC 7692 section 7.1: offers, responses, accept, decline, fail. */
class DeflateNegotiationTest {

    static ExtensionSpec spec(String header) {
        var parsed = ExtensionHeaderParser.parse(header);
        return ((ExtensionHeaderParser.Parsed) parsed).extensions().get(0);
    }

    static String serverAnswer(DeflateOptions options, String offer) {
        Optional<Extension> e = new PerMessageDeflateServer(options, new ZlibPool(0)).accept(spec(offer));
        return e.map(x -> x.negotiated().toHeaderValue()).orElse("declined");
    }

    @Nested
    class Section7_1_Parameters {

        @ParameterizedTest
        @ValueSource(strings = {
            "permessage-deflate; foo",                                  // unknown parameter
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover", // twice
            "permessage-deflate; client_no_context_takeover=1",         // a value where none is allowed
            "permessage-deflate; server_no_context_takeover=\"x\"",
            "permessage-deflate; server_max_window_bits",               // 7.1.2.1: a value is required
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=08",            // no leading zero
            "permessage-deflate; client_max_window_bits=0",
            "permessage-deflate; client_max_window_bits=abc",
            "permessage-deflate; client_max_window_bits=10; client_max_window_bits=11"})
        void anInvalidOfferIsDeclinedNotFailed(String offer) {
            assertThat(serverAnswer(DeflateOptions.defaults(), offer)).isEqualTo("declined");
        }

        @Test
        void quotedValuesAreAccepted() throws Exception {
            assertThat(DeflateParameters.parse(spec("permessage-deflate; server_max_window_bits=\"10\"")))
                    .isEqualTo(new DeflateParameters(false, false, 10, DeflateParameters.ABSENT));
        }

        @Test
        void everyParameterRoundTrips() throws Exception {
            DeflateParameters all = new DeflateParameters(true, true, 9, DeflateParameters.NO_VALUE);
            assertThat(all.toSpec().toHeaderValue()).isEqualTo("permessage-deflate; server_no_context_takeover; "
                    + "client_no_context_takeover; server_max_window_bits=9; client_max_window_bits");
            assertThat(DeflateParameters.parse(all.toSpec())).isEqualTo(all);
        }
    }

    @Nested
    class TheServersResponse {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "permessage-deflate | permessage-deflate",
            // 7.1.1.1: an offered server_no_context_takeover must be in the response.
            "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
            // 7.1.1.2: the client's hint is confirmed.
            "permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
            // 7.1.2.1: the offered limit on the server's window is accepted with the same value.
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=8 | permessage-deflate; server_max_window_bits=8",
            // 7.1.2.2: client_max_window_bits only says the client could take a limit; none is asked.
            "permessage-deflate; client_max_window_bits | permessage-deflate",
            "permessage-deflate; client_max_window_bits=12 | permessage-deflate",
            "PerMessage-Deflate; Server_No_Context_Takeover | permessage-deflate; server_no_context_takeover"})
        void withTheDefaults(String offer, String response) {
            assertThat(serverAnswer(DeflateOptions.defaults(), offer)).isEqualTo(response);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            // Dropping our own history may always be announced; so may asking the client to drop its.
            "permessage-deflate | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            // A smaller window for the client only when the offer allows it, and never above its value.
            "permessage-deflate; client_max_window_bits | permessage-deflate; server_no_context_takeover; "
                    + "client_no_context_takeover; client_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=9 | permessage-deflate; server_no_context_takeover; "
                    + "client_no_context_takeover",
            // Our smaller window wins over the offered one.
            "permessage-deflate; server_max_window_bits=14 | permessage-deflate; server_no_context_takeover; "
                    + "client_no_context_takeover; server_max_window_bits=11"})
        void withFrugalOptions(String offer, String response) {
            DeflateOptions frugal = DeflateOptions.defaults().withContextTakeover(false).withPeerContextTakeover(false)
                    .withMaxWindowBits(11).withPeerMaxWindowBits(10);
            assertThat(serverAnswer(frugal, offer)).isEqualTo(response);
        }

        @Test
        void theFirstAcceptableOfferAmongSeveralWins() {
            ServerHandshake handshake = ServerHandshake.builder()
                    .extensions(List.of(new PerMessageDeflateServer(DeflateOptions.defaults()))).build();
            HttpHeaders headers = HttpHeaders.of("Host", "example.com", "Upgrade", "websocket",
                    "Connection", "Upgrade", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                    "Sec-WebSocket-Version", "13", "Sec-WebSocket-Extensions",
                    "permessage-deflate; bogus, permessage-deflate; server_max_window_bits=12, permessage-deflate");
            var outcome = handshake.accept(new HttpRequestHead("GET", "/", HttpVersion.HTTP_1_1, headers));
            assertThat(outcome).isInstanceOfSatisfying(ServerHandshake.Accepted.class, a -> {
                assertThat(a.response().headers().first("Sec-WebSocket-Extensions").orElseThrow())
                        .isEqualTo("permessage-deflate; server_max_window_bits=12");
                a.extensions().forEach(Extension::release);
            });
        }
    }

    @Nested
    class TheClientsCheckOfTheAnswer {

        final PerMessageDeflateClient plain = new PerMessageDeflateClient(DeflateOptions.defaults(), new ZlibPool(0));
        final PerMessageDeflateClient asking = new PerMessageDeflateClient(DeflateOptions.defaults()
                .withPeerContextTakeover(false).withPeerMaxWindowBits(10), new ZlibPool(0));

        @Test
        void theOffers() {
            assertThat(plain.offers()).extracting(ExtensionSpec::toHeaderValue)
                    .containsExactly("permessage-deflate; client_max_window_bits");
            assertThat(asking.offers()).extracting(ExtensionSpec::toHeaderValue).containsExactly(
                    "permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_max_window_bits");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "permessage-deflate",
            "permessage-deflate; server_no_context_takeover",      // a server may add it (7.1.1.1)
            "permessage-deflate; client_no_context_takeover",      // and this one (7.1.1.2)
            "permessage-deflate; client_max_window_bits=8",        // offered without a value: any value
            "permessage-deflate; server_max_window_bits=12"})
        void allowedAnswersAreAccepted(String answer) throws Exception {
            Extension e = plain.accept(spec(answer));
            assertThat(e.negotiated().toHeaderValue()).isEqualTo(answer);
            e.release();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "permessage-deflate; client_max_window_bits",          // 7.1.2.2: a response gives a value
            "permessage-deflate; x=1",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover"})
        void answersThePlainOfferDidNotAllowFailWith1010(String answer) {
            assertThatThrownBy(() -> plain.accept(spec(answer))).isInstanceOfSatisfying(ExtensionException.class,
                    e -> assertThat(e.closeCode()).isEqualTo(CloseCode.MANDATORY_EXTENSION));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "permessage-deflate; server_max_window_bits=10",                            // no takeover missing
            "permessage-deflate; server_no_context_takeover",                           // window missing
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=11"}) // window too large
        void answersIgnoringWhatWasAskedFail(String answer) {
            assertThatThrownBy(() -> asking.accept(spec(answer))).isInstanceOf(ExtensionException.class);
        }

        @Test
        void anAnswerHonouringTheRequestIsAccepted() throws Exception {
            asking.accept(spec("permessage-deflate; server_no_context_takeover; server_max_window_bits=9")).release();
        }
    }
}
