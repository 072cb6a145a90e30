package io.duplex.protocol.extension.deflate;

import static io.duplex.protocol.Frames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.Engines;
import io.duplex.protocol.ProtocolEvent;
import io.duplex.protocol.Role;
import io.duplex.protocol.WebSocketConnection;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.message.PreparedMessage;

/** permessage-deflate on the engine, from RFC 7692 section 7.2 and its examples in 7.2.3. */
class PerMessageDeflateTest {

    static final DeflateOptions EVERY_MESSAGE = DeflateOptions.defaults().withMinimumSize(1);

    static PerMessageDeflate extension(Role role, DeflateParameters agreed, DeflateOptions options) {
        return new PerMessageDeflate(agreed, role, options, new ZlibPool(4));
    }

    static WebSocketConnection engine(Role role, PerMessageDeflate deflate, EngineSettings settings) {
        return new WebSocketConnection(role, settings, List.of(deflate),
                role == Role.CLIENT ? MaskingKeySource.fixed(0) : null);
    }

    static WebSocketConnection client(DeflateParameters agreed) {
        return engine(Role.CLIENT, extension(Role.CLIENT, agreed, EVERY_MESSAGE), EngineSettings.defaults());
    }

    static WebSocketConnection server(DeflateParameters agreed) {
        return engine(Role.SERVER, extension(Role.SERVER, agreed, EVERY_MESSAGE), EngineSettings.defaults());
    }

    /** A client frame from an unmasked one: mask bit set, key 0 (so the payload reads the same). */
    static byte[] masked(byte[] frame) {
        int headerLength = (frame[1] & 0x7F) == 126 ? 4 : 2;
        byte[] out = new byte[frame.length + 4];
        System.arraycopy(frame, 0, out, 0, headerLength);
        out[1] |= (byte) 0x80;
        System.arraycopy(frame, headerLength, out, headerLength + 4, frame.length - headerLength);
        return out;
    }

    static List<ProtocolEvent> receive(WebSocketConnection c, byte[]... frames) {
        for (byte[] f : frames) {
            c.receive(ByteBuffer.wrap(f));
        }
        return Engines.events(c);
    }

    static ProtocolEvent.Text text(String s) {
        return new ProtocolEvent.Text(s);
    }

    @Nested
    class Section7_2_3_Examples {

        @Test
        void section7_2_3_1_aMessageCompressedIn1Frame() {
            assertThat(receive(client(DeflateParameters.none()), hex("c1 07 f2 48 cd c9 c9 07 00")))
                    .containsExactly(text("Hello"));
        }

        /** "Hello" comes out of our compressor as in the example (on the wire it would not: it grows). */
        @Test
        void section7_2_3_1_isWhatOurCompressorMakes() {
            MessageCompressor compressor = new MessageCompressor(new ZlibPool(1), Deflater.DEFAULT_COMPRESSION, true, 15);
            assertThat(bytes(compressor.compress(ByteBuffer.wrap(utf8("Hello"))))).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        }

        @Test
        void section7_2_3_1_aCompressedMessageIn2Fragments() {
            assertThat(receive(client(DeflateParameters.none()), hex("41 03 f2 48 cd"), hex("80 04 c9 c9 07 00")))
                    .containsExactly(text("Hello"));
        }

        @Test
        void section7_2_3_2_sharingTheLz77SlidingWindow() {
            assertThat(receive(client(DeflateParameters.none()), hex("c1 07 f2 48 cd c9 c9 07 00"),
                    hex("c1 05 f2 00 11 00 00"))).containsExactly(text("Hello"), text("Hello"));
        }

        @Test
        void section7_2_3_2_withContextTakeoverOurSecondHelloIsTheShortOne() {
            MessageCompressor compressor = new MessageCompressor(new ZlibPool(1), Deflater.DEFAULT_COMPRESSION, true, 15);
            compressor.compress(ByteBuffer.wrap(utf8("Hello")));
            assertThat(bytes(compressor.compress(ByteBuffer.wrap(utf8("Hello"))))).isEqualTo(hex("f2 00 11 00 00"));
        }

        @Test
        void section7_2_3_2_withoutContextTakeoverBothHellosAreTheSame() {
            MessageCompressor compressor = new MessageCompressor(new ZlibPool(1), Deflater.DEFAULT_COMPRESSION, false, 15);
            compressor.compress(ByteBuffer.wrap(utf8("Hello")));
            assertThat(bytes(compressor.compress(ByteBuffer.wrap(utf8("Hello"))))).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
        }

