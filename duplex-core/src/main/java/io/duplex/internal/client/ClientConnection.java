package io.duplex.internal.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.tls.TlsWire;
import io.duplex.internal.transport.SendLimits;
import io.duplex.internal.transport.Timeouts;
import io.duplex.internal.transport.WebSocketTransport;
import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.Role;
import io.duplex.protocol.close.CloseCode;
import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.handshake.ClientHandshake;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpResponseHead;

/**
 * A client socket: connect, send the upgrade request, validate the response (RFC 6455 section 4.1),
 * then carry the WebSocket. The future completes when the connection is open, or fails with the
 * reason it could not be.
 */
public final class ClientConnection extends WebSocketTransport {

    private final InetSocketAddress address;
    private final ClientHandshake handshake;
    private final EngineSettings settings;
    private final WebSocketListener listener;
    private final CompletableFuture<WebSocket> opened;
    private HttpHeadParser<HttpResponseHead> headParser = HttpHeadParser.forResponse();

    /**
     * @param loop          the owning loop
     * @param channel       an unconnected, non-blocking socket
     * @param address       where to connect
     * @param handshake     the request to send and the rules to check the response by
     * @param settings      the engine's limits
     * @param sendLimits    how much the connection buffers for sending
     * @param timeouts      how long to wait for each thing; the handshake timeout covers connecting
     * @param listener      the listener of the connection
     * @param opened        completed with the open connection, or with the failure
     * @param tls           the TLS engine for {@code wss://}, or null for {@code ws://}
     */
    public ClientConnection(EventLoop loop, SocketChannel channel, InetSocketAddress address, ClientHandshake handshake,
                            EngineSettings settings, SendLimits sendLimits, Timeouts timeouts, WebSocketListener listener,
                            CompletableFuture<WebSocket> opened, SSLEngine tls) {
        super(loop, channel, sendLimits, timeouts);
        if (tls != null) {
            useWire(new TlsWire(channel, tls));
        }
        this.address = address;
        this.handshake = handshake;
        this.settings = settings;
        this.listener = listener;
        this.opened = opened;
    }

    /**
     * Starts connecting; called on the loop.
     *
     * @throws IOException when the connection cannot even be started
     */
    public void start() throws IOException {
        if (channel.connect(address)) {
            register(SelectionKey.OP_READ);
            sendRequest();
        } else {
            register(SelectionKey.OP_CONNECT);
        }
    }

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            try {
                channel.finishConnect();
            } catch (IOException e) {
                transportFailed(e);
                return;
            }
            sendRequest();
            return;
        }
        super.onReady(readyOps);
    }

    private void sendRequest() {
        enqueue(ByteBuffer.wrap(handshake.requestBytes()));
        flush();
    }

    @Override
    protected void readHandshake(ByteBuffer buf) {
        HttpHeadParser.Result<HttpResponseHead> result = headParser.parse(buf);
        if (result instanceof HttpHeadParser.Failed<HttpResponseHead> failed) {
            fail("malformed handshake response: " + failed.reason());
        } else if (result instanceof HttpHeadParser.Complete<HttpResponseHead> complete) {
            headParser = null;
            ClientHandshake.Outcome outcome = handshake.validate(complete.head());
            if (outcome instanceof ClientHandshake.Failed failed) {
                fail("handshake failed: " + failed.reason() + " (HTTP " + complete.head().status() + ")");
                return;
            }
            ClientHandshake.Accepted accepted = (ClientHandshake.Accepted) outcome;
            open(Role.CLIENT, settings, accepted.extensions(), MaskingKeySource.secure(), accepted.subprotocol(),
                    listener, null);
            opened.complete(this);
        }
    }

    @Override
    protected void handshakeTimedOut() {
        fail("the opening handshake with " + address + " timed out");
    }

    private void fail(String reason) {
        opened.completeExceptionally(new WebSocketException(CloseCode.ABNORMAL_CLOSURE, reason));
        closeChannel();
    }

    @Override
    protected void endOfInput() {
        if (!opened.isDone()) {
            fail("the server closed the connection during the handshake");
            return;
        }
        super.endOfInput();
    }

    @Override
    protected void transportFailed(IOException e) {
        if (!opened.isDone()) {
            String what = e instanceof SSLException ? "the TLS handshake with " + address + " failed: "
                    : "cannot connect to " + address + ": ";
            opened.completeExceptionally(new WebSocketException(CloseCode.ABNORMAL_CLOSURE, what + e.getMessage(), e));
            closeChannel();
            return;
        }
        super.transportFailed(e);
    }

    @Override
    public void onLoopClosed() {
        if (!opened.isDone()) {
            fail("the client was closed");
            return;
        }
        super.onLoopClosed();
    }

    @Override
    public SocketAddress remoteAddress() {
        return address;
    }
}
