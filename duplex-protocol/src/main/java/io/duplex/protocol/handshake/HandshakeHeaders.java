package io.duplex.protocol.handshake;

/** The names of the header fields the opening handshake reads and writes (RFC 6455 sections 4 and 11.3). */
public final class HandshakeHeaders {

    /** {@code Host} (RFC 6455 section 4.1, item 4 of the handshake requirements). */
    public static final String HOST = "Host";
    /** {@code Upgrade}, which must name {@code websocket}. */
    public static final String UPGRADE = "Upgrade";
    /** {@code Connection}, which must include {@code Upgrade}. */
    public static final String CONNECTION = "Connection";
    /** {@code Allow}, sent with 405. */
    public static final String ALLOW = "Allow";
    /** {@code Content-Type} of an error response's body. */
    public static final String CONTENT_TYPE = "Content-Type";
    /** {@code Sec-WebSocket-Key} (RFC 6455 section 11.3.1). */
    public static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    /** {@code Sec-WebSocket-Extensions} (RFC 6455 section 11.3.2). */
    public static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";
    /** {@code Sec-WebSocket-Accept} (RFC 6455 section 11.3.3). */
    public static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";
    /** {@code Sec-WebSocket-Protocol} (RFC 6455 section 11.3.4). */
    public static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    /** {@code Sec-WebSocket-Version} (RFC 6455 section 11.3.5). */
    public static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";

    /** The only protocol version this library speaks (RFC 6455 section 4.1, item 9). */
    public static final String VERSION_13 = "13";
    /** The {@code Upgrade} keyword (RFC 6455 section 11.2). */
    public static final String WEBSOCKET = "websocket";
    /** The {@code Connection} option that asks for the upgrade. */
    public static final String UPGRADE_TOKEN = "Upgrade";

    private HandshakeHeaders() {
    }
}
