package io.duplex.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Helpers to drive engines in tests: drain events, collect output, pair a client with a server. */
public final class Engines {
    private Engines() {
    }

    /** All pending events, taken. */
    public static List<ProtocolEvent> events(WebSocketConnection c) {
        List<ProtocolEvent> list = new ArrayList<>();
        ProtocolEvent e;
        while ((e = c.nextEvent()) != null) {
            list.add(e);
        }
        return list;
    }

    /** All pending output, taken, as one array. */
    public static byte[] output(WebSocketConnection c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : c.takeOutput()) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }

    /** Moves one engine's pending output into the other, as one write. */
    public static void transfer(WebSocketConnection from, WebSocketConnection to) {
        to.receive(ByteBuffer.wrap(output(from)));
    }

    /** Feeds bytes to an engine, cut into pieces of the given sizes (cycled) and fed one by one. */
    public static void feedInChunks(WebSocketConnection c, byte[] bytes, int... sizes) {
        int pos = 0;
        int i = 0;
        while (pos < bytes.length) {
            int n = Math.min(sizes[i++ % sizes.length], bytes.length - pos);
            c.receive(ByteBuffer.wrap(bytes, pos, n).slice());
            pos += n;
        }
    }

    /** A comparable description of an event (buffers compared by content). */
    public static String describe(ProtocolEvent e) {
        if (e instanceof ProtocolEvent.Binary b) {
            return "Binary" + hex(b.data());
        }
        if (e instanceof ProtocolEvent.Ping p) {
            return "Ping" + hex(p.payload());
        }
        if (e instanceof ProtocolEvent.Pong p) {
            return "Pong" + hex(p.payload());
        }
        return e.toString();
    }

    /** Events described, for comparison. */
    public static List<String> describe(List<ProtocolEvent> events) {
        List<String> out = new ArrayList<>();
        for (ProtocolEvent e : events) {
            out.add(describe(e));
        }
        return out;
    }

    private static String hex(ByteBuffer b) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = b.position(); i < b.limit(); i++) {
            sb.append(String.format("%02x", b.get(i)));
        }
        return sb.append(']').toString();
    }
}
