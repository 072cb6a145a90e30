package io.duplex.internal.server;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.transport.WebSocketTransport;
import io.duplex.protocol.Role;
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
    private final SocketAddress remoteAddress;
    /** Parses the request head; null once the request is routed. */
    private HttpHeadParser<HttpRequestHead> headParser;

    ServerConnection(EventLoop loop, SocketChannel channel, ServerConfig config) throws IOException {
        super(loop, channel, config.highWaterMark());
        this.config = config;
        this.remoteAddress = channel.getRemoteAddress();
        this.headParser = HttpHeadParser.forRequest(config.httpLimits());
    }

    /** Registers with the loop; called on the loop. */
    void start() throws IOException {
        register(SelectionKey.OP_READ);
    }

    @Override
    protected void readHandshake(ByteBuffer buf) {
        if (headParser == null) {
            buf.position(buf.limit()); // answered and closing: ignore what the client sends meanwhile
            return;
        }
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
        String path = path(request.target());
        Endpoint endpoint = config.endpoint(path);
        boolean upgrade = request.headers().containsToken("Upgrade", "websocket");
        if (endpoint == null || !upgrade) {
            answerAndClose(textResponse(HttpStatus.NOT_FOUND, "no WebSocket endpoint at " + path));
            return;
        }
        ServerHandshake.Outcome outcome = endpoint.handshake().accept(request);
        if (outcome instanceof ServerHandshake.Rejected rejected) {
            answerAndClose(rejected.response());
            return;
        }
        ServerHandshake.Accepted accepted = (ServerHandshake.Accepted) outcome;
        enqueue(ByteBuffer.wrap(accepted.response().toBytes()));
        open(Role.SERVER, config.engineSettings(), accepted.extensions(), null, accepted.subprotocol(),
                endpoint.listener());
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
        closeAfterFlush();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }
}
