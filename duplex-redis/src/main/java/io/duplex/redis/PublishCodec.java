package io.duplex.redis;

import java.nio.ByteBuffer;

import io.duplex.pubsub.BrokerMessage;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;

/**
 * Lettuce's codec for the publishing connection: channel names as bytes, and publishes written
 * straight into the buffer Lettuce sends ({@link ToByteBufEncoder}), header then payload, so the
 * payload is copied once, when it is sent, and never into an intermediate array. The payload is read
 * through a duplicate: the same bytes are shared with the local subscribers. Encoding may happen on a
 * Lettuce thread after {@code publish} returned, and again if a command is retried after a
 * reconnect; both are fine because the payload never changes.
 */
final class PublishCodec implements RedisCodec<byte[], BrokerMessage>, ToByteBufEncoder<byte[], BrokerMessage> {

    private final WireFormat wire;

    /** @param wire this node's wire format */
    PublishCodec(WireFormat wire) {
        this.wire = wire;
    }

    @Override
    public void encodeKey(byte[] key, ByteBuf target) {
        target.writeBytes(key);
    }

    @Override
    public void encodeValue(BrokerMessage message, ByteBuf target) {
        target.writeBytes(wire.header(message.text()));
        target.writeBytes(message.payload().duplicate());
    }

    @Override
    public int estimateSize(Object keyOrValue) {
        if (keyOrValue instanceof byte[] key) {
            return key.length;
        }
        if (keyOrValue instanceof BrokerMessage message) {
            return WireFormat.encodedLength(message);
        }
        return 0;
    }

    /** Both sizes are exact: Lettuce then writes the length prefix and the bytes with no temporary buffer. */
    @Override
    public boolean isEstimateExact() {
        return true;
    }

    @Override
    public ByteBuffer encodeKey(byte[] key) {
        return ByteBuffer.wrap(key);
    }

    @Override
    public ByteBuffer encodeValue(BrokerMessage message) {
        return wire.encode(message);
    }

    @Override
    public byte[] decodeKey(ByteBuffer bytes) {
        byte[] key = new byte[bytes.remaining()];
        bytes.get(key);
        return key;
    }

    /** PUBLISH answers with a number of receivers: this connection never reads a message back. */
    @Override
    public BrokerMessage decodeValue(ByteBuffer bytes) {
        throw new UnsupportedOperationException("the publishing connection reads no messages");
    }
}
