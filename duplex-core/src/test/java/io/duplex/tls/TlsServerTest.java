package io.duplex.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.duplex.WebSocketListener;
import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;
import io.duplex.testing.JdkMessageListener;

/**
 * Our server over TLS against the JDK's clients ({@code java.net.http}) and raw sockets: the
 * certificate forms it reads, SNI, ALPN, TLS versions, {@code https} and {@code wss} on one port,
 * and what it does with clients that do not speak TLS.
 */
class TlsServerTest {

    static final WebSocketListener ECHO = new WebSocketListener() {
        @Override
        public void onText(io.duplex.WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(io.duplex.WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    };

    WebSocketServer server;

    @TempDir
    Path www;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    WebSocketServer start(ServerTls tls) throws IOException {
        Files.writeString(www.resolve("index.html"), "<h1>over TLS</h1>");
        server = WebSocketServer.builder().loops(2).tls(tls).staticFiles(www).handshakeTimeout(Duration.ofSeconds(2))
                .endpoint("/echo", ECHO).start();
        return server;
    }

    /** The JDK's WebSocket client, trusting the test CA: echoes a text and a 1 MiB binary message. */
    static void echoWithJdkClient(int port, String host) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TestCertificates.get().trustingCa()).build();
        JdkMessageListener listener = new JdkMessageListener();
        BlockingQueue<Object> received = listener.messages;
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("wss://" + host + ":" + port + "/echo"), listener)
                .get(20, TimeUnit.SECONDS);
        ws.sendText("héllo over TLS", true).get(20, TimeUnit.SECONDS);
        assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("héllo over TLS");
        byte[] big = new byte[1 << 20];
        new java.util.Random(1).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(20, TimeUnit.SECONDS);
        assertThat((byte[]) received.poll(20, TimeUnit.SECONDS)).isEqualTo(big);
        ws.sendClose(1000, "").get(20, TimeUnit.SECONDS);
    }

    @Test
    void pemChainAndPkcs8RsaKey() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        assertThat(server.isSecure()).isTrue();
        echoWithJdkClient(server.port(), "localhost");
    }

    @Test
    void oneFileHoldingChainAndKey() throws Exception {
        start(ServerTls.fromPem(TestCertificates.get().localhostCombined()));
        echoWithJdkClient(server.port(), "localhost");
    }

    @Test
    void traditionalRsaKey() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.fromPem(c.localhostChain(), c.localhostRsaKey()));
        echoWithJdkClient(server.port(), "127.0.0.1");
    }

    @Test
    void pkcs12KeyStore() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.builder().pkcs12(c.localhostP12(), TestCertificates.PASSWORD.toCharArray()).build());
        echoWithJdkClient(server.port(), "localhost");
    }

    @Test
    void httpsOnTheSamePort() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        HttpClient http = HttpClient.newBuilder().sslContext(c.trustingCa()).version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + server.port() + "/index.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<h1>over TLS</h1>");
    }

    /** The certificate a raw TLS client is shown, asking for a name with SNI (or none). */
    X509Certificate presented(String sniName, String... protocols) throws Exception {
        TestCertificates c = TestCertificates.get();
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            SSLParameters params = s.getSSLParameters();
            if (sniName != null) {
                params.setServerNames(List.of(new SNIHostName(sniName)));
            }
            if (protocols.length > 0) {
                params.setProtocols(protocols);
            }
            params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            s.setSSLParameters(params);
            s.setSoTimeout(20_000);
            s.startHandshake();
            assertThat(s.getApplicationProtocol()).as("ALPN").isEqualTo("http/1.1");
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void sniPicksTheCertificateByName() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.builder().certificate(c.localhostChain(), c.localhostKey())
                .certificate(c.otherChain(), c.otherKey()).certificate(c.ecChain(), c.ecKey()).build());
        assertThat(presented("other.test").getSubjectX500Principal().getName()).isEqualTo("CN=other");
        assertThat(presented("localhost").getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(presented("ec.test").getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(presented("unknown.test").getSubjectX500Principal().getName())
                .as("no match: the first configured").isEqualTo("CN=localhost");
        assertThat(presented(null).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void onlyTls12And13ByDefault() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        assertThat(presented("localhost", "TLSv1.2")).isNotNull();
        assertThat(presented("localhost", "TLSv1.3")).isNotNull();
        assertThatThrownBy(() -> presented("localhost", "TLSv1.1")).isInstanceOf(javax.net.ssl.SSLException.class);
    }

    @Test
    void aPlainTextClientIsDroppedAndTheServerStaysUp() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        for (String garbage : List.of("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n", "\u0000\u0001garbage\r\n\r\n")) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] answer = readUntilClosed(in);
                // No HTTP answer in clear text: at most a TLS alert record (content type 21), then the end.
                assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
                if (answer.length > 0) {
                    assertThat(answer[0]).as("a TLS alert record").isEqualTo((byte) 21);
                }
            }
        }
        echoWithJdkClient(server.port(), "localhost");
    }

    @Test
    void aSilentClientIsDroppedWhenTheHandshakeTimeoutExpires() throws Exception {
        TestCertificates c = TestCertificates.get();
        start(ServerTls.fromPem(c.localhostChain(), c.localhostKey()));
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            long started = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed without a word").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
    }

    static byte[] readUntilClosed(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException reset) {
            return new byte[0]; // a reset is a drop too
        }
    }

    @Test
    void anUnknownProtocolNameFailsTheBuilderNotEveryConnection() throws Exception {
        TestCertificates c = TestCertificates.get();
        assertThatThrownBy(() -> ServerTls.builder().certificate(c.localhostChain(), c.localhostKey())
                .protocols("TLSv1.4").build()).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A client that sends its Close and its close_notify together ends cleanly: the server's answer
     * to the Close, which can no longer be sent, is not reported as an error.
     */
    @Test
    void aCloseThatArrivesWithCloseNotifyIsNoError() throws Exception {
        TestCertificates c = TestCertificates.get();
        java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server = WebSocketServer.builder().loops(1).tls(ServerTls.fromPem(c.localhostChain(), c.localhostKey()))
                .endpoint("/echo", new WebSocketListener() {
                    @Override
                    public void onClose(io.duplex.WebSocket ws, int code, String reason) {
                        seen.add("close " + code);
                    }

                    @Override
                    public void onError(io.duplex.WebSocket ws, Throwable error) {
                        seen.add("error " + error.getMessage());
                    }
                }).start();
        for (int i = 0; i < 10; i++) {
            try (SSLSocket s = (SSLSocket) c.trustingCa().getSocketFactory().createSocket("localhost", server.port())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] head = new byte[129];
                int n = 0;
                InputStream in = s.getInputStream();
                while (n < 4 || !new String(head, 0, n, StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    assertThat(b).as("the 101 response").isNotEqualTo(-1);
                    head[n++ % head.length] = (byte) b;
                }
                out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}); // Close 1000
                out.flush();
            } // close() sends close_notify right behind the Close
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (seen.stream().filter(x -> x.startsWith("close")).count() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(seen).hasSize(10).allMatch(x -> x.equals("close 1000"));
    }

    @Test
    void unreadableFilesFailTheBuilderClearly() {
        Path missing = Path.of("/nonexistent/cert.pem");
        assertThatThrownBy(() -> ServerTls.fromPem(missing)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ServerTls.fromPem(TestCertificates.get().ca(), TestCertificates.get().ca()))
                .isInstanceOf(IOException.class).hasMessageContaining("no -----BEGIN PRIVATE KEY-----");
    }

}
