package io.duplex.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.close.ClosePayload;
import io.duplex.protocol.close.CloseState;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.frame.FrameHeader;
import io.duplex.protocol.frame.FrameParser;
import io.duplex.protocol.frame.FrameWriter;
import io.duplex.protocol.frame.Masking;
import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.frame.Opcode;
import io.duplex.protocol.message.PayloadBuffer;
import io.duplex.protocol.message.PreparedMessage;
import io.duplex.protocol.message.Utf8Validator;

/**
 * The RFC 6455 engine for one open connection, with no I/O of its own: it is fed the bytes that
 * arrived ({@link #receive(ByteBuffer)}), hands back what happened ({@link #nextEvent()}), is given
 * messages to send and hands back the bytes to write ({@link #takeOutput()}).
 *
 * <p>The {@link FrameParser} decodes; this class judges each frame against RFC 6455 sections 5 and 7
 * and turns every violation into a failure of the connection in one place ({@link #fail(int, String)}),
 * after which all further input is discarded. Nothing is thrown at the caller for anything the peer
 * does; an {@link IllegalArgumentException} or {@link IllegalStateException} means the caller misused
 * the API (a reason too long to send, a data message inside an unfinished streamed one).
 *
 * <p>The engine only queues events and output; it never calls user code, so nothing can re-enter it
 * mid-update. It is not thread-safe: one thread (the connection's event loop) drives it.
 */
public final class WebSocketConnection {

    private static final ByteBuffer[] NO_OUTPUT = new ByteBuffer[0];

    /** RFC 6455 section 5.5: control frame payloads are at most 125 bytes. */
    private static final int MAX_CONTROL_PAYLOAD = 125;

    private final Role role;
    private final EngineSettings settings;
    private final List<Extension> extensions;
    private final int claimedRsv;
    /** Whether some extension may transform messages that carry none of its RSV bits. */
    private final boolean hasExtensionWithoutRsv;
    private final MaskingKeySource maskingKeys;
    private final FrameParser parser = new FrameParser();
    private final FrameJudge judge = new FrameJudge();

    // Created on first use: an idle connection holds neither (memory per connection matters).
    private ArrayDeque<ProtocolEvent> events;
    private ArrayDeque<ByteBuffer> output;
    /** The key of a prepared message's whole frame, as a server sends it untransformed. */
    private static final Object WHOLE_UNMASKED_FRAME = new Object();
    /** The largest payload copied into a shared whole frame; a header of 10 bytes is nothing beside more. */
    private static final int MAX_SHARED_FRAME_PAYLOAD = 64 * 1024;
    private long outputBytes;

    private CloseState state = CloseState.OPEN;
    /** The close code and reason of the first Close frame received (RFC 6455 section 7.1.5). */
    private ClosePayload closeReceived;
    /** How the connection ended, once it has; null while it has not. */
    private ProtocolEvent.Closed closedEvent;

    // The incoming message being reassembled; messageType is null between messages.
    private Opcode messageType;
    private int messageRsv;
    private long messageLength;
    private PayloadBuffer messagePayload;
    /** Validates text as it arrives, when no extension will transform it first; null otherwise. */
    private Utf8Validator incomingUtf8;
    private Utf8Validator utf8;
    /** The payload of the control frame being read; at most 125 bytes. */
    private ByteBuffer controlPayload;

    /** The type of the outgoing message being streamed by {@link #sendFragment}, or null. */
    private Opcode outgoingStream;

    /**
     * An engine for a connection whose opening handshake succeeded.
     *
     * @param role        which end this is
     * @param settings    limits and choices
     * @param extensions  the negotiated extensions, in negotiation order (may be empty)
     * @param maskingKeys where a client's masking keys come from (RFC 6455 section 10.3: unpredictable);
     *                    unused by a server, may be null there
     */
    public WebSocketConnection(Role role, EngineSettings settings, List<Extension> extensions,
                               MaskingKeySource maskingKeys) {
        this.role = Objects.requireNonNull(role, "role");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.extensions = List.copyOf(extensions);
        int rsv = 0;
        boolean bitless = false;
        for (Extension e : this.extensions) {
            rsv |= e.rsvBits();
            bitless |= e.rsvBits() == 0;
        }
        this.claimedRsv = rsv;
        this.hasExtensionWithoutRsv = bitless;
        if (role == Role.CLIENT && maskingKeys == null) {
            throw new IllegalArgumentException("a client needs a source of masking keys");
        }
        this.maskingKeys = maskingKeys;
    }