        @Test
        void onTheWireAMessageThatShrinksCarriesRsv1AndTheSecondUsesTheFirst() {
            String message = "Hello, Hello, Hello, Hello, Hello";
            WebSocketConnection server = server(DeflateParameters.none());
            server.sendText(message);
            server.sendText(message);
            byte[] out = Engines.output(server);
            int first = 2 + out[1];
            assertThat(out[0] & 0xFF).as("FIN, RSV1, text").isEqualTo(0xC1);
            assertThat(out[first] & 0xFF).isEqualTo(0xC1);
            assertThat(out[first + 1]).as("the second refers to the first").isLessThan(out[1]);
            assertThat(receive(client(DeflateParameters.none()), out)).containsExactly(text(message), text(message));
        }

        @Test
        void section7_2_3_3_aDeflateBlockWithNoCompression() {
            assertThat(receive(client(DeflateParameters.none()), hex("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00")))
                    .containsExactly(text("Hello"));
        }

        @Test
        void section7_2_3_4_aDeflateBlockWithBfinalSet() {
            WebSocketConnection client = client(DeflateParameters.none());
            assertThat(receive(client, hex("c1 08 f3 48 cd c9 c9 07 00 00"))).containsExactly(text("Hello"));
            // The stream ended; the next message starts a new one and may still refer to the window.
            assertThat(receive(client, hex("c1 05 f2 00 11 00 00"))).containsExactly(text("Hello"));
        }

        @Test
        void section7_2_3_5_twoDeflateBlocksIn1Message() {
            assertThat(receive(client(DeflateParameters.none()),
                    hex("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00"))).containsExactly(text("Hello"));
        }

        @Test
        void aCompressedEmptyMessage() {
            // An empty DEFLATE block: "00" with the tail appended inflates to nothing.
            assertThat(receive(client(DeflateParameters.none()), hex("c1 01 00"))).containsExactly(text(""));
            assertThat(receive(client(DeflateParameters.none()), hex("c1 00"))).containsExactly(text(""));
        }
    }

    @Nested
    class Section6_RsvBitsAndUncompressedMessages {

        @Test
        void anEmptyMessageGoesUncompressed() {
            WebSocketConnection server = server(DeflateParameters.none());
            server.sendText("");
            assertThat(Engines.output(server)).isEqualTo(hex("81 00"));
        }

        @Test
        void aMessageThatDoesNotShrinkGoesUncompressedAndTheNextStillDecodes() {
            byte[] noise = new byte[1000];
            new Random(1).nextBytes(noise);
            WebSocketConnection server = server(DeflateParameters.none());
            WebSocketConnection client = client(DeflateParameters.none());
            String hello = "Hello, Hello, Hello, Hello, Hello";
            server.sendText(hello);
            server.sendBinary(ByteBuffer.wrap(noise));
            server.sendText(hello);
            byte[] out = Engines.output(server);
            // The noise frame: FIN + binary, no RSV1, 16-bit length 1000, the bytes as they were.
            int at = 2 + out[1];
            assertThat(out[at] & 0xFF).isEqualTo(0x82);
            assertThat(out[at + 4]).isEqualTo(noise[0]);
            client.receive(ByteBuffer.wrap(out));
            List<ProtocolEvent> events = Engines.events(client);
            assertThat(events).hasSize(3);
            assertThat(events.get(0)).isEqualTo(text(hello));
            assertThat(((ProtocolEvent.Binary) events.get(1)).data()).isEqualTo(ByteBuffer.wrap(noise));
            assertThat(events.get(2)).isEqualTo(text(hello));
        }

        @Test
        void messagesBelowTheMinimumSizeGoUncompressed() {
            WebSocketConnection server = engine(Role.SERVER, extension(Role.SERVER, DeflateParameters.none(),
                    DeflateOptions.defaults().withMinimumSize(6)), EngineSettings.defaults());
            server.sendText("Hello");
            assertThat(Engines.output(server)).isEqualTo(hex("81 05 48 65 6c 6c 6f"));
        }

        @Test
        void anUncompressedMessageIsReadAsItCame() {
            assertThat(receive(server(DeflateParameters.none()), masked(hex("81 05 48 65 6c 6c 6f"))))
                    .containsExactly(text("Hello"));
        }

