package io.duplex.internal.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.duplex.internal.loop.EventLoop;
import io.duplex.internal.loop.IoHandler;

/**
 * Accepts connections on the listening socket and deals them to the event loops in turn; each loop
 * then owns its connections for their whole life.
 */
public final class Acceptor implements IoHandler {

    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());

    private final ServerSocketChannel server;
    private final List<EventLoop> loops;
    private final ServerConfig config;
    private final ConnectionCount count;
    private int next;
    private EventLoop acceptLoop;
    private SelectionKey key;

    /** Sent to a connection over the limit: better a clear answer than a full backlog. */
    private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 20\r\nConnection: close\r\n\r\n"
            + "too many connections").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** After a failed accept (out of file descriptors, say), accepting pauses this long. */
    private static final long ACCEPT_BACKOFF_NANOS = 100_000_000L;

    /**
     * @param server the bound, non-blocking listening socket
     * @param loops  the loops that take the connections
     * @param config the server's settings
     * @param count  the connections held, against the limit
     */
    public Acceptor(ServerSocketChannel server, List<EventLoop> loops, ServerConfig config, ConnectionCount count) {
        this.server = server;
        this.loops = List.copyOf(loops);
        this.config = config;
        this.count = count;
    }

    /**
     * Registers for accepts with the given loop; must be called on that loop.
     *
     * @param loop the loop that accepts
     * @throws IOException when the socket is closed
     */
    public void start(EventLoop loop) throws IOException {
        acceptLoop = loop;
        key = loop.register(server, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(int readyOps) {
        // Drain the backlog: one readiness may stand for many waiting connections.
        for (int i = 0; i < 256; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Level-triggered: retrying at once would spin while the cause (often no file
                // descriptors left) lasts. Pause accepting; the backlog holds the waiting clients.
                LOG.log(Level.WARNING, "accept failed; pausing accepts for 100 ms", e);
                key.interestOps(0);
                acceptLoop.schedule(ACCEPT_BACKOFF_NANOS, () -> {
                    if (key.isValid()) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            if (channel == null) {
                return;
            }
            if (!count.tryAcquire()) {
                refuse(channel, config.tls() != null);
                continue;
            }
            EventLoop loop = loops.get(next);
            next = (next + 1) % loops.size();
            loop.execute(() -> open(loop, channel));
        }
    }

    private void open(EventLoop loop, SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            new ServerConnection(loop, channel, config, count).start();
        } catch (IOException | RuntimeException e) {
            // A RuntimeException too (a TLS engine that cannot be made, say): the socket and its slot
            // must be given back whatever went wrong.
            LOG.log(e instanceof IOException ? Level.DEBUG : Level.ERROR, "connection dropped while opening", e);
            count.release();
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; nothing more to do with it.
            }
        }
    }

    /**
     * Over the limit: a best-effort 503 in one non-blocking write, then close. On a TLS port a clear
     * text answer would only be a garbled record to the client: it is just closed.
     */
    private static void refuse(SocketChannel channel, boolean tls) {
        try (channel) {
            if (tls) {
                return;
            }
            channel.configureBlocking(false);
            channel.write(java.nio.ByteBuffer.wrap(BUSY));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "refusing a connection failed", e);
        }
    }

    @Override
    public void goingAway() {
        onLoopClosed(); // stop accepting; the connections close on their own
    }

    @Override
    public void onLoopClosed() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the listening socket failed", e);
        }
    }
}
