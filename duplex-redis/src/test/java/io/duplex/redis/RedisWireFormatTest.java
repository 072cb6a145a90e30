package io.duplex.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.duplex.pubsub.BrokerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The bytes on a channel: header layout, round trips, own publishes, raw publishes, invalid ones. */
class RedisWireFormatTest {

    final UUID thisNode = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    final WireFormat here = new WireFormat(thisNode);
    final WireFormat there = new WireFormat(UUID.randomUUID());

    static BrokerMessage text(String s) {
        return new BrokerMessage("t", true, ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer());
    }

    static byte[] array(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    @Test
    void theHeaderIsMagicKindAndNodeIdThenThePayloadAsItIs() {
        byte[] encoded = array(here.encode(text("hé")));
        byte[] expected = {'D', 'P', 'X', '1', 1,
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
            (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff,
            'h', (byte) 0xc3, (byte) 0xa9};
        assertThat(encoded).containsExactly(expected);
        assertThat(WireFormat.HEADER_LENGTH).isEqualTo(21);
        BrokerMessage binary = new BrokerMessage("t", false, ByteBuffer.wrap(new byte[] {7}).asReadOnlyBuffer());
        assertThat(array(here.encode(binary))[4]).as("kind of binary").isEqualTo((byte) 2);
    }

    @Test
    void anotherNodesTextAndBinaryComeOutAsTheyWentIn() {
        WireFormat.Decoded t = there.decode(array(here.encode(text("hello ✓"))));
        assertThat(t).isInstanceOf(WireFormat.Decoded.Publish.class);
        WireFormat.Decoded.Publish p = (WireFormat.Decoded.Publish) t;
        assertThat(p.text()).isTrue();
        assertThat(p.framed()).isTrue();
        assertThat(new String(array(p.payload()), StandardCharsets.UTF_8)).isEqualTo("hello ✓");

        byte[] bytes = {(byte) 0xff, 0, (byte) 0x80, 'D', 'P', 'X', '1'};
        BrokerMessage binary = new BrokerMessage("t", false, ByteBuffer.wrap(bytes).asReadOnlyBuffer());
        WireFormat.Decoded.Publish b = (WireFormat.Decoded.Publish) there.decode(array(here.encode(binary)));
        assertThat(b.text()).isFalse();
        assertThat(array(b.payload())).containsExactly(bytes);
    }

    @Test
    void anEmptyMessageSurvivesTheTrip() {
        WireFormat.Decoded.Publish p = (WireFormat.Decoded.Publish) there.decode(array(here.encode(text(""))));
        assertThat(p.text()).isTrue();
        assertThat(p.payload().remaining()).isZero();
    }

    @Test
    void aNodeRecognisesItsOwnPublishes() {
        assertThat(here.decode(array(here.encode(text("mine"))))).isEqualTo(WireFormat.Decoded.Own.INSTANCE);
        assertThat(new WireFormat(thisNode).decode(array(here.encode(text("mine")))))
                .as("same id, other instance").isEqualTo(WireFormat.Decoded.Own.INSTANCE);
    }

    @Test
    void theDecodedPayloadIsAReadOnlyViewOfTheReceivedArrayNotACopy() {
        byte[] received = array(here.encode(text("abc")));
        WireFormat.Decoded.Publish p = (WireFormat.Decoded.Publish) there.decode(received);
        assertThat(p.payload().isReadOnly()).isTrue();
        received[WireFormat.HEADER_LENGTH] = 'x';
        assertThat(p.payload().get(0)).as("a view of the array").isEqualTo((byte) 'x');
    }

    @Test
    void encodingReadsTheSharedPayloadWithoutMovingIt() {
        BrokerMessage m = text("shared");
        ByteBuffer payload = m.payload();
        int position = payload.position();
        here.encode(m);
        ByteBuf out = Unpooled.buffer();
        new PublishCodec(here).encodeValue(m, out);
        assertThat(payload.position()).isEqualTo(position);
        assertThat(payload.remaining()).isEqualTo(6);
        out.release();
    }

    @Test
    void theCodecWritesExactlyWhatTheWireFormatSaysAndSaysHowLong() {
        PublishCodec codec = new PublishCodec(here);
        BrokerMessage m = text("sized");
        ByteBuf out = Unpooled.buffer();
        codec.encodeValue(m, out);
        byte[] written = new byte[out.readableBytes()];
        out.readBytes(written);
        out.release();
        assertThat(written).containsExactly(array(here.encode(m)));
        assertThat(codec.isEstimateExact()).isTrue();
        assertThat(codec.estimateSize(m)).isEqualTo(written.length);
        assertThat(codec.estimateSize("duplex:t".getBytes(StandardCharsets.UTF_8))).isEqualTo(8);
        assertThat(array(codec.encodeValue(m))).containsExactly(written);
    }

    @Test
    void aRawMessageIsTextWhenItIsValidUtf8() {
        WireFormat.Decoded.Publish p = (WireFormat.Decoded.Publish) here.decode(
                "{\"price\": 42, \"cur\": \"€\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(p.text()).isTrue();
        assertThat(p.framed()).isFalse();
        assertThat(new String(array(p.payload()), StandardCharsets.UTF_8)).isEqualTo("{\"price\": 42, \"cur\": \"€\"}");
        WireFormat.Decoded.Publish shortOne = (WireFormat.Decoded.Publish) here.decode(new byte[] {'D', 'P'});
        assertThat(shortOne.text()).as("shorter than the magic: raw").isTrue();
    }

    @Test
    void aRawMessageIsBinaryWhenItIsNotValidUtf8() {
        byte[] bytes = {(byte) 0xc0, (byte) 0xaf, 1, 2};
        WireFormat.Decoded.Publish p = (WireFormat.Decoded.Publish) here.decode(bytes);
        assertThat(p.text()).isFalse();
        assertThat(p.framed()).isFalse();
        assertThat(array(p.payload())).containsExactly(bytes);
    }

    @Test
    void framedTextThatIsNotValidUtf8IsInvalid() {
        byte[] m = array(there.encode(text("ok")));
        byte[] bad = Arrays.copyOf(m, m.length + 2);
        bad[m.length] = (byte) 0xed; // ED A0: a surrogate, never valid UTF-8
        bad[m.length + 1] = (byte) 0xa0;
        assertThat(here.decode(bad)).isInstanceOf(WireFormat.Decoded.Invalid.class);
        byte[] cut = Arrays.copyOf(m, m.length + 1);
        cut[m.length] = (byte) 0xe2; // the start of a three-byte sequence, then the end
        assertThat(here.decode(cut)).as("ends inside a code point").isInstanceOf(WireFormat.Decoded.Invalid.class);
    }

    @Test
    void aMagicWithoutAWholeHeaderOrWithAnUnknownKindIsInvalid() {
        assertThat(here.decode(new byte[] {'D', 'P', 'X', '1', 1, 2, 3})).isInstanceOf(WireFormat.Decoded.Invalid.class);
        byte[] m = array(there.encode(text("x")));
        m[4] = 9;
        assertThat(here.decode(m)).isInstanceOf(WireFormat.Decoded.Invalid.class);
    }

    @Test
    void channelsAreThePrefixAndTheTopicInUtf8() {
        Channels channels = new Channels("duplex:");
        byte[] channel = channels.channel("météo/paris");
        assertThat(new String(channel, StandardCharsets.UTF_8)).isEqualTo("duplex:météo/paris");
        assertThat(channels.topic(channel)).isEqualTo("météo/paris");
        assertThat(channels.topic("other:news".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(channels.topic("dup".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
