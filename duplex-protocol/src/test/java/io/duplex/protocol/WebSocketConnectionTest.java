package io.duplex.protocol;

import static io.duplex.protocol.Engines.events;
import static io.duplex.protocol.Engines.output;
import static io.duplex.protocol.Frames.hex;
import static io.duplex.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.close.CloseState;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.message.PreparedMessage;

/** The engine, rule by rule, named after the sections of RFC 6455 that state them. */
class WebSocketConnectionTest {

    static final int KEY = 0x37fa213d;

    static WebSocketConnection server() {
        return WebSocketConnection.server();
    }

    static WebSocketConnection server(EngineSettings settings, Extension... extensions) {
        return new WebSocketConnection(Role.SERVER, settings, List.of(extensions), null);
    }

    static WebSocketConnection client() {
        return new WebSocketConnection(Role.CLIENT, EngineSettings.defaults(), List.of(), MaskingKeySource.fixed(KEY));
    }

    /** A masked client frame, as a server receives it. */
    static byte[] clientFrame(boolean fin, int rsv, int opcode, byte[] payload) {
        return Frames.stream().frame(fin, rsv, opcode, payload, KEY).bytes();
    }

    static void assertFailedWith(WebSocketConnection c, int code) {
        List<ProtocolEvent> ev = events(c);
        assertThat(ev).filteredOn(ProtocolEvent.Failure.class::isInstance)
                .singleElement().extracting(e -> ((ProtocolEvent.Failure) e).closeCode()).isEqualTo(code);
        assertThat(ev.get(ev.size() - 1)).isEqualTo(new ProtocolEvent.Closed(CloseCode.ABNORMAL_CLOSURE, "", false));
        assertThat(c.state()).isEqualTo(CloseState.CLOSED);
        assertThat(c.shouldCloseTransport()).isTrue();
        byte[] out = output(c);
        // The Close frame sent carries the code (unmasked, from a server).
        assertThat(out[0]).isEqualTo((byte) 0x88);
        assertThat(((out[2] & 0xFF) << 8) | (out[3] & 0xFF)).isEqualTo(code);
    }

    static void receive(WebSocketConnection c, byte[]... frames) {
        for (byte[] f : frames) {
            c.receive(ByteBuffer.wrap(f));
        }
    }

    @Nested
    class Section5_1_Masking {
        @Test
        void serverFailsAnUnmaskedFrame() {
            WebSocketConnection c = server();
            receive(c, hex("81 05 48 65 6c 6c 6f"));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void clientFailsAMaskedFrame() {
            WebSocketConnection c = client();
            receive(c, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
            List<ProtocolEvent> ev = events(c);
            assertThat(ev.get(0)).isInstanceOf(ProtocolEvent.Failure.class);
            assertThat(((ProtocolEvent.Failure) ev.get(0)).closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR);
            assertThat(c.shouldCloseTransport()).isTrue();
        }

        @Test
        void serverReadsAMaskedFrame() {
            WebSocketConnection c = server();
            receive(c, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Text("Hello"));
        }

        @Test
        void clientMasksEveryFrameWithAFreshKeyAndServerDoesNot() {
            WebSocketConnection cl = new WebSocketConnection(Role.CLIENT, EngineSettings.defaults(), List.of(),
                    MaskingKeySource.secure());
            cl.sendText("Hello");
            cl.sendText("Hello");
            byte[] out = output(cl);
            assertThat(out).hasSize(2 * 11);
            assertThat(out[1] & 0x80).isEqualTo(0x80);
            assertThat(Arrays.copyOfRange(out, 2, 6)).isNotEqualTo(Arrays.copyOfRange(out, 13, 17));
            WebSocketConnection s = server();
            receive(s, out);
            assertThat(events(s)).containsExactly(new ProtocolEvent.Text("Hello"), new ProtocolEvent.Text("Hello"));

            s.sendText("Hello");
            assertThat(output(s)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        }

        @Test
        void preEncodedTextIsSentAsText() {
            WebSocketConnection s = server();
            s.sendUtf8Text(ByteBuffer.wrap(utf8("Hello")));
            assertThat(output(s)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        }

        @Test
        void clientNeverModifiesTheCallersBuffer() {
            WebSocketConnection cl = client();
            byte[] data = {1, 2, 3, 4, 5};
            cl.sendBinary(ByteBuffer.wrap(data));
            output(cl);
            assertThat(data).containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Nested
    class Section5_2_BaseFraming {
        @ParameterizedTest
        @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
        void reservedOpcodeFails(int opcode) {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, opcode, new byte[0]));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @ParameterizedTest
        @ValueSource(ints = {0x40, 0x20, 0x10, 0x70})
        void rsvBitWithoutExtensionFails(int rsv) {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, rsv, 1, utf8("x")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void sixtyFourBitLengthWithTopBitSetFails() {
            WebSocketConnection c = server();
            receive(c, hex("82 FF 8000000000000000 37fa213d"));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void nonMinimalLengthFails() {
            WebSocketConnection c = server();
            receive(c, Frames.stream().frame(true, 0, 2, new byte[5], KEY, 2).bytes());
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
            WebSocketConnection d = server();
            receive(d, Frames.stream().frame(true, 0, 2, new byte[300], KEY, 8).bytes());
            assertFailedWith(d, CloseCode.PROTOCOL_ERROR);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 1 << 20})
        void everyLengthFormIsRead(int length) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) 7);
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 2, payload));
            List<ProtocolEvent> ev = events(c);
            assertThat(ev).hasSize(1);
            ByteBuffer data = ((ProtocolEvent.Binary) ev.get(0)).data();
            assertThat(data.remaining()).isEqualTo(length);
            assertThat(data).isEqualTo(ByteBuffer.wrap(payload));
        }

        @Test
        void afterAFailureFurtherInputIsDiscarded() {
            WebSocketConnection c = server();
            receive(c, hex("81 05 48 65 6c 6c 6f"));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
            receive(c, clientFrame(true, 0, 1, utf8("later")));
            assertThat(events(c)).isEmpty();
            assertThat(c.hasOutput()).isFalse();
        }
    }