    /**
     * A server engine with the default settings and no extensions.
     *
     * @return the engine
     */
    public static WebSocketConnection server() {
        return new WebSocketConnection(Role.SERVER, EngineSettings.defaults(), List.of(), null);
    }

    /**
     * A client engine with the default settings, no extensions and secure masking keys.
     *
     * @return the engine
     */
    public static WebSocketConnection client() {
        return new WebSocketConnection(Role.CLIENT, EngineSettings.defaults(), List.of(), MaskingKeySource.secure());
    }

    // ------------------------------------------------------------------ input

    /**
     * Feeds bytes that arrived from the peer. All of them are consumed: what completes a frame or a
     * message produces events, the rest is kept (a partial header in a few bytes, a partial message in
     * its payload buffer). Masked payload is unmasked in place, so the buffer's contents change.
     * After the connection has closed or failed, input is discarded.
     *
     * @param data the bytes, from position to limit; the position ends at the limit
     */
    public void receive(ByteBuffer data) {
        if (state.canReceive()) {
            parser.parse(data, judge);
        }
        data.position(data.limit());
    }

    /**
     * The transport ended: the peer closed TCP, or the connection was abandoned (a close timeout). If
     * the closing handshake had not completed, the connection closes abnormally: {@code Closed(1006)}
     * (RFC 6455 section 7.1.5).
     */
    public void receiveEof() {
        if (state != CloseState.CLOSED) {
            state = CloseState.CLOSED;
            releaseIncoming();
            // Section 7.1.5: the close code is that of the Close received, if one was; 1006 otherwise.
            ClosePayload received = closeReceived;
            closed(received == null ? CloseCode.ABNORMAL_CLOSURE : received.code(),
                    received == null ? "" : received.reason(), false);
        }
    }

    /** @return whether events are waiting */
    public boolean hasEvents() {
        return events != null && !events.isEmpty();
    }

    /** @return the oldest event not yet taken, or {@code null} when there is none */
    public ProtocolEvent nextEvent() {
        return events == null ? null : events.poll();
    }

    private void event(ProtocolEvent e) {
        if (events == null) {
            events = new ArrayDeque<>(4);
        }
        events.add(e);
    }

    // ------------------------------------------------------------------ output

    /**
     * Queues a text message.
     *
     * @param text the message
     * @return {@code false} when data may no longer be sent (a Close frame was sent), else {@code true}
     */
    public boolean sendText(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return sendMessage(Opcode.TEXT, ByteBuffer.wrap(utf8), true);
    }

    /**
     * Queues a text message already encoded as UTF-8, so that the encoding can happen on another thread
     * (or once for many connections). The caller vouches that the bytes are UTF-8; the buffer is handed
     * over as with {@link #sendBinary(ByteBuffer)}.
     *
     * @param utf8 the encoded message, from position to limit
     * @return {@code false} when data may no longer be sent (a Close frame was sent), else {@code true}
     */
    public boolean sendUtf8Text(ByteBuffer utf8) {
        return sendMessage(Opcode.TEXT, utf8.slice(), false);
    }

    /**
     * Queues a binary message. The buffer is handed over: the engine keeps a reference until the bytes
     * are taken by {@link #takeOutput()} and written, so the caller must not change it afterwards. It
     * is never modified by the engine (a client masks a copy).
     *
     * @param data the message, from position to limit
     * @return {@code false} when data may no longer be sent, else {@code true}
     */
    public boolean sendBinary(ByteBuffer data) {
        return sendMessage(Opcode.BINARY, data.slice(), false);
    }

    /**
     * Queues a message shared with other connections ({@link PreparedMessage}): its bytes, and what
     * an extension makes of them without per-connection state, are encoded once for all of them and
     * never modified (a client masks a copy).
     *
     * @param message the shared message
     * @return {@code false} when data may no longer be sent, else {@code true}
     */
    public boolean sendPrepared(PreparedMessage message) {
        return sendMessage(message.isText() ? Opcode.TEXT : Opcode.BINARY, message.payload(), false, message);
    }

