package io.duplex.protocol.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code Sec-WebSocket-Accept} value that proves a server read the client's handshake
 * (RFC 6455 section 4.2.2, step 5.4): base64 of the SHA-1 of the key, as sent, followed by the
 * protocol's GUID. SHA-1 here is not a security measure (RFC 6455 section 10.8).
 */
public final class WebSocketAccept {

    /** The GUID appended to the key (RFC 6455 section 1.3). */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketAccept() {
    }

    /**
     * Computes the accept value for a key.
     *
     * @param key the {@code Sec-WebSocket-Key} value as sent, still base64-encoded (RFC 6455 section
     *            4.2.2: the server need not decode it)
     * @return the {@code Sec-WebSocket-Accept} value
     */
    public static String of(String key) {
        byte[] digest = sha1().digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide SHA-1 (MessageDigest's class documentation).
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
