package io.duplex.internal.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import io.duplex.ReadyState;
import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.loop.IoHandler;
import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.ProtocolEvent;
import io.duplex.protocol.Role;
import io.duplex.protocol.WebSocketConnection;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.close.ClosePayload;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.frame.MaskingKeySource;

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
    private final long highWaterMark;
    private SelectionKey key;

    private WebSocketConnection engine;
    private WebSocketListener listener;
    private String subprotocol;
    private Map<String, Object> attributes;
    private volatile ReadyState readyState = ReadyState.CONNECTING;

    /** Buffers waiting for the socket, in order. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(2);
    /** Bytes accepted by the send methods and not yet written: readable from any thread. */
    private final AtomicLong buffered = new AtomicLong();
    /** Close the socket once {@link #pending} is written. */
    private boolean closeWhenFlushed;

    /**
     * @param loop          the owning loop
     * @param channel       the socket, non-blocking
     * @param highWaterMark buffered bytes past which sends answer {@link SendResult#BACKPRESSURE}
     */
    protected WebSocketTransport(EventLoop loop, SocketChannel channel, long highWaterMark) {
        this.loop = loop;
        this.channel = channel;
        this.highWaterMark = highWaterMark;
    }

    /**
     * Registers with the loop; must be called on it.
     *
     * @param ops the first interest set
     * @throws IOException when the socket is closed
     */
    protected void register(int ops) throws IOException {
        key = loop.register(channel, ops, this);
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
     */
    protected final void open(Role role, EngineSettings settings, List<Extension> extensions, MaskingKeySource keys,
                              String protocol, WebSocketListener wsListener) {
        this.subprotocol = protocol;
        this.listener = wsListener;
        this.engine = new WebSocketConnection(role, settings, extensions, keys);
        this.readyState = ReadyState.OPEN;
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
    public void onLoopClosed() {
        if (engine != null) {
            // Best effort: tell the peer this end is going away (RFC 6455 section 7.4.1, 1001), in
            // one non-blocking write, then report the connection closed.
            if (engine.close(CloseCode.GOING_AWAY, "shutting down")) {
                flushEngine();
            }
            engine.receiveEof();
            dispatchEvents();
        }
        closeChannel();
    }

    private void read() {
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            transportFailed(e);
            return;
        }
        if (n < 0) {
            endOfInput();
            return;
        }
        buf.flip();
        if (engine == null) {
            readHandshake(buf);
        }
        if (engine != null && buf.hasRemaining()) {
            engine.receive(buf);
            dispatchEvents();
        }
        flushEngine();
    }

    /** The peer closed its side of TCP. */
    protected void endOfInput() {
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
            engine.receiveEof();
            dispatchEvents();
        }
        closeChannel();
    }

    // ------------------------------------------------------------------ events to the listener

    private void dispatchEvents() {
        ProtocolEvent e;
        while ((e = engine.nextEvent()) != null) {
            ProtocolEvent event = e;
            if (event instanceof ProtocolEvent.Text t) {
                callListener(() -> listener.onText(this, t.text()));
            } else if (event instanceof ProtocolEvent.Binary b) {
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

    /** User code must not take the loop down: a throwing callback closes its connection with 1011. */
    private void callListener(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "listener failed on " + remoteAddress() + "; closing with 1011", e);
            if (engine != null && engine.state().canSend()) {
                engine.close(CloseCode.INTERNAL_ERROR, "");
                readyState = ReadyState.CLOSING;
            }
        }
    }

    // ------------------------------------------------------------------ writing, on the loop

    /** Moves the engine's output to the socket, and closes it when the engine says so. */
    private void flushEngine() {
        if (engine != null) {
            for (ByteBuffer b : engine.takeOutput()) {
                enqueue(b);
            }
            if (engine.shouldCloseTransport()) {
                closeWhenFlushed = true;
            }
        }
        flush();
    }

    /**
     * Queues bytes for the socket (a handshake request or response).
     *
     * @param b the bytes
     */
    protected void enqueue(ByteBuffer b) {
        pending.add(b);
        buffered.addAndGet(b.remaining());
    }

    /**
     * Writes what the socket takes now; the rest waits for it to drain.
     */
    protected void flush() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            while (!pending.isEmpty()) {
                long written = channel.write(pending.toArray(new ByteBuffer[0]));
                buffered.addAndGet(-written);
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
        if (pending.isEmpty()) {
            if (closeWhenFlushed) {
                closeChannel();
                return;
            }
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
        readyState = ReadyState.CLOSED;
        pending.clear();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // The socket is being dropped; nothing to tell anyone.
        }
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
                flushEngine();
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
        long after = buffered.addAndGet(bytes);
        loop.execute(() -> {
            buffered.addAndGet(-bytes);
            if (engine != null && send.getAsBoolean()) {
                flushEngine();
            }
        });
        return after >= highWaterMark ? SendResult.BACKPRESSURE : SendResult.SENT;
    }

    @Override
    public ReadyState readyState() {
        return readyState;
    }

    @Override
    public long bufferedAmount() {
        return buffered.get();
    }

    @Override
    public String subprotocol() {
        return subprotocol;
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
