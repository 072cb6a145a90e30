package io.duplex.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.protocol.message.PreparedMessage;
import io.duplex.server.WebSocketServer;

/** permessage-deflate (RFC 7692) between our server and our client, and against a raw socket. */
class CompressionTest {

    final Set<WebSocket> members = ConcurrentHashMap.newKeySet();
    final List<String> serverSideExtensions = new ArrayList<>();
    WebSocketServer server;
    final WebSocketClient client = WebSocketClient.builder().maxMessageSize(32L << 20).build();

    /** Echoes; the text "broadcast:N" sends a prepared message of N JSON records to every member. */
    final WebSocketListener echo = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket ws) {
            synchronized (serverSideExtensions) {
                serverSideExtensions.add(ws.extensions());
            }
            members.add(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            if (text.startsWith("broadcast:")) {
                PreparedMessage message = PreparedMessage.text(json(Integer.parseInt(text.substring(10))));
                members.forEach(m -> m.send(message));
                ws.sendText("encodings:" + message.encodingCount());
            } else {
                ws.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            members.remove(ws);
        }
    };

    void start(DeflateOptions options) throws Exception {
        server = WebSocketServer.builder().loops(2).maxMessageSize(1 << 20).compression(options)
                .endpoint("/echo", echo).start();
    }

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    static String json(int records) {
        StringBuilder sb = new StringBuilder("[");
        Random random = new Random(records);
        for (int i = 0; i < records; i++) {
            sb.append("{\"symbol\":\"SYM").append(random.nextInt(20)).append("\",\"price\":")
                    .append(random.nextInt(10000) / 100.0).append("},");
        }
        return sb.append("{}]").toString();
    }

    WebSocket connect(ClientServerTest.Recorder r, ConnectOptions options) throws Exception {
        return client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), r, options)
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void bothSidesAgreeAndMessagesOfEveryKindComeBack() throws Exception {
        start(DeflateOptions.defaults());
        ClientServerTest.Recorder r = new ClientServerTest.Recorder();
        WebSocket ws = connect(r, ConnectOptions.defaults().compression(true));
        assertThat(ws.extensions()).isEqualTo("permessage-deflate");
        synchronized (serverSideExtensions) {
            assertThat(serverSideExtensions).containsExactly("permessage-deflate");
        }
        byte[] noise = new byte[100_000];
        new Random(5).nextBytes(noise);
        for (String text : List.of("", "x", json(3), json(3), json(20_000))) {
            ws.sendText(text);
            assertThat(r.next()).isEqualTo(text);
        }
        ws.sendBinary(ByteBuffer.wrap(noise));
        assertThat((byte[]) r.next()).isEqualTo(noise);
        ws.close(1000, "");
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).startsWith("1000");
    }

    @Test
    void aServerWithoutCompressionDeclinesTheOffer() throws Exception {
        start(null);
        ClientServerTest.Recorder r = new ClientServerTest.Recorder();
        WebSocket ws = connect(r, ConnectOptions.defaults().compression(true));
        assertThat(ws.extensions()).isEmpty();
        ws.sendText(json(10));
        assertThat(r.next()).isEqualTo(json(10));
        ws.close(1000, "");
    }

    @Test
    void aBroadcastWithoutContextTakeoverIsCompressedOnceForEveryConnection() throws Exception {
        start(DeflateOptions.defaults().withContextTakeover(false));
        List<ClientServerTest.Recorder> recorders = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClientServerTest.Recorder r = new ClientServerTest.Recorder();
            WebSocket ws = connect(r, ConnectOptions.defaults().compression(true));
            assertThat(ws.extensions()).isEqualTo("permessage-deflate; server_no_context_takeover");
            recorders.add(r);
            sockets.add(ws);
        }
        sockets.get(0).sendText("broadcast:500");
        for (ClientServerTest.Recorder r : recorders) {
            assertThat(r.next()).isEqualTo(json(500));
        }
        assertThat(recorders.get(0).next()).as("one compression for four connections").isEqualTo("encodings:1");
    }

    @Test
    void aSmallFrameThatInflatesPastTheLimitClosesWith1009() throws Exception {
        start(DeflateOptions.defaults());
        // 8 MiB of zeros, raw DEFLATE with a sync flush and the tail removed (section 7.2.1): a few KiB.
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(new byte[8 << 20]);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 << 10];
        int n;
        while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
            compressed.write(chunk, 0, n);
        }
        deflater.end();
        byte[] body = compressed.toByteArray();
        int length = body.length - 4;
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // FIN + RSV1 + binary, masked with key 0, 16-bit length.
            out.write(new byte[] {(byte) 0xC2, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length, 0, 0, 0, 0});
            out.write(body, 0, length);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            String response = new String(all, StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Extensions: permessage-deflate");
            int frames = response.indexOf("\r\n\r\n") + 4;
            assertThat(HexFormat.of().formatHex(all, frames, frames + 4)).as("a Close frame with 1009")
                    .isEqualTo("88" + HexFormat.of().toHexDigits((byte) (all.length - frames - 2)) + "03f1");
        }
    }
}
