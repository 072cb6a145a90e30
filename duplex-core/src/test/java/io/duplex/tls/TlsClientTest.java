package io.duplex.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketException;
import io.duplex.WebSocketListener;
import io.duplex.client.ClientTls;
import io.duplex.client.WebSocketClient;
import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;

/**
 * Our client over TLS against our server: whom it trusts, host name checks with clear errors, and
 * the TLS goodbye ({@code close_notify}) on close.
 */
class TlsClientTest {

    WebSocketServer server;
    WebSocketClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    void startServer(ServerTls tls) throws Exception {
        server = WebSocketServer.builder().loops(1).tls(tls).endpoint("/echo", TlsServerTest.ECHO).start();
    }

    /** Collects what the client hears. */
    static final class Recorder implements WebSocketListener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onText(WebSocket ws, String text) {
            received.add(text);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            closed.complete(code + " " + reason);
        }
    }

    WebSocket connect(ClientTls tls, String host, Recorder r) throws Exception {
        client = WebSocketClient.builder().tls(tls).build();
        return client.connect(URI.create("wss://" + host + ":" + server.port() + "/echo"), r).get(20, TimeUnit.SECONDS);
    }

    @Test
    void trustingTheTestCaTheEchoWorksAndTheCloseIsClean() throws Exception {
        TestCertificates c = TestCertificates.get();
        startServer(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        Recorder r = new Recorder();
        WebSocket ws = connect(ClientTls.trustingPem(c.ca()), "localhost", r);
        String big = "x".repeat(200_000);
        ws.sendText("hello");
        ws.sendText(big);
        assertThat(r.received.poll(20, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(r.received.poll(20, TimeUnit.SECONDS)).isEqualTo(big);
        ws.close(1000, "bye");
        assertThat(r.closed.get(20, TimeUnit.SECONDS)).startsWith("1000");
    }

    @Test
    void anUntrustedCertificateFailsWithAClearError() throws Exception {
        TestCertificates c = TestCertificates.get();
        startServer(ServerTls.fromPem(c.untrustedChain(), c.untrustedKey()));
        assertThatThrownBy(() -> connect(ClientTls.trustingPem(c.ca()), "localhost", new Recorder()))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketException.class)
                .hasMessageContaining("TLS handshake with").hasMessageContaining("PKIX path");
    }

    @Test
    void theJdkTrustStoreDoesNotTrustTheTestCa() throws Exception {
        TestCertificates c = TestCertificates.get();
        startServer(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        assertThatThrownBy(() -> connect(ClientTls.defaults(), "localhost", new Recorder()))
                .isInstanceOf(ExecutionException.class).cause().hasMessageContaining("TLS handshake with");
    }

    @Test
    void aWrongHostNameFailsWithAClearError() throws Exception {
        TestCertificates c = TestCertificates.get();
        // other.test's certificate, reached as localhost: trusted issuer, wrong name.
        startServer(ServerTls.fromPem(c.otherChain(), c.otherKey()));
        assertThatThrownBy(() -> connect(ClientTls.trustingPem(c.ca()), "localhost", new Recorder()))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WebSocketException.class)
                .hasMessageContaining("TLS handshake with").hasMessageContaining("localhost");
    }

    @Test
    void trustingAnythingIsExplicitAndConnects() throws Exception {
        TestCertificates c = TestCertificates.get();
        startServer(ServerTls.fromPem(c.untrustedChain(), c.untrustedKey()));
        Recorder r = new Recorder();
        WebSocket ws = connect(ClientTls.trustAnythingForDevelopmentOnly(), "127.0.0.1", r);
        ws.sendText("anyway");
        assertThat(r.received.poll(20, TimeUnit.SECONDS)).isEqualTo("anyway");
        ws.close(1000, "");
        r.closed.get(20, TimeUnit.SECONDS);
    }

    /**
     * After the closing handshake the server sends close_notify (an alert record, RFC 5246 section
     * 7.2.1) before closing TCP. Seen on the wire through a relay, with TLS 1.2 so that the record
     * type of an alert is visible (TLS 1.3 hides it inside application-data records).
     */
    @Test
    void theServerSendsCloseNotifyBeforeClosingTcp() throws Exception {
        TestCertificates c = TestCertificates.get();
        startServer(ServerTls.builder().certificate(c.localhostChain(), c.localhostKey()).protocols("TLSv1.2").build());
        ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
        try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread pump = new Thread(() -> {
                try (Socket in = relay.accept(); Socket out = new Socket("127.0.0.1", server.port())) {
                    Thread up = new Thread(() -> copy(in, out, null));
                    up.setDaemon(true);
                    up.start();
                    copy(out, in, fromServer);
                } catch (IOException ignored) {
                    // The test's assertions say what went wrong.
                }
            });
            pump.setDaemon(true);
            pump.start();
            try (SSLSocket s = (SSLSocket) c.trustingCa().getSocketFactory().createSocket("localhost", relay.getLocalPort())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(HexFormat.of().parseHex("888200000000" + "03e8")); // Close 1000, masked with key 0
                out.flush();
                byte[] all = s.getInputStream().readAllBytes();
                assertThat(HexFormat.of().formatHex(all, all.length - 4, all.length)).isEqualTo("880203e8");
            }
            pump.join(20_000);
        }
        // Walk the records the server sent: the last one must be an alert (content type 21).
        byte[] wire = fromServer.toByteArray();
        int at = 0;
        int lastType = -1;
        while (at + 5 <= wire.length) {
            lastType = wire[at] & 0xFF;
            at += 5 + ((wire[at + 3] & 0xFF) << 8 | wire[at + 4] & 0xFF);
        }
        assertThat(at).as("whole records").isEqualTo(wire.length);
        assertThat(lastType).as("the last record is close_notify, an alert").isEqualTo(21);
    }

    private static void copy(Socket from, Socket to, ByteArrayOutputStream record) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                if (record != null) {
                    synchronized (record) {
                        record.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // One side went away; the other copy ends too.
        }
    }
}
