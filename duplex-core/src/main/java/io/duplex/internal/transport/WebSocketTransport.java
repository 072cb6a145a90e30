package io.duplex.internal.transport;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.duplex.ReadyState;
import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.loop.IoHandler;
import io.duplex.internal.loop.SerialExecutor;
import io.duplex.internal.timer.Timeout;
import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.ProtocolEvent;
import io.duplex.protocol.Role;
import io.duplex.protocol.WebSocketConnection;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.close.CloseState;
import io.duplex.protocol.close.ClosePayload;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.message.PreparedMessage;

/**
 * A socket that carries one WebSocket connection, server or client side: the opening handshake is
 * the subclass's ({@link #readHandshake(ByteBuffer)}); once it calls {@link #open}, this class drives
 * the protocol engine, writes its output, and tells the listener what happened.
 *
 * <p>Everything but the {@link WebSocket} methods runs on the connection's loop; those methods hand
 * their work to the loop, so user code may call them from any thread.
 */
public abstract class WebSocketTransport implements IoHandler, WebSocket {

    private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());

    /** The loop that owns this connection. */
    protected final EventLoop loop;
    /** The socket. */
    protected final SocketChannel channel;
    /** How bytes reach the socket: plain or TLS. */
    private Wire wire;
    private final SendLimits sendLimits;
    private SelectionKey key;

    private WebSocketConnection engine;
    private WebSocketListener listener;
    private String subprotocol;
    /** The agreed extensions as the handshake answer named them; {@code ""} when none. */
    private String extensionsHeader = "";
    private Map<String, Object> attributes;
    private volatile ReadyState readyState = ReadyState.CONNECTING;

    /**
     * What the socket did not take yet, in order; null while nothing waits, so that an idle connection
     * holds no queue. Output goes to the socket directly and only the unwritten rest is queued.
     */
    private ArrayDeque<ByteBuffer> pending;
    /**
     * Bytes accepted by the send methods and not yet written: readable from any thread. A volatile
     * field updated through {@link #BUFFERED} rather than an AtomicLong: one object less per connection.
     */
    private volatile long buffered;

    private static final VarHandle BUFFERED;

    static {
        try {
            BUFFERED = MethodHandles.lookup().findVarHandle(WebSocketTransport.class, "buffered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long addBuffered(long delta) {
        return (long) BUFFERED.getAndAdd(this, delta) + delta;
    }
    /** Close the socket once {@link #pending} is written. */
    private boolean closeWhenFlushed;

    private final Timeouts timeouts;
    /** Until the opening handshake is done (or the next request of a kept-alive HTTP connection). */
    private Timeout handshakeTimer;
    /** Keepalive and idle checks, once open; it computes its own next deadline. */
    private Timeout activityTimer;
    /** From our Close frame to the end of the socket. */
    private Timeout closeTimer;
    private long lastInputNanos;
    private long lastMessageNanos;
    /** When this side last queued a message: what idle compressor release is measured from. */
    private long lastSentNanos;
    /** Whether listener callbacks are being dispatched on the loop right now (a re-entrancy guard). */
    private boolean dispatching;
    /** Runs this connection's callbacks off the loop, in order; null when they run on the loop. */
    private SerialExecutor callbackExecutor;
    /** The high surrogate ending the last streamed text part, held for the next part; 0 when none. */
    private char heldSurrogate;
    /** When the unanswered keepalive Ping went out; 0 while none is outstanding. */
    private long pingSentNanos;
    /** Run once the socket is closed; null until a hook is added, as for most connections. */
    private List<Runnable> closeHooks;

    /**
     * @param loop          the owning loop
     * @param channel       the socket, non-blocking
     * @param sendLimits    how much to buffer for sending: {@link SendResult#BACKPRESSURE} past the
     *                      high-water mark, {@link SendResult#DROPPED} past the limit
     * @param timeouts      how long to wait for each thing
     */
    protected WebSocketTransport(EventLoop loop, SocketChannel channel, SendLimits sendLimits, Timeouts timeouts) {
        this.loop = loop;
        this.channel = channel;
        this.wire = PlainWire.INSTANCE;
        this.sendLimits = sendLimits;
        this.timeouts = timeouts;
    }

    /**
     * Puts TLS between this connection and its socket; before any byte is read or written.
     *
     * @param tls the wire that encrypts
     */
    protected void useWire(Wire tls) {
        this.wire = tls;
    }

    /**
     * Registers with the loop and starts the handshake timeout; must be called on the loop.
     *
     * @param ops the first interest set
     * @throws IOException when the socket is closed
     */
    protected void register(int ops) throws IOException {
        key = loop.register(channel, ops, this);
        if (timeouts.handshakeNanos() > 0) {
            handshakeTimer = loop.schedule(timeouts.handshakeNanos(), this::handshakeTimedOut);
        }
    }

    /** Restarts the handshake timeout: a kept-alive HTTP connection waits this long for its next request. */
    protected void restartHandshakeTimeout() {
        if (handshakeTimer != null) {
            loop.reschedule(handshakeTimer, timeouts.handshakeNanos());
        }
    }

    /** The opening handshake took too long: drop the socket. Subclasses add what they must report. */
    protected void handshakeTimedOut() {
        closeChannel();
    }

    /**
     * Reads bytes of the opening handshake. Bytes after the handshake must be left in the buffer: they
     * are the first WebSocket frames.
     *
     * @param buf what arrived
     */
    protected abstract void readHandshake(ByteBuffer buf);

    /**
     * The handshake succeeded: from now on the engine carries the connection.
     *
     * @param role        which end this is
     * @param settings    the engine's limits
     * @param extensions  the negotiated extensions
     * @param keys        masking keys (clients), or null
     * @param protocol    the agreed subprotocol, or null
     * @param wsListener  the listener of this connection
     * @param callbacks   where the listener's callbacks run; null for this loop
     */
    protected final void open(Role role, EngineSettings settings, List<Extension> extensions, MaskingKeySource keys,
                              String protocol, WebSocketListener wsListener, Executor callbacks) {
        this.callbackExecutor = callbacks == null ? null : new SerialExecutor(callbacks);
        this.subprotocol = protocol;
        this.extensionsHeader = extensions.isEmpty() ? ""
                : extensions.stream().map(e -> e.negotiated().toHeaderValue()).collect(Collectors.joining(", "));
        this.listener = wsListener;
        this.engine = new WebSocketConnection(role, settings, extensions, keys);
        this.readyState = ReadyState.OPEN;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        lastInputNanos = lastMessageNanos = lastSentNanos = System.nanoTime();
        long first = firstActivityCheck();
        if (first > 0) {
            activityTimer = loop.schedule(first, this::checkActivity);
        }
        callListener(() -> listener.onOpen(this));
    }

    /** @return whether the opening handshake is done and the engine carries the connection */
    protected final boolean isUpgraded() {
        return engine != null;
    }

    // ------------------------------------------------------------------ I/O, on the loop

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((readyOps & SelectionKey.OP_READ) != 0 && channel.isOpen()) {
            read();
        }
    }

    @Override
    public void goingAway() {
        if (engine == null) {
            closeChannel(); // still in its handshake: nothing to say goodbye to
        } else if (engine.close(CloseCode.GOING_AWAY, "shutting down")) {
            readyState = ReadyState.CLOSING;
            flushEngine();
        }
    }

    @Override
    public void onLoopClosed() {
        if (engine != null) {
            // Best effort: tell the peer this end is going away (RFC 6455 section 7.4.1, 1001), in
            // one non-blocking write, then report the connection closed.
            if (engine.close(CloseCode.GOING_AWAY, "shutting down")) {
                flushEngine();
            }
        }
        endConnection();
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        int n;
        try {
            n = wire.read(channel, buf);
        } catch (IOException e) {
            transportFailed(e);
            return;
        }
        if (n < 0) {
            endOfInput();
            return;
        }
        buf.flip();
        lastInputNanos = System.nanoTime();
        pingSentNanos = 0; // any input answers a keepalive Ping: the peer is alive
        if (engine == null) {
            readHandshake(buf);
        }
        if (engine != null && buf.hasRemaining()) {
            engine.receive(buf);
            dispatchEvents();
        }
        flushEngine();
        if (wire.inputEnded() && channel.isOpen()) {
            // A TLS close_notify came with the data just handled: the socket will not say so again
            // (TLS 1.3 does not answer it by itself), so the input ends here.
            endOfInput();
        }
    }

    /** The peer closed its side of TCP. */
    protected void endOfInput() {
        endConnection();
    }

    /**
     * Ends the connection from this side without a closing handshake: the engine reports it closed
     * (the code received, or 1006), the listener hears it, and the socket is closed.
     */
    private void endConnection() {
        if (engine != null) {
            engine.receiveEof();
            dispatchEvents();
        }
        closeChannel();
    }

    /**
     * The socket failed.
     *
     * @param e what failed
     */
    protected void transportFailed(IOException e) {
        if (engine != null) {
            callListener(() -> listener.onError(this,
                    new WebSocketException(CloseCode.ABNORMAL_CLOSURE, String.valueOf(e.getMessage()), e)));
        }
        endConnection();
    }

    // ------------------------------------------------------------------ events to the listener

    private void dispatchEvents() {
        boolean outer = !dispatching;
        dispatching = true;
        try {
            dispatchPendingEvents();
        } finally {
            dispatching = !outer;
        }
    }

    private void dispatchPendingEvents() {
        ProtocolEvent e;
        while ((e = engine.nextEvent()) != null) {
            ProtocolEvent event = e;
            if (event instanceof ProtocolEvent.Text t) {
                lastMessageNanos = lastInputNanos;
                callListener(() -> listener.onText(this, t.text()));
            } else if (event instanceof ProtocolEvent.Binary b) {
                lastMessageNanos = lastInputNanos;
                callListener(() -> listener.onBinary(this, b.data()));
            } else if (event instanceof ProtocolEvent.Ping p) {
                callListener(() -> listener.onPing(this, p.payload()));
            } else if (event instanceof ProtocolEvent.Pong p) {
                callListener(() -> listener.onPong(this, p.payload()));
            } else if (event instanceof ProtocolEvent.Failure f) {
                callListener(() -> listener.onError(this, new WebSocketException(f.closeCode(), f.reason())));
            } else if (event instanceof ProtocolEvent.Closed c) {
                readyState = ReadyState.CLOSED;
                callListener(() -> listener.onClose(this, c.code(), c.reason()));
            }
        }
    }

    /**
     * Runs a callback on the loop, or hands it to the connection's serial executor. User code must not
     * take the loop down: a throwing callback closes its connection with 1011.
     */
    private void callListener(Runnable callback) {
        Runnable guarded = () -> {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "listener failed on " + remoteAddress() + "; closing with 1011", e);
                close(CloseCode.INTERNAL_ERROR, "");
            }
        };
        if (callbackExecutor != null) {
            callbackExecutor.execute(guarded);
        } else {
            guarded.run();
        }
    }

    /**
     * Flushes the engine's output, unless listener callbacks are being dispatched: then the flush
     * after the dispatch writes it, so that the output is not taken (which answers a peer's Close)
     * before the other messages that came with that Close have had their callbacks.
     */
    private void flushUnlessDispatching() {
        if (!dispatching) {
            flushEngine();
        }
    }

    // ------------------------------------------------------------------ writing, on the loop

    /** Moves the engine's output to the socket, and closes it when the engine says so. */
    private void flushEngine() {
        if (engine != null) {
            ByteBuffer[] out = engine.takeOutput();
            if (out.length > 0) {
                write(out);
            }
            if (engine.hasEvents()) {
                // Taking the output answers a peer's Close (after the replies to the messages before
                // it), which closes the connection: report that now.
                dispatchEvents();
            }
            if (engine.shouldCloseTransport()) {
                closeWhenFlushed = true;
            }
            if (engine.state() != CloseState.OPEN && closeTimer == null && timeouts.closeNanos() > 0
                    && channel.isOpen()) {
                // RFC 6455 section 7.1.1: the peer gets this long to finish the closing handshake and
                // (for a client) the server to close TCP; then the socket is closed anyway.
                closeTimer = loop.schedule(timeouts.closeNanos(), this::closeTimedOut);
            }
        }
        flush();
    }

    // ------------------------------------------------------------------ timeouts, on the loop

    private long firstActivityCheck() {
        long ping = timeouts.pingIntervalNanos();
        long idle = timeouts.idleNanos();
        if (ping == 0) {
            return idle;
        }
        return idle == 0 ? ping : Math.min(ping, idle);
    }

    /**
     * Keepalive (RFC 6455 section 5.5.2) and idle checks: one timer per connection, which works out
     * when it is next due from what happened since it last ran.
     */
    private void checkActivity() {
        if (!channel.isOpen() || engine == null || engine.state() == CloseState.CLOSED) {
            return;
        }
        long now = System.nanoTime();
        if (pingSentNanos != 0 && now - pingSentNanos >= timeouts.pongNanos()) {
            // No input at all since the Ping: the peer or the path is gone, and a Close frame would not
            // reach it either. Drop the socket; the connection ends as 1006.
            abort("no answer to a keepalive Ping within " + timeouts.pongNanos() / 1_000_000 + " ms");
            return;
        }
        if (timeouts.idleNanos() > 0 && now - lastMessageNanos >= timeouts.idleNanos() && engine.state().canSend()) {
            if (engine.close(CloseCode.GOING_AWAY, "idle timeout")) {
                readyState = ReadyState.CLOSING;
                flushEngine();
            }
        }
        long ping = timeouts.pingIntervalNanos();
        if (ping > 0 && pingSentNanos == 0 && now - lastInputNanos >= ping && engine.state().canSend()) {
            engine.ping(ByteBuffer.allocate(8).putLong(0, now));
            pingSentNanos = now;
            flushEngine();
        }
        if (ping > 0 && now - lastSentNanos >= ping) {
            // Nothing sent for a whole keepalive interval: a kept compressor goes back to the pool.
            engine.releaseIdleResources();
        }
        long next = Long.MAX_VALUE;
        if (ping > 0) {
            next = pingSentNanos != 0 ? pingSentNanos + timeouts.pongNanos() - now : lastInputNanos + ping - now;
        }
        if (timeouts.idleNanos() > 0 && engine.state() == CloseState.OPEN) {
            next = Math.min(next, lastMessageNanos + timeouts.idleNanos() - now);
        }
        if (next != Long.MAX_VALUE && channel.isOpen()) {
            loop.reschedule(activityTimer, Math.max(next, 1));
        }
    }

    /** The closing handshake did not finish in time: end it from our side. */
    private void closeTimedOut() {
        if (channel.isOpen()) {
            endConnection();
        }
    }

    /** Drops the socket of an open connection, telling the listener why. */
    private void abort(String reason) {
        callListener(() -> listener.onError(this, new WebSocketException(CloseCode.ABNORMAL_CLOSURE, reason)));
        endConnection();
    }

    /**
     * Queues bytes for the socket (a handshake request or response).
     *
     * @param b the bytes
     */
    protected void enqueue(ByteBuffer b) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(b);
        addBuffered(b.remaining());
    }

    /**
     * Writes the engine's output: straight to the socket when nothing is waiting before it, queuing
     * only what the socket does not take.
     */
    private void write(ByteBuffer[] buffers) {
        if (pending != null || !channel.isOpen() || wire.hasPendingOutput() || !wire.canTakeOutput()) {
            for (ByteBuffer b : buffers) {
                enqueue(b);
            }
            return;
        }
        try {
            wire.write(channel, buffers);
        } catch (IOException e) {
            transportFailed(e);
            return;
        }
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                enqueue(b);
            }
        }
    }

    /**
     * Writes what the socket takes now; the rest waits for it to drain.
     */
    protected void flush() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            wire.flushPending();
            while (pending != null && !pending.isEmpty() && !wire.hasPendingOutput() && wire.canTakeOutput()) {
                long written = wire.write(channel, pending.toArray(new ByteBuffer[0]));
                addBuffered(-written);
                while (!pending.isEmpty() && !pending.peek().hasRemaining()) {
                    pending.poll();
                }
                if (written == 0) {
                    break;
                }
            }
        } catch (IOException e) {
            transportFailed(e);
            return;
        }
        if (pending != null && pending.isEmpty()) {
            pending = null; // drained: an idle connection keeps no queue
        }
        if (wire.hasPendingOutput()) {
            // Encrypted bytes wait for the socket.
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else if (pending == null) {
            if (closeWhenFlushed) {
                closeChannel();
                return;
            }
            interest(SelectionKey.OP_READ);
        } else if (!wire.canTakeOutput()) {
            // The TLS handshake waits for the peer: the data goes once it has answered.
            interest(SelectionKey.OP_READ);
        } else {
            // The socket is full: wait until it drains instead of spinning.
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** Writes what is queued, then closes the socket: for an HTTP answer that ends the exchange. */
    protected void closeAfterFlush() {
        closeWhenFlushed = true;
        flush();
    }

    private void interest(int ops) {
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Closes the socket at once, dropping anything unwritten. */
    protected void closeChannel() {
        boolean wasOpen = channel.isOpen();
        readyState = ReadyState.CLOSED;
        pending = null;
        for (Timeout t : new Timeout[] {handshakeTimer, activityTimer, closeTimer}) {
            if (t != null) {
                t.cancel();
            }
        }
        if (key != null) {
            key.cancel();
        }
        if (wasOpen) {
            wire.closeOutbound(); // TLS: close_notify, in one non-blocking write at most
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The socket is being dropped; nothing to tell anyone.
        }
        if (wasOpen) {
            onChannelClosed();
            List<Runnable> hooks = closeHooks;
            closeHooks = null;
            if (hooks != null) {
                hooks.forEach(Runnable::run);
            }
        }
    }

    /** Called once, when the socket has been closed; for the owner's bookkeeping. */
    protected void onChannelClosed() {
    }

    /**
     * Runs a hook on the loop once the socket is closed (topics forget the connection this way).
     * Must be called on the loop; a connection already closed runs it at once.
     *
     * @param hook what to run
     */
    public void whenClosed(Runnable hook) {
        if (!channel.isOpen()) {
            hook.run();
            return;
        }
        if (closeHooks == null) {
            closeHooks = new ArrayList<>(1);
        }
        closeHooks.add(hook);
    }

    /** @return the loop that owns this connection */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Sends a shared message from the loop itself, without handing it over: for a fan-out that
     * already runs on the loop. Counts against the buffer limit like {@link #send(PreparedMessage)}.
     *
     * @param message the shared message
     * @return whether it was sent, or why not
     */
    public SendResult sendOnLoop(PreparedMessage message) {
        if (readyState != ReadyState.OPEN || engine == null) {
            return SendResult.DROPPED;
        }
        if (buffered + message.length() > sendLimits.maxBuffered()) {
            return SendResult.DROPPED;
        }
        if (engine.sendPrepared(message)) {
            lastMessageNanos = System.nanoTime();
        }
        flushUnlessDispatching();
        return buffered >= sendLimits.highWaterMark() ? SendResult.BACKPRESSURE : SendResult.SENT;
    }

    // ------------------------------------------------------------------ WebSocket, from any thread

    @Override
    public SendResult sendText(String text) {
        ByteBuffer utf8 = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        return submit(utf8.remaining(), () -> engine.sendUtf8Text(utf8));
    }

    @Override
    public SendResult sendBinary(ByteBuffer data) {
        ByteBuffer handedOver = data.slice();
        return submit(handedOver.remaining(), () -> engine.sendBinary(handedOver));
    }

    @Override
    public SendResult send(PreparedMessage message) {
        return submit(message.length(), () -> engine.sendPrepared(message));
    }

    @Override
    public SendResult sendBinaryFragment(ByteBuffer part, boolean last) {
        ByteBuffer handedOver = part.slice();
        return submit(handedOver.remaining(), () -> engine.sendFragment(false, handedOver, last));
    }

    @Override
    public synchronized SendResult sendTextFragment(CharSequence part, boolean last) {
        // Encode on the caller's thread, holding back a trailing high surrogate so that a pair cut
        // between two parts is encoded whole (synchronized: the held-back half is shared state).
        StringBuilder text = new StringBuilder(heldSurrogate == 0 ? "" : String.valueOf(heldSurrogate)).append(part);
        heldSurrogate = 0;
        if (!last && text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
            heldSurrogate = text.charAt(text.length() - 1);
            text.setLength(text.length() - 1);
        }
        ByteBuffer utf8 = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        return submit(utf8.remaining(), () -> engine.sendFragment(true, utf8, last));
    }

    @Override
    public SendResult ping(ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("a Ping carries at most 125 bytes: " + payload.remaining());
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        return submit(copy.remaining(), () -> engine.ping(copy));
    }

    @Override
    public void close(int code, String reason) {
        ClosePayload.encode(code, reason); // throws here, in the caller's thread, for a bad code or reason
        loop.execute(() -> {
            if (engine != null && engine.close(code, reason)) {
                if (readyState == ReadyState.OPEN) {
                    readyState = ReadyState.CLOSING;
                }
                flushUnlessDispatching();
            }
        });
    }

    /**
     * Accepts a send: counts its bytes as buffered at once, so that the caller sees backpressure
     * before the loop has run the send, then hands it to the loop.
     */
    private SendResult submit(int bytes, BooleanSupplier send) {
        if (readyState != ReadyState.OPEN) {
            return SendResult.DROPPED;
        }
        long after = addBuffered(bytes);
        if (after > sendLimits.maxBuffered()) {
            // Nothing queues without bound: the caller learns at once, and the message is not kept.
            addBuffered(-bytes);
            return SendResult.DROPPED;
        }
        loop.execute(() -> {
            addBuffered(-bytes);
            if (engine == null) {
                return;
            }
            try {
                if (send.getAsBoolean()) {
                    lastMessageNanos = lastSentNanos = System.nanoTime();
                }
            } catch (IllegalStateException misuse) {
                // A message started inside an unfinished streamed one: the application's mistake, and
                // the stream can no longer be completed correctly. Same treatment as a failing listener.
                LOG.log(Level.ERROR, "send refused on " + remoteAddress() + "; closing with 1011", misuse);
                if (engine.close(CloseCode.INTERNAL_ERROR, "")) {
                    readyState = ReadyState.CLOSING;
                }
            }
            flushUnlessDispatching();
        });
        return after >= sendLimits.highWaterMark() ? SendResult.BACKPRESSURE : SendResult.SENT;
    }

    @Override
    public ReadyState readyState() {
        return readyState;
    }

    @Override
    public long bufferedAmount() {
        return buffered;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String extensions() {
        return extensionsHeader;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T attribute(String name) {
        return attributes == null ? null : (T) attributes.get(name);
    }

    @Override
    public synchronized void attribute(String name, Object value) {
        if (value == null) {
            if (attributes != null) {
                attributes.remove(name);
            }
            return;
        }
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(name, value);
    }
}
