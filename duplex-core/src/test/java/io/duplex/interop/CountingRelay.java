package io.duplex.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 that forwards every connection to a server and counts the bytes each way:
 * what a WebSocket message really costs on the wire, which neither the browser's API nor ours
 * tells. The browser tests put it between Chromium and our server to see that permessage-deflate
 * does compress, in both directions, and that context takeover is used exactly when it was agreed.
 *
 * <p>It can also batch what the server sends ({@link #CountingRelay(InetSocketAddress, Duration)}):
 * bytes written back to back by the server, in separate writes, then reach the client together, in
 * one segment, as a busy network delivers them. The TLS close tests use that to put a server's last
 * record and its close_notify into one read of our client.
 *
 * <p>Blocking sockets with a thread per direction: a test opens a handful of connections. Every
 * thread is a daemon and ends when {@link #close()} closes its sockets.
 */
final class CountingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    /** How long bytes towards the client wait for more to go with them; 0 for none. */
    private final long batchMillis;
    private final AtomicLong towardsServer = new AtomicLong();
    private final AtomicLong towardsClient = new AtomicLong();
    /** Every socket opened, for {@link #close()}; guards itself and {@link #threads}. */
    private final List<Socket> sockets = new ArrayList<>();
    /** Every thread started, for {@link #close()} to wait for. */
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Starts relaying to a server.
     *
     * @param target the server's address
     * @throws IOException when no port can be bound
     */
    CountingRelay(InetSocketAddress target) throws IOException {
        this(target, Duration.ZERO);
    }

    /**
     * Starts relaying to a server, holding what the server sends for a while so that what it writes
     * within that time reaches the client in one write.
     *
     * @param target the server's address
     * @param batch  how long the first bytes towards the client wait for more
     * @throws IOException when no port can be bound
     */
    CountingRelay(InetSocketAddress target, Duration batch) throws IOException {
        this.target = target;
        this.batchMillis = batch.toMillis();
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        start(new Thread(this::accept, "relay-accept"));
    }

    /** @return the port clients connect to instead of the server's */
    int port() {
        return listener.getLocalPort();
    }

    /** @return bytes relayed from clients to the server since the last {@link #reset()} */
    long towardsServer() {
        return towardsServer.get();
    }

    /** @return bytes relayed from the server to clients since the last {@link #reset()} */
    long towardsClient() {
        return towardsClient.get();
    }

    /** Sets both counts to zero, such as after a handshake, to count only what follows. */
    void reset() {
        towardsServer.set(0);
        towardsClient.set(0);
    }

    /** Stops accepting, closes every relayed connection and waits up to 5 s for the threads. */
    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        List<Thread> running;
        synchronized (sockets) {
            sockets.forEach(CountingRelay::closeQuietly);
            running = new ArrayList<>(threads);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            for (Thread thread : running) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            // The threads are daemons with closed sockets: they end without being waited for.
            Thread.currentThread().interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                track(client);
                track(server);
                server.connect(target, 5_000);
                AtomicInteger ended = new AtomicInteger();
                start(new Thread(() -> pump(client, server, towardsServer, ended, 0), "relay-to-server"));
                start(new Thread(() -> pump(server, client, towardsClient, ended, batchMillis), "relay-to-client"));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("relay: " + e);
                }
            }
        }
    }

    /**
     * Copies one direction until its end, counting what passes. A clean end is passed on as a
     * half-close, so that a closing handshake finishes as it would without the relay; the sockets
     * are closed once both directions have ended, or at once on an error. With a batch time, what
     * arrives within that time of the first bytes is written with them, in one write.
     */
    private static void pump(Socket from, Socket to, AtomicLong counter, AtomicInteger ended, long batchMillis) {
        byte[] buffer = new byte[64 * 1024];
        boolean clean = false;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (batchMillis > 0) {
                    Thread.sleep(batchMillis);
                    // available() never blocks: only what has already come joins the batch.
                    for (int more; n < buffer.length && (more = in.available()) > 0; ) {
                        n += in.read(buffer, n, Math.min(more, buffer.length - n));
                    }
                }
                counter.addAndGet(n);
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            clean = true;
        } catch (IOException e) {
            // A reset, or close() closing the sockets: the connection is over either way.
        } catch (InterruptedException e) {
            // Only close() ends these threads, by closing the sockets; nobody interrupts them.
            Thread.currentThread().interrupt();
        } finally {
            if (!clean || ended.incrementAndGet() == 2) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more to do with a socket that will not close.
        }
    }

    private void track(Socket socket) {
        synchronized (sockets) {
            sockets.add(socket);
        }
    }

    private void start(Thread thread) {
        thread.setDaemon(true);
        synchronized (sockets) {
            threads.add(thread);
        }
        thread.start();
    }
}