        @Test
        void rsv1OnAControlFrameIs1002() {
            assertThat(receive(server(DeflateParameters.none()), masked(hex("c9 00"))))
                    .first().isInstanceOfSatisfying(ProtocolEvent.Failure.class,
                            f -> assertThat(f.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR));
        }

        @Test
        void rsv1OnAContinuationFrameIs1002() {
            assertThat(receive(client(DeflateParameters.none()), hex("41 03 f2 48 cd"), hex("c0 04 c9 c9 07 00")))
                    .first().isInstanceOfSatisfying(ProtocolEvent.Failure.class,
                            f -> assertThat(f.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR));
        }

        @Test
        void rsv2IsNotClaimedByPermessageDeflateAndIs1002() {
            assertThat(receive(client(DeflateParameters.none()), hex("a1 05 48 65 6c 6c 6f")))
                    .first().isInstanceOfSatisfying(ProtocolEvent.Failure.class,
                            f -> assertThat(f.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR));
        }

        @Test
        void invalidDeflateDataIs1007() {
            assertThat(receive(client(DeflateParameters.none()), hex("c1 03 ff ff ff")))
                    .first().isInstanceOfSatisfying(ProtocolEvent.Failure.class,
                            f -> assertThat(f.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD));
        }

        @Test
        void compressedTextThatInflatesToInvalidUtf8Is1007() {
            WebSocketConnection server = server(DeflateParameters.none());
            server.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xC0, (byte) 0xAF}));
            byte[] frame = Engines.output(server);
            frame[0] = (byte) 0xC1; // the same compressed bytes, now as a text message
            assertThat(receive(client(DeflateParameters.none()), frame))
                    .first().isInstanceOfSatisfying(ProtocolEvent.Failure.class,
                            f -> assertThat(f.closeCode()).isEqualTo(CloseCode.INVALID_PAYLOAD));
        }
    }

    @Nested
    class TheInflatedSizeCap {

        @Test
        void aSmallFrameThatInflatesPastTheLimitIs1009() {
            byte[] zeros = new byte[10 << 20];
            WebSocketConnection sender = server(DeflateParameters.none());
            sender.sendBinary(ByteBuffer.wrap(zeros));
            byte[] bomb = Engines.output(sender);
            assertThat(bomb.length).as("10 MiB of zeros compress to a few KiB").isLessThan(16 << 10);
            WebSocketConnection receiver = engine(Role.CLIENT, extension(Role.CLIENT, DeflateParameters.none(),
                    EVERY_MESSAGE), EngineSettings.defaults().withMaxMessageSize(1 << 20));
            List<ProtocolEvent> events = receive(receiver, bomb);
            assertThat(events).first().isInstanceOfSatisfying(ProtocolEvent.Failure.class,
                    f -> assertThat(f.closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG));
            assertThat(events).last().isInstanceOf(ProtocolEvent.Closed.class);
        }

        @Test
        void aMessageOfExactlyTheLimitPasses() {
            byte[] zeros = new byte[1 << 20];
            WebSocketConnection sender = server(DeflateParameters.none());
            sender.sendBinary(ByteBuffer.wrap(zeros));
            WebSocketConnection receiver = engine(Role.CLIENT, extension(Role.CLIENT, DeflateParameters.none(),
                    EVERY_MESSAGE), EngineSettings.defaults().withMaxMessageSize(1 << 20));
            List<ProtocolEvent> events = receive(receiver, Engines.output(sender));
            assertThat(events).singleElement().isInstanceOfSatisfying(ProtocolEvent.Binary.class,
                    b -> assertThat(b.data().remaining()).isEqualTo(1 << 20));
        }
    }

    @Nested
    class RoundTrips {

        /** Messages both ways between a client and a server that agreed on these parameters. */
        @ParameterizedTest(name = "server_no_takeover={0} client_no_takeover={1} server_bits={2} client_bits={3}")
        @CsvSource({
            "false, false, -1, -1", "true, false, -1, -1", "false, true, -1, -1", "true, true, -1, -1",
            "false, false, 8, 8", "false, false, 9, 12", "true, true, 10, 15", "false, false, 15, 9"})
        void everyMessageArrivesIntact(boolean serverNoTakeover, boolean clientNoTakeover, int serverBits,
                                       int clientBits) {
            DeflateParameters agreed = new DeflateParameters(serverNoTakeover, clientNoTakeover, serverBits, clientBits);
            WebSocketConnection server = server(agreed);
            WebSocketConnection client = client(agreed);
            Random random = new Random(serverBits * 31 + clientBits);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String message = message(random, i);
                sent.add(message);
                (i % 2 == 0 ? server : client).sendText(message);
                Engines.transfer(i % 2 == 0 ? server : client, i % 2 == 0 ? client : server);
            }
            List<String> received = new ArrayList<>();
            List<ProtocolEvent> serverEvents = Engines.events(server);
            List<ProtocolEvent> clientEvents = Engines.events(client);
            for (int i = 0, s = 0, c = 0; i < sent.size(); i++) {
                ProtocolEvent e = i % 2 == 0 ? clientEvents.get(c++) : serverEvents.get(s++);
                received.add(((ProtocolEvent.Text) e).text());
            }
            assertThat(received).isEqualTo(sent);
        }

        /** JSON-like text of varied sizes, repetitive within and across messages, with some noise. */
        String message(Random random, int i) {
            StringBuilder sb = new StringBuilder();
            int records = 1 + random.nextInt(i % 7 == 0 ? 2000 : 40);
            for (int r = 0; r < records; r++) {
                sb.append("{\"symbol\":\"SYM").append(random.nextInt(50)).append("\",\"price\":")
                        .append(random.nextInt(100000) / 100.0).append(",\"note\":\"")
                        .append(Long.toString(random.nextLong(), 36)).append("\"},");
            }
            return sb.toString();
        }

        @Test
        void aWindowOf2ToTheNBytesIsNeverExceeded() {
            // Long-range repetition that a 2^15 window would exploit: with 2^9, the distance limit holds.
            byte[] block = new byte[600];
            new Random(3).nextBytes(block);
            byte[] twice = new byte[1200];
            System.arraycopy(block, 0, twice, 0, 600);
            System.arraycopy(block, 0, twice, 600, 600);
            MessageCompressor small = new MessageCompressor(new ZlibPool(1), Deflater.DEFAULT_COMPRESSION, true, 9);
            MessageCompressor full = new MessageCompressor(new ZlibPool(1), Deflater.DEFAULT_COMPRESSION, true, 15);
            ByteBuffer compressedFull = full.compress(ByteBuffer.wrap(twice));
            assertThat(compressedFull).as("the full window finds the repeat").isNotNull();
            assertThat(compressedFull.remaining()).isLessThan(700);
            ByteBuffer compressedSmall = small.compress(ByteBuffer.wrap(twice));
            assertThat(compressedSmall == null ? twice.length : compressedSmall.remaining())
                    .as("a 512-byte window cannot reach 600 back: nothing is saved").isGreaterThanOrEqualTo(twice.length);
        }
    }

    @Nested
    class SharedMessages {

        final String json = "{\"symbol\":\"ACME\",\"price\":12.5,\"volume\":1000}".repeat(20);
        final DeflateParameters noTakeover = new DeflateParameters(true, false, DeflateParameters.ABSENT,
                DeflateParameters.ABSENT);

        @Test
        void withoutContextTakeoverOneCompressionServesEveryConnection() {
            PreparedMessage message = PreparedMessage.text(json);
            List<byte[]> outputs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WebSocketConnection server = server(noTakeover);
                server.sendPrepared(message);
                outputs.add(Engines.output(server));
            }
            assertThat(message.encodingCount()).isEqualTo(1);
            assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
            assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
            assertThat(outputs.get(0)[0] & 0xFF).as("FIN, RSV1, text").isEqualTo(0xC1);
            assertThat(outputs.get(0).length).isLessThan(json.length() / 4);
            assertThat(receive(client(noTakeover), outputs.get(0))).containsExactly(text(json));
        }

        @Test
        void eachDistinctWindowGetsItsOwnCompression() {
            PreparedMessage message = PreparedMessage.text(json);
            server(noTakeover).sendPrepared(message);
            server(new DeflateParameters(false, false, 10, DeflateParameters.ABSENT)).sendPrepared(message);
            server(new DeflateParameters(true, false, 10, DeflateParameters.ABSENT)).sendPrepared(message);
            assertThat(message.encodingCount()).as("a full window, and a 2^10 window (twice)").isEqualTo(2);
        }

        @Test
        void withContextTakeoverEachConnectionCompressesInItsOwnContext() {
            PreparedMessage message = PreparedMessage.text(json);
            WebSocketConnection server = server(DeflateParameters.none());
            WebSocketConnection client = client(DeflateParameters.none());
            server.sendPrepared(message);
            server.sendPrepared(message);
            byte[] out = Engines.output(server);
            assertThat(message.encodingCount()).isZero();
            assertThat(receive(client, out)).containsExactly(text(json), text(json));
        }

        @Test
        void aClientMasksACopyAndLeavesTheSharedBytesAlone() {
            PreparedMessage message = PreparedMessage.binary(ByteBuffer.wrap(utf8(json)));
            DeflateParameters agreed = new DeflateParameters(false, true, DeflateParameters.ABSENT,
                    DeflateParameters.ABSENT);
            WebSocketConnection sender = engine(Role.CLIENT, extension(Role.CLIENT, agreed, EVERY_MESSAGE),
                    EngineSettings.defaults());
            sender.sendPrepared(message);
            byte[] first = Engines.output(sender);
            WebSocketConnection second = new WebSocketConnection(Role.CLIENT, EngineSettings.defaults(),
                    List.of(extension(Role.CLIENT, agreed, EVERY_MESSAGE)), MaskingKeySource.fixed(0x12345678));
            second.sendPrepared(message);
            Engines.output(second);
            WebSocketConnection receiver = server(agreed);
            List<ProtocolEvent> events = receive(receiver, first);
            assertThat(((ProtocolEvent.Binary) events.get(0)).data()).isEqualTo(ByteBuffer.wrap(utf8(json)));
            assertThat(message.payload()).isEqualTo(ByteBuffer.wrap(utf8(json)));
            assertThat(message.encodingCount()).isEqualTo(1);
        }
    }

    @Nested
    class Memory {

        @Test
        void noZlibStateBeforeTheFirstMessage() {
            PerMessageDeflate deflate = extension(Role.SERVER, DeflateParameters.none(), EVERY_MESSAGE);
            engine(Role.SERVER, deflate, EngineSettings.defaults());
            assertThat(deflate.holdsZlibState()).isFalse();
        }

        @Test
        void withNoContextTakeoverNothingIsHeldBetweenMessagesAndStreamsAreReused() {
            ZlibPool pool = new ZlibPool(4);
            DeflateParameters agreed = new DeflateParameters(true, true, DeflateParameters.ABSENT, DeflateParameters.ABSENT);
            PerMessageDeflate deflate = new PerMessageDeflate(agreed, Role.SERVER, EVERY_MESSAGE, pool);
            WebSocketConnection server = engine(Role.SERVER, deflate, EngineSettings.defaults());
            WebSocketConnection client = client(agreed);
            server.sendText("Hello, Hello, Hello");
            client.sendText("Hello, Hello, Hello");
            Engines.transfer(client, server);
            assertThat(Engines.events(server)).containsExactly(text("Hello, Hello, Hello"));
            assertThat(deflate.holdsZlibState()).isFalse();
            assertThat(pool.idleCount()).as("one compressor and one decompressor back in the pool").isEqualTo(2);
            server.sendText("Hello, Hello, Hello");
            assertThat(pool.idleCount()).as("the pooled compressor was reused").isEqualTo(2);
        }

        @Test
        void withContextTakeoverTheCompressorIsKeptUntilIdleAndTheDecompressorUntilClose() {
            ZlibPool pool = new ZlibPool(4);
            PerMessageDeflate deflate = new PerMessageDeflate(DeflateParameters.none(), Role.SERVER, EVERY_MESSAGE, pool);
            WebSocketConnection server = engine(Role.SERVER, deflate, EngineSettings.defaults());
            WebSocketConnection client = client(DeflateParameters.none());
            server.sendText("Hello, Hello, Hello");
            client.sendText("Hello, Hello, Hello");
            Engines.transfer(client, server);
            Engines.events(server);
            assertThat(deflate.holdsZlibState()).isTrue();
            deflate.releaseIdle();
            assertThat(pool.idleCount()).as("the compressor went back; the decompressor's window is still needed")
                    .isEqualTo(1);
            deflate.release();
            assertThat(deflate.holdsZlibState()).isFalse();
            assertThat(pool.idleCount()).isEqualTo(2);
        }

        @Test
        void aPoolThatIsFullEndsWhatIsGivenBack() {
            ZlibPool pool = new ZlibPool(1);
            Deflater a = pool.borrowDeflater(6);
            Deflater b = pool.borrowDeflater(6);
            pool.giveBack(a, 6);
            pool.giveBack(b, 6);
            assertThat(pool.idleCount()).isEqualTo(1);
        }
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
