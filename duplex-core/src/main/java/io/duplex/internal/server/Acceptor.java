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
    private int next;

    /**
     * @param server the bound, non-blocking listening socket
     * @param loops  the loops that take the connections
     * @param config the server's settings
     */
    public Acceptor(ServerSocketChannel server, List<EventLoop> loops, ServerConfig config) {
        this.server = server;
        this.loops = List.copyOf(loops);
        this.config = config;
    }

    /**
     * Registers for accepts with the given loop; must be called on that loop.
     *
     * @param loop the loop that accepts
     * @throws IOException when the socket is closed
     */
    public void start(EventLoop loop) throws IOException {
        loop.register(server, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onReady(int readyOps) {
        // Drain the backlog: one readiness may stand for many waiting connections.
        for (int i = 0; i < 256; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed", e);
                return;
            }
            if (channel == null) {
                return;
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
            new ServerConnection(loop, channel, config).start();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection dropped while opening", e);
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; nothing more to do with it.
            }
        }
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