    /**
     * Queues one fragment of a message streamed in parts (RFC 6455 section 5.4): the first call starts
     * the message, the call with {@code last} ends it. Control frames may be sent in between; another
     * data message may not. Fragments bypass the extensions (a per-message extension such as
     * permessage-deflate sends the streamed message untransformed, which RFC 7692 allows). For text,
     * the fragments together must be UTF-8; a code point may be split between them. The buffer is
     * handed over as with {@link #sendBinary(ByteBuffer)}.
     *
     * @param text    whether the message is text; must be the same for every fragment of a message
     * @param payload the fragment, from position to limit
     * @param last    whether this fragment ends the message
     * @return {@code false} when data may no longer be sent, else {@code true}
     * @throws IllegalStateException when {@code text} differs from the message's first fragment
     */
    public boolean sendFragment(boolean text, ByteBuffer payload, boolean last) {
        Opcode type = text ? Opcode.TEXT : Opcode.BINARY;
        if (!state.canSend()) {
            return false;
        }
        Opcode opcode;
        if (outgoingStream == null) {
            opcode = type;
            outgoingStream = last ? null : type;
        } else {
            if (outgoingStream != type) {
                throw new IllegalStateException("a " + outgoingStream + " message is being streamed");
            }
            opcode = Opcode.CONTINUATION;
            if (last) {
                outgoingStream = null;
            }
        }
        queueFrame(last, 0, opcode, payload.slice(), false);
        return true;
    }

    /**
     * Queues a Ping (RFC 6455 section 5.5.2). The buffer is read at once and not kept.
     *
     * @param payload application data, at most 125 bytes
     * @return {@code false} when frames may no longer be sent, else {@code true}
     */
    public boolean ping(ByteBuffer payload) {
        return sendControl(Opcode.PING, payload);
    }

    /**
     * Queues an unsolicited Pong (RFC 6455 section 5.5.3), a one-way heartbeat. The buffer is read at
     * once and not kept.
     *
     * @param payload application data, at most 125 bytes
     * @return {@code false} when frames may no longer be sent, else {@code true}
     */
    public boolean pong(ByteBuffer payload) {
        return sendControl(Opcode.PONG, payload);
    }

    /**
     * Starts the closing handshake, or completes it when the peer started it (RFC 6455 section 7.1.2).
     * No data frame is sent after it (section 5.5.1).
     *
     * @param code   a code that may be sent: 1000-1003, 1007-1014, 3000-4999
     * @param reason the reason, at most 123 bytes of UTF-8; may be empty
     * @return {@code false} when a Close frame was already sent, else {@code true}
     * @throws IllegalArgumentException when the code may not be sent or the reason is too long
     */
    public boolean close(int code, String reason) {
        ByteBuffer body = ClosePayload.encode(code, reason);
        if (!state.canSend()) {
            return false;
        }
        sendClose(body);
        return true;
    }

    /**
     * Starts or completes the closing handshake with an empty Close frame, which the peer reports as
     * 1005 (no status received).
     *
     * @return {@code false} when a Close frame was already sent, else {@code true}
     */
    public boolean close() {
        if (!state.canSend()) {
            return false;
        }
        sendClose(ByteBuffer.allocate(0));
        return true;
    }

    /** @return whether bytes are waiting to be written (a due answer to the peer's Close included) */
    public boolean hasOutput() {
        return output != null && !output.isEmpty() || state == CloseState.CLOSE_RECEIVED;
    }

    /** @return the number of bytes waiting to be written */
    public long outputBytes() {
        return outputBytes;
    }

    /**
     * Takes the bytes to write, in order: frame headers and payloads as separate buffers, in the array
     * a gathering write ({@code GatheringByteChannel.write(ByteBuffer[])}) takes. The caller owns them
     * from now on.
     *
     * <p>A Close from the peer is answered here, after what was queued since it arrived: the messages
     * that came before the Close are reported first, and what their handlers send goes out ahead of
     * the answer (RFC 6455 section 5.5.1 lets an endpoint finish its current message before it sends
     * its Close). An application may also answer with a code of its own by calling
     * {@link #close(int, String)} first.
     *
     * @return the buffers, possibly none
     */
    public ByteBuffer[] takeOutput() {
        if (state == CloseState.CLOSE_RECEIVED) {
            answerClose();
        }
        if (output == null || output.isEmpty()) {
            return NO_OUTPUT;
        }
        ByteBuffer[] out = output.toArray(NO_OUTPUT);
        output.clear();
        outputBytes = 0;
        return out;
    }

