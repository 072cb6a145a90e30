package io.duplex.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.duplex.ReadyState;
import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.loop.IoHandler;
import io.duplex.protocol.ProtocolEvent;
import io.duplex.protocol.Role;
import io.duplex.protocol.WebSocketConnection;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.close.ClosePayload;
import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;

/**
 * One accepted socket: first an HTTP head, then, once upgraded, a WebSocket driven by the protocol
 * engine. Everything but the {@link WebSocket} methods runs on the connection's loop; those methods
 * hand their work to the loop.
 */
final class ServerConnection implements IoHandler, WebSocket {

    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());

    private final EventLoop loop;
    private final SocketChannel channel;
    private final ServerConfig config;
    private final SocketAddress remoteAddress;
    private SelectionKey key;

    /** Parses the request head; null once the connection is upgraded or answered. */
    private HttpHeadParser<HttpRequestHead> headParser;
    /** The engine, once upgraded; null before. */
    private WebSocketConnection engine;
    private WebSocketListener listener;
    private String subprotocol;
    private Map<String, Object> attributes;
    private volatile ReadyState readyState = ReadyState.CONNECTING;

    /** Buffers waiting for the socket, in order; empty while nothing is pending. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(2);
    /** Bytes accepted by the send methods and not yet written: readable from any thread. */
    private final AtomicLong buffered = new AtomicLong();
    /** Close the socket once {@link #pending} is written. */
    private boolean closeWhenFlushed;

    ServerConnection(EventLoop loop, SocketChannel channel, ServerConfig config) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.config = config;
        this.remoteAddress = channel.getRemoteAddress();
        this.headParser = HttpHeadParser.forRequest(config.httpLimits());
    }

    /** Registers with the loop; called on the loop. */
    void start() throws IOException {
        key = loop.register(channel, SelectionKey.OP_READ, this);
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
            // Best effort: tell the peer the server is going away (RFC 6455 section 7.4.1, 1001),
            // in one non-blocking write, then report the connection closed.
            if (engine.close(CloseCode.GOING_AWAY, "server shutting down")) {
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
            if (headParser == null) {
                return; // answered and closing: ignore what the client sends meanwhile
            }
            readHead(buf);
        }
        if (engine != null && buf.hasRemaining()) {
            engine.receive(buf);
            dispatchEvents();
        }
        flushEngine();
    }

    private void readHead(ByteBuffer buf) {
        HttpHeadParser.Result<HttpRequestHead> result = headParser.parse(buf);
        if (result instanceof HttpHeadParser.Failed<HttpRequestHead> failed) {
            answerAndClose(ServerHandshake.reject(failed).response());
        } else if (result instanceof HttpHeadParser.Complete<HttpRequestHead> complete) {
            headParser = null;
            route(complete.head());
        }
    }

    /** An upgrade goes to the endpoint of its path; anything else is not served yet (404). */
    private void route(HttpRequestHead request) {
        Endpoint endpoint = config.endpoint(path(request.target()));
        boolean upgrade = request.headers().containsToken("Upgrade", "websocket");
        if (endpoint == null || !upgrade) {
            answerAndClose(textResponse(HttpStatus.NOT_FOUND, "no WebSocket endpoint at " + path(request.target())));
            return;
        }
        ServerHandshake.Outcome outcome = endpoint.handshake().accept(request);
        if (outcome instanceof ServerHandshake.Rejected rejected) {
            answerAndClose(rejected.response());
            return;
        }
        ServerHandshake.Accepted accepted = (ServerHandshake.Accepted) outcome;
        enqueue(ByteBuffer.wrap(accepted.response().toBytes()));
        subprotocol = accepted.subprotocol();
        listener = endpoint.listener();
        engine = new WebSocketConnection(Role.SERVER, config.engineSettings(), accepted.extensions(), null);
        readyState = ReadyState.OPEN;
        callListener(() -> listener.onOpen(this));
    }

    private static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private static HttpResponseHead textResponse(int status, String text) {
        return HttpResponseHead.of(status,
                HttpHeaders.of("Content-Type", "text/plain; charset=utf-8", "Connection", "close"),
                (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void answerAndClose(HttpResponseHead response) {
        headParser = null;
        enqueue(ByteBuffer.wrap(response.toBytes()));
        closeWhenFlushed = true;
        flush();
    }

    private void endOfInput() {
        if (engine != null) {
            engine.receiveEof();
            dispatchEvents();
        }
        closeChannel();
    }

    private void transportFailed(IOException e) {
        if (engine != null) {
            callListener(() -> listener.onError(this, new WebSocketException(CloseCode.ABNORMAL_CLOSURE, e.getMessage(), e)));
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
            LOG.log(Level.ERROR, "listener failed on " + remoteAddress + "; closing with 1011", e);
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

    private void enqueue(ByteBuffer b) {
        pending.add(b);
        buffered.addAndGet(b.remaining());
    }

    private void flush() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            while (!pending.isEmpty()) {
                ByteBuffer[] batch = pending.toArray(new ByteBuffer[0]);
                long written = channel.write(batch);
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

    private void interest(int ops) {
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    private void closeChannel() {
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
     * Accepts a send: counts its bytes as buffered at once, so that the caller sees backpressure before
     * the loop has run the send, then hands it to the loop.
     */
    private SendResult submit(int bytes, java.util.function.BooleanSupplier send) {
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
        return after >= config.highWaterMark() ? SendResult.BACKPRESSURE : SendResult.SENT;
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
    public SocketAddress remoteAddress() {
        return remoteAddress;
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