    @Nested
    class Section5_4_Fragmentation {
        @Test
        void fragmentsAreReassembledWithControlFramesBetween() {
            WebSocketConnection c = server();
            receive(c, clientFrame(false, 0, 1, utf8("Hel")), clientFrame(true, 0, 9, utf8("p")),
                    clientFrame(false, 0, 0, utf8("l")), clientFrame(true, 0, 0xA, new byte[0]),
                    clientFrame(true, 0, 0, utf8("o")));
            assertThat(Engines.describe(events(c))).containsExactly("Ping[70]", "Pong[]", "Text[text=Hello]");
            // The Ping was answered with a Pong carrying the same data (section 5.5.2).
            assertThat(output(c)).isEqualTo(hex("8a 01 70"));
        }

        @Test
        void continuationWithoutStartFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 0, utf8("x")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void newMessageInsideUnfinishedOneFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(false, 0, 1, utf8("a")), clientFrame(true, 0, 2, utf8("b")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void emptyFragmentsMakeAnEmptyMessage() {
            WebSocketConnection c = server();
            receive(c, clientFrame(false, 0, 2, new byte[0]), clientFrame(false, 0, 0, new byte[0]),
                    clientFrame(true, 0, 0, new byte[0]));
            assertThat(Engines.describe(events(c))).containsExactly("Binary[]");
        }

        @Test
        void outgoingMessagesAreFragmentedWhenAsked() {
            WebSocketConnection s = server(EngineSettings.defaults().withOutgoingFragmentSize(2));
            s.sendText("Hello");
            assertThat(output(s)).isEqualTo(hex("01 02 48 65  00 02 6c 6c  80 01 6f"));
        }

        @Test
        void streamedFragmentsFormOneMessage() {
            WebSocketConnection s = server();
            s.sendFragment(true, ByteBuffer.wrap(utf8("Hel")), false);
            s.ping(ByteBuffer.allocate(0));
            s.sendFragment(true, ByteBuffer.wrap(utf8("lo")), true);
            assertThat(output(s)).isEqualTo(hex("01 03 48 65 6c  89 00  80 02 6c 6f"));
        }

        @Test
        void aWholeMessageInsideAStreamedOneIsRefused() {
            WebSocketConnection s = server();
            s.sendFragment(false, ByteBuffer.wrap(new byte[1]), false);
            assertThatThrownBy(() -> s.sendText("x")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> s.sendFragment(true, ByteBuffer.allocate(1), true))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Section5_5_ControlFrames {
        @Test
        void fragmentedControlFrameFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(false, 0, 9, utf8("x")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void controlFrameOver125BytesFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 9, new byte[126]));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void controlFrameOf125BytesIsFine() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 9, new byte[125]));
            assertThat(events(c)).singleElement().isInstanceOf(ProtocolEvent.Ping.class);
            assertThat(output(c)).hasSize(2 + 125);
        }