    // ------------------------------------------------------------------ state

    /** @return the role this engine plays */
    public Role role() {
        return role;
    }

    /** @return where the connection is in the closing handshake */
    public CloseState state() {
        return state;
    }

    /**
     * Lets the extensions give back what they can rebuild, such as a compressor whose history may be
     * dropped ({@link Extension#releaseIdle()}). For a connection that has carried no message for a
     * while; safe at any time, since extensions only work on whole messages.
     */
    public void releaseIdleResources() {
        for (Extension e : extensions) {
            e.releaseIdle();
        }
    }

    /** @return the negotiated extensions, in negotiation order */
    public List<Extension> extensions() {
        return extensions;
    }

    /**
     * Whether the transport should be closed now, once the queued output is written. The server closes
     * TCP as soon as the closing handshake is done (RFC 6455 section 7.1.1); a client waits for the
     * server to do so (with a timeout of the caller's choosing, then calls {@link #receiveEof()}); after
     * a failure or the end of the transport, either side closes at once (section 7.1.7).
     *
     * @return whether to close the transport
     */
    public boolean shouldCloseTransport() {
        if (state != CloseState.CLOSED) {
            return false;
        }
        return role == Role.SERVER || !closedEvent.wasClean();
    }

    // ------------------------------------------------------------------ sending internals

    private boolean sendMessage(Opcode type, ByteBuffer payload, boolean engineOwned) {
        return sendMessage(type, payload, engineOwned, null);
    }

    private boolean sendMessage(Opcode type, ByteBuffer payload, boolean engineOwned, PreparedMessage prepared) {
        if (!state.canSend()) {
            return false;
        }
        if (outgoingStream != null) {
            throw new IllegalStateException("a streamed " + outgoingStream + " message is unfinished");
        }
        int rsv = 0;
        for (int i = 0; i < extensions.size(); i++) {
            Extension e = extensions.get(i);
            // Only the first extension sees the shared message as it is; the rest see its output.
            Extension.Encoded encoded = i == 0 && prepared != null ? e.encodePrepared(prepared, rsv)
                    : e.encode(type == Opcode.TEXT, payload, rsv);
            // A new buffer belongs to the engine (a client may mask it in place), unless it is a
            // read-only one shared with other connections.
            if (encoded.payload() != payload && !encoded.payload().isReadOnly()) {
                engineOwned = true;
            }
            payload = encoded.payload();
            rsv = encoded.rsv();
        }
        int fragment = settings.outgoingFragmentSize();
        if (fragment == 0 || payload.remaining() <= fragment) {
            if (prepared != null && role == Role.SERVER && rsv == 0 && prepared.length() <= MAX_SHARED_FRAME_PAYLOAD
                    && (extensions.isEmpty() || payload.equals(prepared.payload()))) {
                // Sent as prepared (the content check only runs where an extension declined to
                // transform, so for short messages): a server frame is unmasked, so the whole frame
                // is encoded once and every connection sends the same read-only bytes. A larger
                // payload is not copied into a frame: each connection writes its own small header
                // before the shared payload.
                enqueue(prepared.encoding(WHOLE_UNMASKED_FRAME,
                        p -> FrameWriter.unmaskedFrame(true, 0, type, p)));
                return true;
            }
            queueFrame(true, rsv, type, payload, engineOwned);
            return true;
        }
        // RFC 6455 section 5.4: the first fragment carries the opcode (and, for a per-message
        // extension, the RSV bits); the rest are continuations.
        Opcode opcode = type;
        while (payload.hasRemaining()) {
            int n = Math.min(fragment, payload.remaining());
            ByteBuffer piece = payload.slice();
            piece.limit(n);
            payload.position(payload.position() + n);
            queueFrame(!payload.hasRemaining(), rsv, opcode, piece, engineOwned);
            opcode = Opcode.CONTINUATION;
            rsv = 0;
        }
        return true;
    }

