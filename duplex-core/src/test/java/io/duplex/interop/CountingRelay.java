package io.duplex.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * <p>Blocking sockets with a thread per direction: a test opens a handful of connections. Every
 * thread is a daemon and ends when {@link #close()} closes its sockets.
 */
final class CountingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
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
        this.target = target;
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
                start(new Thread(() -> pump(client, server, towardsServer, ended), "relay-to-server"));
                start(new Thread(() -> pump(server, client, towardsClient, ended), "relay-to-client"));
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
     * are closed once both directions have ended, or at once on an error.
     */
    private static void pump(Socket from, Socket to, AtomicLong counter, AtomicInteger ended) {
        byte[] buffer = new byte[64 * 1024];
        boolean clean = false;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                counter.addAndGet(n);
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
            clean = true;
        } catch (IOException e) {
            // A reset, or close() closing the sockets: the connection is over either way.
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
