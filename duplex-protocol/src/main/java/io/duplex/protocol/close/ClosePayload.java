package io.duplex.protocol.close;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.duplex.protocol.message.Utf8Validator;

/**
 * The body of a Close frame (RFC 6455 section 5.5.1): empty, or a 2-byte status code followed by a
 * UTF-8 reason.
 *
 * @param code   the status code; {@link CloseCode#NO_STATUS_RECEIVED} (1005) when the body was empty
 * @param reason the reason, empty when none was given
 */
public record ClosePayload(int code, String reason) {

    /** The body of a Close frame that carried nothing. */
    public static final ClosePayload EMPTY = new ClosePayload(CloseCode.NO_STATUS_RECEIVED, "");

    /**
     * Reads a received Close body and judges it. A 1-byte body, or a code not valid on the wire, is a
     * protocol error (1002); a reason that is not UTF-8 is invalid payload (1007).
     *
     * @param body the payload, from position to limit, at most 125 bytes
     * @return the code and reason, or the violation
     */
    public static Parsed parse(ByteBuffer body) {
        int n = body.remaining();
        if (n == 0) {
            return new Parsed.Valid(EMPTY);
        }
        if (n == 1) {
            return new Parsed.Invalid(CloseCode.PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int p = body.position();
        int code = ((body.get(p) & 0xFF) << 8) | (body.get(p + 1) & 0xFF);
        if (!CloseCode.isValidOnWire(code)) {
            return new Parsed.Invalid(CloseCode.PROTOCOL_ERROR, "invalid close code " + code);
        }
        byte[] reason = new byte[n - 2];
        body.duplicate().position(p + 2).get(reason);
        if (!Utf8Validator.isValid(reason, 0, reason.length)) {
            return new Parsed.Invalid(CloseCode.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        return new Parsed.Valid(new ClosePayload(code, new String(reason, StandardCharsets.UTF_8)));
    }

    /**
     * Encodes the body of a Close frame to send.
     *
     * @param code   a code valid on the wire (never 1005, 1006 or 1015)
     * @param reason the reason, at most {@link CloseCode#MAX_REASON_BYTES} bytes once encoded; may be empty
     * @return the body bytes, ready to read
     * @throws IllegalArgumentException when the code may not be sent or the reason is too long; these
     *                                  are mistakes of the caller, not of the peer
     */
    public static ByteBuffer encode(int code, String reason) {
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("close code " + CloseCode.describe(code) + " may not be sent");
        }
        byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (text.length > CloseCode.MAX_REASON_BYTES) {
            throw new IllegalArgumentException(
                    "close reason is " + text.length + " bytes of UTF-8; at most " + CloseCode.MAX_REASON_BYTES);
        }
        ByteBuffer buf = ByteBuffer.allocate(2 + text.length);
        buf.putShort((short) code).put(text);
        return buf.flip();
    }

    /** The outcome of reading a received Close body. */
    public sealed interface Parsed {
        /** @param payload the code and reason received */
        record Valid(ClosePayload payload) implements Parsed {
        }

        /**
         * @param closeCode the code to fail the connection with
         * @param reason    what was wrong
         */
        record Invalid(int closeCode, String reason) implements Parsed {
        }
    }
}