    private boolean sendControl(Opcode opcode, ByteBuffer payload) {
        if (payload.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(
                    opcode + " payload is " + payload.remaining() + " bytes; at most " + MAX_CONTROL_PAYLOAD);
        }
        if (state == CloseState.CLOSED || state == CloseState.CLOSE_SENT) {
            return false;
        }
        queueFrame(true, 0, opcode, copyOf(payload), true);
        return true;
    }

    private void sendClose(ByteBuffer body) {
        queueFrame(true, 0, Opcode.CLOSE, body, true);
        outgoingStream = null;
        state = state.afterCloseSent();
        if (state == CloseState.CLOSED) {
            closeHandshakeDone();
        }
    }

    /**
     * Queues a header and its payload as two buffers. A client masks with a fresh key (RFC 6455
     * section 5.3): in place when the engine owns the payload, into a copy otherwise.
     */
    private void queueFrame(boolean fin, int rsv, Opcode opcode, ByteBuffer payload, boolean engineOwned) {
        int length = payload.remaining();
        boolean mask = role == Role.CLIENT;
        int key = mask ? maskingKeys.nextKey() : 0;
        ByteBuffer header = FrameWriter.header(fin, rsv, opcode, length, mask, key);
        enqueue(header);
        if (length == 0) {
            return;
        }
        if (mask) {
            if (engineOwned && !payload.isReadOnly()) {
                Masking.maskInPlace(payload, key, 0);
            } else {
                ByteBuffer copy = ByteBuffer.allocate(length);
                Masking.maskCopy(payload.duplicate(), copy, key, 0);
                payload = copy.flip();
            }
        }
        enqueue(payload);
    }

    private void enqueue(ByteBuffer buf) {
        if (output == null) {
            output = new ArrayDeque<>(4);
        }
        output.add(buf);
        outputBytes += buf.remaining();
    }

