package io.duplex.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.ProtocolEvent;
import io.duplex.protocol.Role;
import io.duplex.protocol.WebSocketConnection;
import io.duplex.protocol.close.CloseState;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.protocol.extension.deflate.DeflateParameters;
import io.duplex.protocol.extension.deflate.PerMessageDeflateClient;
import io.duplex.protocol.frame.FrameHeader;
import io.duplex.protocol.frame.FrameParser;
import io.duplex.protocol.frame.MaskingKeySource;

/**
 * Coverage-guided fuzzing of the engine: whatever bytes arrive, cut however, the engine throws
 * nothing, ends every failure with a Close, reports nothing after {@code Closed}, and writes only
 * well-formed frames.
 *
 * <p>In {@code mvn verify} this runs the stored inputs only (Jazzer's regression mode). To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl duplex-protocol test -Dtest=EngineFuzzTest#server}; each run stops
 * by itself after {@code maxDuration} and the next one resumes from the corpus it saved.
 */
class EngineFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void server(FuzzedDataProvider data) {
        exercise(Role.SERVER, data);
    }

    @FuzzTest(maxDuration = "30s")
    void client(FuzzedDataProvider data) {
        exercise(Role.CLIENT, data);
    }

    /**
     * A client with permessage-deflate agreed, with fuzzed parameters: compressed input of any shape
     * (bombs included, capped by the small message limit), and compressed output that must still be
     * well-formed frames.
     */
    @FuzzTest(maxDuration = "30s")
    void deflate(FuzzedDataProvider data) throws Exception {
        DeflateParameters agreed = new DeflateParameters(data.consumeBoolean(), data.consumeBoolean(),
                data.consumeBoolean() ? DeflateParameters.ABSENT : data.consumeInt(8, 15),
                data.consumeBoolean() ? DeflateParameters.ABSENT : data.consumeInt(8, 15));
        Extension deflate = new PerMessageDeflateClient(DeflateOptions.defaults().withMinimumSize(1))
                .accept(agreed.toSpec());
        try {
            exercise(Role.CLIENT, data, List.of(deflate));
        } finally {
            deflate.release();
        }
    }

    private static void exercise(Role role, FuzzedDataProvider data) {
        exercise(role, data, List.of());
    }

    private static void exercise(Role role, FuzzedDataProvider data, List<Extension> extensions) {
        // Small limits so that the fuzzer reaches the 1009 paths.
        EngineSettings settings = EngineSettings.defaults()
                .withMaxMessageSize(data.consumeInt(0, 4096))
                .withOutgoingFragmentSize(data.consumeInt(0, 64));
        WebSocketConnection engine = new WebSocketConnection(role, settings, extensions,
                role == Role.CLIENT ? MaskingKeySource.fixed(0x01020304) : null);
        List<ProtocolEvent> events = new ArrayList<>();
        List<ByteBuffer> output = new ArrayList<>();
        while (data.remainingBytes() > 0) {
            int action = data.consumeInt(0, 9);
            if (action < 7) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 512));
                engine.receive(ByteBuffer.wrap(chunk));
            } else if (action == 7) {
                engine.sendText(data.consumeString(64));
            } else if (action == 8) {
                engine.ping(ByteBuffer.wrap(data.consumeBytes(125)));
            } else {
                engine.close(1000, "");
            }
            drain(engine, events);
            output.addAll(List.of(engine.takeOutput()));
        }
        engine.receiveEof();
        drain(engine, events);
        output.addAll(List.of(engine.takeOutput()));

        assertThat(engine.state()).isEqualTo(CloseState.CLOSED);
        for (ProtocolEvent e : events) {
            if (e instanceof ProtocolEvent.Binary b) {
                assertThat((long) b.data().remaining()).isLessThanOrEqualTo(settings.maxMessageSize());
            } else if (e instanceof ProtocolEvent.Text t) {
                assertThat((long) t.text().length()).isLessThanOrEqualTo(settings.maxMessageSize());
            }
        }
        assertThat(events).filteredOn(ProtocolEvent.Closed.class::isInstance).hasSize(1);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ProtocolEvent.Closed.class);
        int failure = indexOf(events, ProtocolEvent.Failure.class);
        if (failure >= 0) {
            assertThat(events.get(failure + 1)).isInstanceOf(ProtocolEvent.Closed.class);
        }
        int claimed = extensions.stream().mapToInt(Extension::rsvBits).reduce(0, (a, b) -> a | b);
        assertWellFormed(output, role, claimed);
    }

    private static void drain(WebSocketConnection engine, List<ProtocolEvent> events) {
        ProtocolEvent e;
        while ((e = engine.nextEvent()) != null) {
            events.add(e);
        }
    }

    private static int indexOf(List<ProtocolEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What the engine wrote parses as frames masked per role, with at most one Close, last, and RSV
     * bits only those an extension claims, only on the first frame of a data message.
     */
    private static void assertWellFormed(List<ByteBuffer> output, Role role, int claimedRsv) {
        int total = output.stream().mapToInt(ByteBuffer::remaining).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        output.forEach(all::put);
        all.flip();
        List<FrameHeader> headers = new ArrayList<>();
        new FrameParser().parse(all, new FrameParser.Handler() {
            @Override
            public boolean onHeader(FrameHeader header) {
                headers.add(header);
                return true;
            }

            @Override
            public boolean onPayload(ByteBuffer payload) {
                return true;
            }

            @Override
            public boolean onFrameEnd(FrameHeader header) {
                return true;
            }
        });
        assertThat(all.hasRemaining()).isFalse();
        for (int i = 0; i < headers.size(); i++) {
            FrameHeader h = headers.get(i);
            assertThat(h.masked()).isEqualTo(role == Role.CLIENT);
            boolean firstOfMessage = h.opcodeCode() == 0x1 || h.opcodeCode() == 0x2;
            assertThat(h.rsv() & ~(firstOfMessage ? claimedRsv : 0)).isZero();
            assertThat(h.usesMinimalLength()).isTrue();
            if (h.opcode().isControl()) {
                assertThat(h.payloadLength()).isLessThanOrEqualTo(125);
            }
            if (h.opcodeCode() == 0x8) {
                assertThat(i).as("Close is the last frame written").isEqualTo(headers.size() - 1);
            }
        }
    }
}
