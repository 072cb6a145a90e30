package io.duplex.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link HandshakeHook} decided: accept (perhaps choosing the subprotocol, adding response
 * headers and attaching attributes to the connection), or reject with an HTTP status and body.
 */
public final class HandshakeDecision {

    private final int rejectStatus;
    private final String rejectBody;
    private final String subprotocol;
    private final List<String> headers;
    private final Map<String, Object> attributes;

    private HandshakeDecision(int rejectStatus, String rejectBody, String subprotocol, List<String> headers,
                              Map<String, Object> attributes) {
        this.rejectStatus = rejectStatus;
        this.rejectBody = rejectBody;
        this.subprotocol = subprotocol;
        this.headers = headers;
        this.attributes = attributes;
    }

    /** @return an acceptance with the endpoint's own subprotocol choice, no extra header or attribute */
    public static HandshakeDecision accept() {
        return new HandshakeDecision(0, null, null, List.of(), Map.of());
    }

    /**
     * Refuses the upgrade.
     *
     * @param status an HTTP status from 400 to 599, such as 401 or 403
     * @param body   a short text for the client
     * @return the rejection
     */
    public static HandshakeDecision reject(int status, String body) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a rejection is a 4xx or 5xx status: " + status);
        }
        return new HandshakeDecision(status, Objects.requireNonNull(body, "body"), null, List.of(), Map.of());
    }

    /**
     * @param protocol the subprotocol to agree; it must be one the client offered (else the server
     *                 answers 500: it is a bug of the hook, and RFC 6455 section 4.2.2 forbids it)
     * @return a copy choosing it
     */
    public HandshakeDecision subprotocol(String protocol) {
        requireAccept();
        return new HandshakeDecision(0, null, Objects.requireNonNull(protocol, "protocol"), headers, attributes);
    }

    /**
     * @param name  a response header, such as {@code Set-Cookie}
     * @param value its value
     * @return a copy adding it to the 101 response
     */
    public HandshakeDecision header(String name, String value) {
        requireAccept();
        List<String> more = new ArrayList<>(headers);
        more.add(Objects.requireNonNull(name, "name"));
        more.add(Objects.requireNonNull(value, "value"));
        return new HandshakeDecision(0, null, subprotocol, List.copyOf(more), attributes);
    }

    /**
     * @param name  an attribute name
     * @param value its value, readable with {@link io.duplex.WebSocket#attribute(String)}
     * @return a copy attaching it to the connection
     */
    public HandshakeDecision attribute(String name, Object value) {
        requireAccept();
        Map<String, Object> more = new LinkedHashMap<>(attributes);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new HandshakeDecision(0, null, subprotocol, headers, Map.copyOf(more));
    }

    private void requireAccept() {
        if (rejectStatus != 0) {
            throw new IllegalStateException("a rejection carries only its status and body");
        }
    }

    boolean isRejected() {
        return rejectStatus != 0;
    }

    int rejectStatus() {
        return rejectStatus;
    }

    byte[] rejectBody() {
        return (rejectBody + "\n").getBytes(StandardCharsets.UTF_8);
    }

    String chosenSubprotocol() {
        return subprotocol;
    }

    List<String> headers() {
        return headers;
    }

    Map<String, Object> attributes() {
        return attributes;
    }
}