    private static ByteBuffer copyOf(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src.duplicate());
        return copy.flip();
    }

    // ------------------------------------------------------------------ closing internals

    /**
     * Fails the connection (RFC 6455 section 7.1.7): sends a Close frame with the code unless one was
     * already sent, then discards everything that follows. The one place where violations end up.
     *
     * @return {@code false}, so that a parser callback can {@code return fail(...)}
     */
    private boolean fail(int code, String reason) {
        if (state == CloseState.CLOSED) {
            return false;
        }
        String shortReason = truncateUtf8(reason, CloseCode.MAX_REASON_BYTES);
        event(new ProtocolEvent.Failure(code, shortReason));
        if (state.canSend()) {
            queueFrame(true, 0, Opcode.CLOSE, ClosePayload.encode(code, shortReason), true);
        }
        state = CloseState.CLOSED;
        releaseIncoming();
        ClosePayload received = closeReceived;
        closed(received == null ? CloseCode.ABNORMAL_CLOSURE : received.code(),
                received == null ? "" : received.reason(), false);
        return false;
    }

    /**
     * Section 5.5.1: answers the peer's Close, echoing the status code received (with an empty body
     * when none was received).
     */
    private void answerClose() {
        int code = closeReceived.code();
        sendClose(code == CloseCode.NO_STATUS_RECEIVED ? ByteBuffer.allocate(0) : ClosePayload.encode(code, ""));
    }

    private void closeHandshakeDone() {
        releaseIncoming();
        closed(closeReceived.code(), closeReceived.reason(), true);
    }

    private void closed(int code, String reason, boolean clean) {
        closedEvent = new ProtocolEvent.Closed(code, reason, clean);
        event(closedEvent);
        for (Extension e : extensions) {
            e.release();
        }
    }

    private void releaseIncoming() {
        messageType = null;
        messagePayload = null;
        controlPayload = null;
        incomingUtf8 = null;
    }

    /** Cuts a string to at most {@code maxBytes} of UTF-8 without splitting a code point. */
    static String truncateUtf8(String s, int maxBytes) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return s;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // back off to the start of the code point that would be cut
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ judging incoming frames

    /** Applies RFC 6455's rules to what the parser decodes. Every violation goes to {@link #fail}. */
    private final class FrameJudge implements FrameParser.Handler {

        @Override
        public boolean onHeader(FrameHeader h) {
            Opcode opcode = h.opcode();
            if (opcode == null) {
                // Section 5.2: reserved opcodes fail the connection.
                return fail(CloseCode.PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(h.opcodeCode()));
            }
            if (h.masked() != (role == Role.SERVER)) {
                // Section 5.1: a server fails an unmasked frame, a client a masked one.
                return fail(CloseCode.PROTOCOL_ERROR, role == Role.SERVER ? "unmasked client frame" : "masked server frame");
            }
            if (h.payloadLength() < 0) {
                // Section 5.2: the most significant bit of a 64-bit length MUST be 0.
                return fail(CloseCode.PROTOCOL_ERROR, "64-bit payload length with the top bit set");
            }
            if (!h.usesMinimalLength()) {
                // Section 5.2: the minimal number of bytes MUST be used to encode the length.
                return fail(CloseCode.PROTOCOL_ERROR, "payload length not in its shortest form");
            }
            if (opcode.isControl()) {
                return judgeControlHeader(h, opcode);
            }
            return judgeDataHeader(h, opcode);
        }

        private boolean judgeControlHeader(FrameHeader h, Opcode opcode) {
            if (!h.fin()) {
                // Section 5.5: control frames MUST NOT be fragmented.
                return fail(CloseCode.PROTOCOL_ERROR, "fragmented " + opcode + " frame");
            }
            if (h.payloadLength() > MAX_CONTROL_PAYLOAD) {
                // Section 5.5: control frames have a payload of 125 bytes or less.
                return fail(CloseCode.PROTOCOL_ERROR, opcode + " payload of " + h.payloadLength() + " bytes");
            }
            if (h.rsv() != 0) {
                // Section 5.2: RSV bits need an extension that defines them; extensions here are
                // per-message and never define them on control frames (RFC 7692 section 6.1).
                return fail(CloseCode.PROTOCOL_ERROR, "RSV bits on a " + opcode + " frame");
            }
            controlPayload = ByteBuffer.allocate((int) h.payloadLength());
            return true;
        }

        private boolean judgeDataHeader(FrameHeader h, Opcode opcode) {
            boolean continuation = opcode == Opcode.CONTINUATION;
            if (continuation && messageType == null) {
                // Section 5.4: a continuation must follow a first fragment.
                return fail(CloseCode.PROTOCOL_ERROR, "continuation frame without a message to continue");
            }
            if (!continuation && messageType != null) {
                // Section 5.4: fragments of one message are not interleaved with another message.
                return fail(CloseCode.PROTOCOL_ERROR, "new " + opcode + " message inside an unfinished one");
            }
            if ((h.rsv() & ~claimedRsv) != 0) {
                // Section 5.2: a nonzero RSV bit that no negotiated extension defines fails the connection.
                return fail(CloseCode.PROTOCOL_ERROR, "RSV bits 0x" + Integer.toHexString(h.rsv()) + " not negotiated");
            }
            if (continuation && h.rsv() != 0) {
                // Extensions here are per message: their bits belong on the first frame (RFC 7692 6.1).
                return fail(CloseCode.PROTOCOL_ERROR, "RSV bits on a continuation frame");
            }
            if (h.payloadLength() > settings.maxFrameSize()) {
                // Section 10.4: limits on frame size; 1009 per section 7.4.1.
                return fail(CloseCode.MESSAGE_TOO_BIG, "frame of " + h.payloadLength() + " bytes exceeds "
                        + settings.maxFrameSize());
            }
            long total = (continuation ? messageLength : 0) + h.payloadLength();
            if (total > settings.maxMessageSize()) {
                return fail(CloseCode.MESSAGE_TOO_BIG, "message of " + total + "+ bytes exceeds "
                        + settings.maxMessageSize());
            }
            if (!continuation) {
                messageType = opcode;
                messageRsv = h.rsv();
                messageLength = 0;
                messagePayload = new PayloadBuffer(h.payloadLength());
                boolean transformed = messageRsv != 0 || hasExtensionWithoutRsv;
                incomingUtf8 = opcode == Opcode.TEXT && !transformed ? utf8Validator() : null;
            }
            messageLength = total;
            return true;
        }

        @Override
        public boolean onPayload(ByteBuffer piece) {
            if (controlPayload != null) {
                controlPayload.put(piece);
                return true;
            }
            // Section 8.1: invalid UTF-8 fails the connection as soon as it is seen, even mid-message.
            if (incomingUtf8 != null && !incomingUtf8.feed(piece)) {
                return fail(CloseCode.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
            messagePayload.append(piece, messageLength);
            return true;
        }

        @Override
        public boolean onFrameEnd(FrameHeader h) {
            if (controlPayload != null) {
                ByteBuffer payload = controlPayload.flip();
                controlPayload = null;
                return onControlFrame(h.opcode(), payload);
            }
            if (!h.fin()) {
                return true;
            }
            return onMessageEnd();
        }

        private boolean onMessageEnd() {
            boolean text = messageType == Opcode.TEXT;
            ByteBuffer payload = messagePayload.toByteBuffer();
            Utf8Validator validated = incomingUtf8;
            int rsv = messageRsv;
            messageType = null;
            messagePayload = null;
            incomingUtf8 = null;
            // Section 9: decoding runs through the extensions in the reverse order of encoding.
            for (int i = extensions.size() - 1; i >= 0; i--) {
                try {
                    payload = extensions.get(i).decode(text, payload, rsv, settings.maxMessageSize());
                } catch (ExtensionException e) {
                    return fail(e.closeCode(), e.getMessage() == null ? "extension failed" : e.getMessage());
                }
            }
            if (payload.remaining() > settings.maxMessageSize()) {
                return fail(CloseCode.MESSAGE_TOO_BIG, "decoded message exceeds " + settings.maxMessageSize());
            }
            if (!text) {
                event(new ProtocolEvent.Binary(payload));
                return true;
            }
            if (!payload.hasArray()) {
                payload = copyOf(payload); // an extension may hand back a direct or read-only buffer
            }
            byte[] bytes = payload.array();
            int offset = payload.arrayOffset() + payload.position();
            int length = payload.remaining();
            boolean valid = validated != null ? validated.isComplete() : Utf8Validator.isValid(bytes, offset, length);
            if (!valid) {
                // Section 8.1: a text message that ends inside a code point is invalid too.
                return fail(CloseCode.INVALID_PAYLOAD, "text message is not valid UTF-8");
            }
            event(new ProtocolEvent.Text(new String(bytes, offset, length, StandardCharsets.UTF_8)));
            return true;
        }

        private boolean onControlFrame(Opcode opcode, ByteBuffer payload) {
            switch (opcode) {
                case PING -> {
                    event(new ProtocolEvent.Ping(payload.asReadOnlyBuffer()));
                    // Section 5.5.2: a Ping is answered with a Pong carrying the same data, unless
                    // a Close frame has already been sent.
                    if (settings.autoPong() && state.canSend()) {
                        queueFrame(true, 0, Opcode.PONG, copyOf(payload), true);
                    }
                    return true;
                }
                case PONG -> {
                    event(new ProtocolEvent.Pong(payload.asReadOnlyBuffer()));
                    return true;
                }
                default -> {
                    return onClose(payload);
                }
            }
        }

        private boolean onClose(ByteBuffer body) {
            ClosePayload.Parsed parsed = ClosePayload.parse(body);
            if (parsed instanceof ClosePayload.Parsed.Invalid invalid) {
                return fail(invalid.closeCode(), invalid.reason());
            }
            closeReceived = ((ClosePayload.Parsed.Valid) parsed).payload();
            state = state.afterCloseReceived();
            if (state == CloseState.CLOSED) {
                closeHandshakeDone();
            }
            // In CLOSE_RECEIVED the answer is due: takeOutput() sends it, after whatever the handlers
            // of the messages before this Close send in reply.
            // Section 5.5.1: nothing after a Close frame is read.
            return false;
        }
    }

    private Utf8Validator utf8Validator() {
        if (utf8 == null) {
            utf8 = new Utf8Validator();
        } else {
            utf8.reset();
        }
        return utf8;
    }
}