        @Test
        void sendingAnOversizedControlFrameIsRefused() {
            WebSocketConnection s = server();
            assertThatThrownBy(() -> s.ping(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void autoPongCanBeTurnedOff() {
            WebSocketConnection c = server(EngineSettings.defaults().withAutoPong(false));
            receive(c, clientFrame(true, 0, 9, utf8("p")));
            assertThat(events(c)).singleElement().isInstanceOf(ProtocolEvent.Ping.class);
            assertThat(c.hasOutput()).isFalse();
        }
    }

    @Nested
    class Section5_5_1_Close {
        @Test
        void peerInitiatedCloseIsEchoedAndServerClosesTransport() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, hex("03e8 627965")));
            // Half-closed: the answer is due, and goes out when the output is taken.
            assertThat(c.state()).isEqualTo(CloseState.CLOSE_RECEIVED);
            assertThat(c.hasOutput()).isTrue();
            assertThat(output(c)).isEqualTo(hex("88 02 03e8"));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1000, "bye", true));
            assertThat(c.state()).isEqualTo(CloseState.CLOSED);
            assertThat(c.shouldCloseTransport()).isTrue();
        }

        @Test
        void repliesToMessagesBeforeTheCloseGoOutAheadOfItsAnswer() {
            WebSocketConnection c = server();
            // A message and the Close arrive in one read; the handler of the message replies after.
            receive(c, Frames.stream().frame(true, 0, 1, utf8("hi"), KEY).frame(true, 0, 8, hex("03e8"), KEY).bytes());
            assertThat(events(c)).containsExactly(new ProtocolEvent.Text("hi"));
            assertThat(c.sendText("hi")).isTrue();
            assertThat(output(c)).isEqualTo(hex("81 02 6869  88 02 03e8"));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1000, "", true));
            assertThat(c.sendText("late")).isFalse();
        }

        @Test
        void theApplicationMayAnswerTheCloseWithItsOwnCode() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, hex("03e8")));
            assertThat(c.close(4001, "mine")).isTrue();
            assertThat(output(c)).isEqualTo(hex("88 06 0fa1 6d696e65"));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1000, "", true));
        }

        @Test
        void transportEndingBeforeTheAnswerKeepsTheCodeReceived() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, hex("03e9")));
            c.receiveEof();
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1001, "", false));
        }

        @Test
        void emptyCloseIsReported1005AndAnsweredEmpty() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, new byte[0]));
            assertThat(output(c)).isEqualTo(hex("88 00"));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1005, "", true));
        }

        @Test
        void locallyInitiatedCloseWaitsForThePeer() {
            WebSocketConnection c = server();
            assertThat(c.close(4000, "done")).isTrue();
            assertThat(output(c)).isEqualTo(hex("88 06 0fa0 646f6e65"));
            assertThat(c.state()).isEqualTo(CloseState.CLOSE_SENT);
            assertThat(c.shouldCloseTransport()).isFalse();
            // Data from the peer that crossed our Close is still delivered.
            receive(c, clientFrame(true, 0, 1, utf8("late")));
            receive(c, clientFrame(true, 0, 8, hex("0fa0")));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Text("late"),
                    new ProtocolEvent.Closed(4000, "", true));
            assertThat(c.shouldCloseTransport()).isTrue();
            assertThat(c.hasOutput()).isFalse();
        }

        @Test
        void noDataFrameIsSentAfterAClose() {
            WebSocketConnection c = server();
            c.close(1000, "");
            output(c);
            assertThat(c.sendText("x")).isFalse();
            assertThat(c.sendBinary(ByteBuffer.allocate(1))).isFalse();
            assertThat(c.ping(ByteBuffer.allocate(0))).isFalse();
            assertThat(c.close(1000, "")).isFalse();
            assertThat(c.hasOutput()).isFalse();
        }

        @Test
        void nothingAfterAReceivedCloseIsRead() {
            WebSocketConnection c = server();
            byte[] both = Frames.stream().frame(true, 0, 8, hex("03e8"), KEY).frame(true, 0, 1, utf8("x"), KEY).bytes();
            receive(c, both);
            output(c);
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1000, "", true));
        }

        @Test
        void clientWaitsForTheServerToCloseTransport() {
            WebSocketConnection c = client();
            c.close(1000, "");
            output(c);
            receive(c, hex("88 02 03e8"));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1000, "", true));
            assertThat(c.shouldCloseTransport()).isFalse();
            c.receiveEof();
            assertThat(events(c)).isEmpty();
        }

        @Test
        void transportEndingBeforeTheHandshakeIsAbnormal() {
            WebSocketConnection c = server();
            c.receiveEof();
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(1006, "", false));
            assertThat(c.shouldCloseTransport()).isTrue();
        }

        @Test
        void oneBytePayloadFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, hex("03")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
        void invalidCloseCodeFails(int code) {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, new byte[] {(byte) (code >> 8), (byte) code}));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @ParameterizedTest
        @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
        void validCloseCodeIsEchoed(int code) {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, new byte[] {(byte) (code >> 8), (byte) code}));
            byte[] out = output(c);
            assertThat(events(c)).containsExactly(new ProtocolEvent.Closed(code, "", true));
            assertThat(((out[2] & 0xFF) << 8) | (out[3] & 0xFF)).isEqualTo(code);
        }

        @Test
        void invalidUtf8ReasonFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 8, hex("03e8 ff")));
            assertFailedWith(c, CloseCode.INVALID_PAYLOAD);
        }

        @Test
        void reasonLimitsWhenSending() {
            WebSocketConnection c = server();
            assertThatThrownBy(() -> c.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.close(1005, "")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.close(1006, "")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.close(1015, "")).isInstanceOf(IllegalArgumentException.class);
            assertThat(c.close(1000, "é".repeat(61) + "x")).isTrue(); // 123 bytes exactly
        }
    }

    @Nested
    class Section8_1_Utf8 {
        @Test
        void invalidByteFailsInANonFinalFragment() {
            WebSocketConnection c = server();
            receive(c, clientFrame(false, 0, 1, hex("48 c0")));
            assertFailedWith(c, CloseCode.INVALID_PAYLOAD);
        }

        @Test
        void codePointSplitAcrossFragmentsIsFine() {
            WebSocketConnection c = server();
            byte[] euro = utf8("€"); // e2 82 ac
            receive(c, clientFrame(false, 0, 1, new byte[] {euro[0]}), clientFrame(false, 0, 0, new byte[] {euro[1]}),
                    clientFrame(true, 0, 0, new byte[] {euro[2]}));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Text("€"));
        }

        @Test
        void messageEndingInsideACodePointFails() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 1, hex("e2 82")));
            assertFailedWith(c, CloseCode.INVALID_PAYLOAD);
        }

        @Test
        void binaryIsNotValidated() {
            WebSocketConnection c = server();
            receive(c, clientFrame(true, 0, 2, hex("ff fe")));
            assertThat(Engines.describe(events(c))).containsExactly("Binary[fffe]");
        }
    }

    @Nested
    class Section10_4_Limits {
        @Test
        void frameLargerThanTheLimitFails1009BeforeItsPayloadArrives() {
            WebSocketConnection c = server(EngineSettings.defaults().withMaxMessageSize(1000));
            // Only the header of a 1001-byte frame: the engine must not wait for the payload.
            receive(c, Arrays.copyOf(clientFrame(true, 0, 2, new byte[1001]), 8));
            assertFailedWith(c, CloseCode.MESSAGE_TOO_BIG);
        }

        @Test
        void messageLargerThanTheLimitAcrossFragmentsFails1009() {
            WebSocketConnection c = server(EngineSettings.defaults().withMaxMessageSize(1000));
            receive(c, clientFrame(false, 0, 2, new byte[600]), clientFrame(true, 0, 0, new byte[401]));
            assertFailedWith(c, CloseCode.MESSAGE_TOO_BIG);
        }

        @Test
        void messageOfExactlyTheLimitIsAccepted() {
            WebSocketConnection c = server(EngineSettings.defaults().withMaxMessageSize(1000));
            receive(c, clientFrame(false, 0, 2, new byte[600]), clientFrame(true, 0, 0, new byte[400]));
            assertThat(events(c)).singleElement().isInstanceOf(ProtocolEvent.Binary.class);
        }

        @Test
        void hugeAnnouncedLengthWaitsForItsPayload() {
            WebSocketConnection c = server(EngineSettings.defaults().withMaxMessageSize(EngineSettings.MAX_SUPPORTED_SIZE));
            c.receive(ByteBuffer.wrap(hex("82 FF 000000007FFFFFF7 37fa213d")));
            c.receive(ByteBuffer.allocate(10));
            assertThat(events(c)).isEmpty();
            assertThat(c.state()).isEqualTo(CloseState.OPEN);
        }
    }

    @Nested
    class Section9_Extensions {
        /** Claims RSV1 and reverses the payload of messages that carry it. */
        final class Reverser implements Extension {
            int released;

            @Override
            public String name() {
                return "x-reverse";
            }

            @Override
            public ExtensionSpec negotiated() {
                return ExtensionSpec.of(name());
            }

            @Override
            public int rsvBits() {
                return RSV1;
            }

            @Override
            public Encoded encode(boolean text, ByteBuffer payload, int rsv) {
                return new Encoded(reversed(payload), rsv | RSV1);
            }

            @Override
            public ByteBuffer decode(boolean text, ByteBuffer payload, int rsv, long max) throws ExtensionException {
                if ((rsv & RSV1) == 0) {
                    return payload;
                }
                if (payload.remaining() > 0 && payload.get(payload.position()) == '!') {
                    throw new ExtensionException(CloseCode.INVALID_PAYLOAD, "bang");
                }
                return reversed(payload);
            }

            @Override
            public void release() {
                released++;
            }

            private ByteBuffer reversed(ByteBuffer in) {
                byte[] b = new byte[in.remaining()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = in.get(in.limit() - 1 - i);
                }
                return ByteBuffer.wrap(b);
            }
        }

        @Test
        void claimedRsvBitIsAcceptedAndDecoded() {
            Reverser ext = new Reverser();
            WebSocketConnection c = server(EngineSettings.defaults(), ext);
            receive(c, clientFrame(false, 0x40, 1, utf8("ol")), clientFrame(true, 0, 0, utf8("leH")));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Text("Hello"));
        }

        @Test
        void unclaimedRsvBitStillFails() {
            WebSocketConnection c = server(EngineSettings.defaults(), new Reverser());
            receive(c, clientFrame(true, 0x20, 1, utf8("x")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void rsvOnContinuationOrControlFails() {
            WebSocketConnection c = server(EngineSettings.defaults(), new Reverser());
            receive(c, clientFrame(false, 0x40, 1, utf8("a")), clientFrame(true, 0x40, 0, utf8("b")));
            assertFailedWith(c, CloseCode.PROTOCOL_ERROR);
            WebSocketConnection d = server(EngineSettings.defaults(), new Reverser());
            receive(d, clientFrame(true, 0x40, 9, new byte[0]));
            assertFailedWith(d, CloseCode.PROTOCOL_ERROR);
        }

        @Test
        void transformedTextIsValidatedAfterDecoding() {
            WebSocketConnection c = server(EngineSettings.defaults(), new Reverser());
            // "ac 82 e2" reversed is "e2 82 ac", the euro sign: invalid as received, valid once decoded.
            receive(c, clientFrame(true, 0x40, 1, hex("ac 82 e2")));
            assertThat(events(c)).containsExactly(new ProtocolEvent.Text("€"));
        }

        @Test
        void extensionFailureBecomesTheCloseCode() {
            WebSocketConnection c = server(EngineSettings.defaults(), new Reverser());
            receive(c, clientFrame(true, 0x40, 1, utf8("!x")));
            assertFailedWith(c, CloseCode.INVALID_PAYLOAD);
        }

        @Test
        void outgoingMessagesAreEncodedWithTheirRsvBitsAndExtensionsReleasedOnClose() {
            Reverser ext = new Reverser();
            WebSocketConnection s = server(EngineSettings.defaults(), ext);
            s.sendText("abc");
            assertThat(output(s)).isEqualTo(hex("c1 03 636261"));
            receive(s, clientFrame(true, 0, 8, new byte[0]));
            output(s);
            assertThat(ext.released).isEqualTo(1);
        }
    }

    /** A message sent to many connections (a broadcast): encoded once, not once per connection. */
    @Nested
    class PreparedMessages {

        @Test
        void everyServerConnectionSendsTheSameFrameEncodedOnce() {
            PreparedMessage message = PreparedMessage.text("tick");
            byte[] first = null;
            for (int i = 0; i < 5; i++) {
                WebSocketConnection s = server();
                assertThat(s.sendPrepared(message)).isTrue();
                byte[] out = output(s);
                assertThat(out).isEqualTo(hex("81 04 7469636b"));
                first = first == null ? out : first;
            }
            assertThat(message.encodingCount()).as("one frame for all five").isEqualTo(1);
            assertThat(message.payload()).isEqualTo(ByteBuffer.wrap(utf8("tick")));
        }

        @Test
        void aClientMasksEachSendWithItsOwnKeyAndEncodesNothingShared() {
            PreparedMessage message = PreparedMessage.binary(ByteBuffer.wrap(utf8("tick")));
            WebSocketConnection c = client();
            c.sendPrepared(message);
            // Section 5.3: masked with the client's key (0x37fa213d here), never the shared bytes.
            assertThat(output(c)).isEqualTo(hex("82 84 37fa213d 43934256"));
            assertThat(message.encodingCount()).isZero();
            assertThat(message.payload()).isEqualTo(ByteBuffer.wrap(utf8("tick")));
        }

        @Test
        void anExtensionThatTransformsGetsItsOwnFrame() {
            PreparedMessage message = PreparedMessage.text("abc");
            WebSocketConnection s = server(EngineSettings.defaults(), new Section9_Extensions().new Reverser());
            s.sendPrepared(message);
            assertThat(output(s)).isEqualTo(hex("c1 03 636261"));
            WebSocketConnection plain = server();
            plain.sendPrepared(message);
            assertThat(output(plain)).isEqualTo(hex("81 03 616263"));
            assertThat(message.encodingCount()).as("only the untransformed frame is shared").isEqualTo(1);
        }

        @Test
        void aLargeMessageIsNotCopiedIntoAFrame() {
            byte[] big = new byte[64 * 1024 + 1];
            PreparedMessage message = PreparedMessage.binary(ByteBuffer.wrap(big));
            WebSocketConnection s = server();
            s.sendPrepared(message);
            byte[] out = output(s);
            // Section 5.2: 127 and a 64-bit length, then the payload as it was.
            assertThat(Arrays.copyOf(out, 10)).isEqualTo(hex("82 7f 0000000000010001"));
            assertThat(out).hasSize(10 + big.length);
            assertThat(message.encodingCount()).as("each connection writes its own header").isZero();
        }

        @Test
        void aMessageLongerThanTheFragmentSizeIsFragmentedPerConnection() {
            PreparedMessage message = PreparedMessage.text("abcdef");
            WebSocketConnection s = server(new EngineSettings(EngineSettings.DEFAULT_MAX_MESSAGE_SIZE,
                    EngineSettings.DEFAULT_MAX_MESSAGE_SIZE, 4, true));
            s.sendPrepared(message);
            assertThat(output(s)).isEqualTo(hex("01 04 61626364 80 02 6566"));
            assertThat(message.encodingCount()).isZero();
        }
    }

    @Nested
    class PairedInMemory {
        @Test
        void clientAndServerExchangeEverything() {
            WebSocketConnection cl = WebSocketConnection.client();
            WebSocketConnection sv = WebSocketConnection.server();
            byte[] big = new byte[200_000];
            new java.util.Random(1).nextBytes(big);
            cl.sendText("héllo");
            cl.sendBinary(ByteBuffer.wrap(big));
            cl.ping(ByteBuffer.wrap(utf8("p")));
            Engines.transfer(cl, sv);
            List<ProtocolEvent> got = events(sv);
            assertThat(got.get(0)).isEqualTo(new ProtocolEvent.Text("héllo"));
            assertThat(((ProtocolEvent.Binary) got.get(1)).data()).isEqualTo(ByteBuffer.wrap(big));
            assertThat(got.get(2)).isInstanceOf(ProtocolEvent.Ping.class);
            Engines.transfer(sv, cl); // the automatic Pong
            assertThat(Engines.describe(events(cl))).containsExactly("Pong[70]");

            sv.close(1001, "going");
            Engines.transfer(sv, cl);
            Engines.transfer(cl, sv); // the client's answer goes out as its output is taken
            assertThat(events(cl)).containsExactly(new ProtocolEvent.Closed(1001, "going", true));
            assertThat(events(sv)).containsExactly(new ProtocolEvent.Closed(1001, "", true));
            assertThat(sv.shouldCloseTransport()).isTrue();
            assertThat(cl.shouldCloseTransport()).isFalse();
        }

        @Test
        void failureReasonIsCutToFitACloseFrame() {
            assertThat(WebSocketConnection.truncateUtf8("é".repeat(100), 123).getBytes(StandardCharsets.UTF_8))
                    .hasSize(122);
        }
    }
}
