package io.duplex.internal.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.tls.TlsWire;
import io.duplex.internal.transport.WebSocketTransport;
import io.duplex.protocol.Role;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;

/**
 * One accepted socket: an HTTP request head first; an upgrade to a known path becomes a WebSocket,
 * anything else is answered and closed.
 */
final class ServerConnection extends WebSocketTransport {

    private final ServerConfig config;
    private final ConnectionCount count;
    private final SocketAddress remoteAddress;
    /** Parses the request head; null once the request is routed. */
    private HttpHeadParser<HttpRequestHead> headParser;

    ServerConnection(EventLoop loop, SocketChannel channel, ServerConfig config, ConnectionCount count)
            throws IOException {
        super(loop, channel, config.sendLimits(), config.timeouts());
        this.config = config;
        this.count = count;
        this.remoteAddress = channel.getRemoteAddress();
        this.headParser = HttpHeadParser.forRequest(config.httpLimits());
        if (config.tls() != null) {
            // The handshake timeout, started at registration, covers the TLS handshake too.
            useWire(new TlsWire(channel, config.tls().newEngine()));
        }
    }

    /** Registers with the loop; called on the loop. */
    void start() throws IOException {
        register(SelectionKey.OP_READ);
    }

    @Override
    protected void readHandshake(ByteBuffer buf) {
        // A keep-alive connection may bring several requests in one read: answer each in turn until
        // one upgrades (the rest of the buffer is then WebSocket data) or the input runs out.
        while (headParser != null && !isUpgraded() && buf.hasRemaining()) {
            HttpHeadParser.Result<HttpRequestHead> result = headParser.parse(buf);
            if (result instanceof HttpHeadParser.Failed<HttpRequestHead> failed) {
                answer(ServerHandshake.reject(failed).response(), false);
            } else if (result instanceof HttpHeadParser.Complete<HttpRequestHead> complete) {
                route(complete.head());
            } else {
                return;
            }
        }
        if (headParser == null && !isUpgraded()) {
            // Answered and closing: ignore what the client sends meanwhile. (After an upgrade, what
            // follows the head in the buffer is WebSocket data and is left for the engine.)
            buf.position(buf.limit());
        }
    }

    /**
     * An upgrade goes to the endpoint of its path; any other request to the static files, when the
     * server has some, else 404.
     */
    private void route(HttpRequestHead request) {
        if (!request.headers().containsToken("Upgrade", "websocket")) {
            HttpResponseHead response = config.staticFiles() != null ? config.staticFiles().respond(request)
                    : textResponse(HttpStatus.NOT_FOUND, "not found");
            answer(response, keepAlive(request));
            return;
        }
        String path = path(request.target());
        Endpoint endpoint = config.endpoint(path);
        if (endpoint == null) {
            answer(textResponse(HttpStatus.NOT_FOUND, "no WebSocket endpoint at " + path), false);
            return;
        }
        ServerHandshake.Outcome outcome = endpoint.handshake().accept(request);
        if (outcome instanceof ServerHandshake.Rejected rejected) {
            answer(rejected.response(), false);
            return;
        }
        ServerHandshake.Accepted accepted = (ServerHandshake.Accepted) outcome;
        HttpResponseHead response = accepted.response();
        String subprotocol = accepted.subprotocol();
        if (endpoint.policy() != null) {
            UpgradePolicy.Verdict verdict = endpoint.policy().decide(request, remoteAddress, accepted);
            if (!verdict.upgrade()) {
                accepted.extensions().forEach(Extension::release);
                answer(verdict.response(), false);
                return;
            }
            response = verdict.response();
            subprotocol = verdict.subprotocol();
            verdict.attributes().forEach(this::attribute); // before onOpen, which may read them
        }
        headParser = null;
        enqueue(ByteBuffer.wrap(response.toBytes()));
        open(Role.SERVER, config.engineSettings(), accepted.extensions(), null, subprotocol,
                endpoint.listener(), endpoint.callbacks());
    }

    /** HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it. */
    private static boolean keepAlive(HttpRequestHead request) {
        HttpHeaders h = request.headers();
        if (request.version().isAtLeast(1, 1)) {
            return !h.containsToken("Connection", "close");
        }
        return h.containsToken("Connection", "keep-alive");
    }

    private static String path(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    private static HttpResponseHead textResponse(int status, String text) {
        return HttpResponseHead.of(status, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
                (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends an HTTP answer; then either waits for the next request on the same connection, or closes
     * it once the answer is written (saying so in {@code Connection: close}).
     */
    private void answer(HttpResponseHead response, boolean keepAlive) {
        if (keepAlive) {
            enqueue(ByteBuffer.wrap(response.toBytes()));
            headParser = HttpHeadParser.forRequest(config.httpLimits());
            restartHandshakeTimeout(); // the next request gets as long as the first
            flush();
            return;
        }
        HttpResponseHead closing = new HttpResponseHead(response.version(), response.status(), response.reason(),
                response.headers().toBuilder().set("Connection", "close").build(), response.body());
        headParser = null;
        enqueue(ByteBuffer.wrap(closing.toBytes()));
        closeAfterFlush();
    }

    @Override
    protected void onChannelClosed() {
        count.release();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }
}
