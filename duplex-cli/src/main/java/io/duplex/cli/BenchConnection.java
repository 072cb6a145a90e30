package io.duplex.cli;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import io.duplex.SendResult;
import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/**
 * One connection of a benchmark, as a closed loop: it keeps {@code depth} messages from the pool in
 * flight, checks each echo byte for byte against the message sent (echoes come back in order, so the
 * oldest message in flight is the one to compare with), times it, and sends the next.
 *
 * <p>Every send happens on the connection's event loop, in {@link #onOpen} and on each echo, never on
 * another thread: the client runs a send made on its own loop at once, ahead of sends other threads
 * have queued, so sends from two threads could reach the wire in another order than they were
 * recorded here. The in-flight record is therefore touched by the loop only.
 */
final class BenchConnection implements WebSocketListener {

    private final int id;
    private final PayloadPool pool;
    private final LoadPhase phase;
    private final ErrorLog errors;
    /** The messages this connection sends at most (1 for an idle connection). */
    private final long messageLimit;
    private final boolean compressionWanted;
    private final InFlight inFlight;
    private final LatencyHistogram latencies = new LatencyHistogram();

    /** Completed once the first echo came back right: the connection works end to end. */
    final CompletableFuture<WebSocket> ready = new CompletableFuture<>();
    /** Completed when nothing is in flight and nothing more will be sent, or the connection ended. */
    final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Completed with the close code received, when the connection is closed. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    /** Set in {@link #onOpen}; read by the command's thread to close. */
    private volatile WebSocket ws;
    private long sent;
    private volatile boolean closing;

    /**
     * @param id                which connection, for the messages and the order it walks the pool in
     * @param pool              the messages to send
     * @param depth             how many messages to keep in flight
     * @param messageLimit      how many messages to send at most
     * @param phase             when to send and when to record
     * @param compressionWanted whether permessage-deflate was asked for (and must have been agreed)
     * @param errors            where problems are counted
     */
    BenchConnection(int id, PayloadPool pool, int depth, long messageLimit, LoadPhase phase,
                    boolean compressionWanted, ErrorLog errors) {
        this.id = id;
        this.pool = pool;
        this.inFlight = new InFlight(depth);
        this.messageLimit = messageLimit;
        this.phase = phase;
        this.compressionWanted = compressionWanted;
        this.errors = errors;
    }

    @Override
    public void onOpen(WebSocket socket) {
        this.ws = socket;
        String extensions = socket.extensions();
        boolean deflate = extensions.startsWith("permessage-deflate");
        if (compressionWanted != deflate) {
            // Nothing is sent: the command reports this once and stops, rather than one error per message.
            ready.completeExceptionally(new ExtensionMismatch(compressionWanted
                    ? "the server did not agree to permessage-deflate (extensions: \"" + extensions + "\")"
                    : "the server answered with extensions that were not offered: \"" + extensions + "\""));
            return;
        }
        while (inFlight.size() < inFlight.capacity() && sent < messageLimit) {
            if (!sendNext()) {
                return;
            }
        }
    }

    @Override
    public void onText(WebSocket socket, String text) {
        echoed(text, null);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        echoed(null, data);
    }

    private void echoed(String text, ByteBuffer data) {
        long now = System.nanoTime();
        if (inFlight.size() == 0) {
            errors.add("connection " + id + ": a message arrived with none in flight");
            return;
        }
        int index = inFlight.oldestIndex();
        long sentAt = inFlight.oldestSentAt();
        inFlight.removeOldest();
        if (!pool.matches(index, text, data)) {
            String problem = "the echo differs from the message sent (" + describe(text, data) + ", expected "
                    + pool.messageSize() + " bytes of " + (pool.binary() ? "binary" : "text") + ")";
            errors.add("connection " + id + ": " + problem);
            ready.completeExceptionally(new IllegalStateException(problem)); // when it was the first one
        } else {
            if (phase.measuring()) {
                latencies.record(now - sentAt);
            }
            ready.complete(ws);
        }
        if (phase.sending() && sent < messageLimit && !closing) {
            sendNext();
        } else if (inFlight.size() == 0) {
            drained.complete(null);
        }
    }

    private static String describe(String text, ByteBuffer data) {
        return text != null ? "text of " + text.length() + " chars" : "binary of " + data.remaining() + " bytes";
    }

    /** @return whether the message was accepted */
    private boolean sendNext() {
        int index = (int) ((id * 7L + sent) % pool.count());
        inFlight.add(System.nanoTime(), index);
        sent++;
        SendResult result = pool.binary() ? ws.sendBinary(pool.buffer(index)) : ws.sendText(pool.text(index));
        if (result == SendResult.DROPPED) {
            inFlight.removeNewest();
            if (!closing) {
                errors.add("connection " + id + ": a send was dropped (the connection is closing)");
            }
            if (inFlight.size() == 0) {
                drained.complete(null);
            }
            return false;
        }
        return true;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        errors.add("connection " + id + ": " + error);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason) {
        if (!closing) {
            errors.add("connection " + id + ": the server closed it (" + code
                    + (reason.isEmpty() ? "" : " " + reason) + ")");
        } else if (code != 1000) {
            errors.add("connection " + id + ": closed with " + code + " instead of 1000");
        }
        ready.completeExceptionally(new IllegalStateException("closed (" + code + ") before its first echo"));
        drained.complete(null);
        closed.complete(code);
    }

    /**
     * The connection could not be opened.
     *
     * @param error why not
     */
    void connectFailed(Throwable error) {
        ready.completeExceptionally(error);
        drained.complete(null);
        closed.complete(1006);
    }

    /** Starts the closing handshake with 1000 (a connection that never opened is left alone). */
    void close() {
        closing = true;
        WebSocket socket = ws;
        if (socket == null) {
            return;
        }
        try {
            socket.close(1000, "");
        } catch (RuntimeException e) {
            // already closed, or the client is shutting down: nothing more to do
        }
    }

    /** @return whether the handshake completed (the connection may have closed since) */
    boolean opened() {
        return ws != null;
    }

    /** @return the latencies recorded while measuring */
    LatencyHistogram latencies() {
        return latencies;
    }

    /** The server answered the handshake with other extensions than the benchmark needs. */
    static final class ExtensionMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what was asked for and what was agreed */
        ExtensionMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** The messages in flight, oldest first: send times and pool indexes in a ring. */
    private static final class InFlight {
        private final long[] sentAt;
        private final int[] index;
        private int head;
        private int size;

        InFlight(int capacity) {
            sentAt = new long[capacity];
            index = new int[capacity];
        }

        int capacity() {
            return sentAt.length;
        }

        int size() {
            return size;
        }

        void add(long nanos, int poolIndex) {
            int tail = (head + size) % sentAt.length;
            sentAt[tail] = nanos;
            index[tail] = poolIndex;
            size++;
        }

        long oldestSentAt() {
            return sentAt[head];
        }

        int oldestIndex() {
            return index[head];
        }

        void removeOldest() {
            head = (head + 1) % sentAt.length;
            size--;
        }

        void removeNewest() {
            size--;
        }
    }
}
