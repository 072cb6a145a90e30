package io.duplex.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpLimits;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;

/**
 * Coverage-guided fuzzing of the HTTP head parser and the server handshake: any bytes, in any
 * chunking, end as "need more", a parsed head, or a 400/431; a parsed head always gets a response that
 * our own response parser reads back whole.
 *
 * <p>In {@code mvn verify} this runs the stored inputs only. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl duplex-protocol test -Dtest=HandshakeFuzzTest}; each run stops after
 * {@code maxDuration} and the next one resumes from the corpus it saved.
 */
class HandshakeFuzzTest {

    private static final String CRLF = "\\x0D\\x0A";
    private static final ServerHandshake HANDSHAKE = ServerHandshake.builder().subprotocols(List.of("chat")).build();

    // Whole header lines, so that the fuzzer reaches the handshake rules and not only the parser's.
    // Whole header lines, so that the fuzzer reaches the handshake rules and not only the parser's.
    // Entries go to a libFuzzer dictionary file, whose syntax spells CR LF as \x0D\x0A.
    @DictionaryEntries({"GET /chat HTTP/1.1" + CRLF, "Host: server.example.com" + CRLF, "Upgrade: websocket" + CRLF,
            "Connection: keep-alive, Upgrade" + CRLF, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" + CRLF,
            "Sec-WebSocket-Version: 13" + CRLF, "Sec-WebSocket-Protocol: chat, superchat" + CRLF,
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits" + CRLF, CRLF, "; ", ", "})
    @FuzzTest(maxDuration = "30s")
    void requestHeadAndHandshake(FuzzedDataProvider data) {
        HttpHeadParser<HttpRequestHead> parser = HttpHeadParser.forRequest(new HttpLimits(1024, 16));
        HttpHeadParser.Result<HttpRequestHead> result = new HttpHeadParser.NeedMore<>();
        while (data.remainingBytes() > 0 && result instanceof HttpHeadParser.NeedMore) {
            ByteBuffer chunk = ByteBuffer.wrap(data.consumeBytes(data.consumeInt(1, 64)));
            result = parser.parse(chunk);
        }
        if (result instanceof HttpHeadParser.Failed<HttpRequestHead> failed) {
            assertThat(failed.status()).isIn(400, 431);
            assertThat(ServerHandshake.reject(failed).response().status()).isIn(400, 431);
            return;
        }
        if (result instanceof HttpHeadParser.Complete<HttpRequestHead> complete) {
            ServerHandshake.Outcome outcome = HANDSHAKE.accept(complete.head());
            byte[] wire = outcome.response().toBytes();
            HttpHeadParser<HttpResponseHead> back = HttpHeadParser.forResponse(new HttpLimits(64 * 1024, 100));
            HttpHeadParser.Result<HttpResponseHead> reread = back.parse(ByteBuffer.wrap(wire));
            assertThat(reread).isInstanceOf(HttpHeadParser.Complete.class);
            assertThat(((HttpHeadParser.Complete<HttpResponseHead>) reread).head().status())
                    .isEqualTo(outcome.response().status());
        }
    }
}
