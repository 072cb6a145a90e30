package io.duplex.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis client of a few lines, speaking RESP over a plain socket, one connection per command: what
 * a backend (or {@code redis-cli}) that knows nothing of Duplex does. Independent of Lettuce, so the
 * tests see Redis's own view (who is subscribed) and publish the raw bytes they choose.
 */
final class RespClient {

    private static final int TIMEOUT_MILLIS = 5_000;

    private RespClient() {
    }

    /**
     * @param port    the Redis port on 127.0.0.1
     * @param channel the channel
     * @param message the exact bytes to publish
     * @return how many subscribers Redis delivered it to
     */
    static long publish(int port, String channel, byte[] message) throws IOException {
        return (Long) command(port, bytes("PUBLISH"), bytes(channel), message);
    }

    /**
     * @param port    the Redis port on 127.0.0.1
     * @param channel the channel
     * @return how many connections are subscribed to it (PUBSUB NUMSUB): one per Duplex node
     */
    static long subscribers(int port, String channel) throws IOException {
        List<?> reply = (List<?>) command(port, bytes("PUBSUB"), bytes("NUMSUB"), bytes(channel));
        return (Long) reply.get(1);
    }

    /**
     * @param port the Redis port on 127.0.0.1
     * @return whether Redis answers PING with PONG
     */
    static boolean ping(int port) {
        try {
            return "PONG".equals(command(port, bytes("PING")));
        } catch (IOException e) {
            return false;
        }
    }

    private static Object command(int port, byte[]... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(bytes("*" + args.length + "\r\n"));
            for (byte[] arg : args) {
                request.writeBytes(bytes("$" + arg.length + "\r\n"));
                request.writeBytes(arg);
                request.writeBytes(bytes("\r\n"));
            }
            out.write(request.toByteArray());
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis answered with an error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read(); // the '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
