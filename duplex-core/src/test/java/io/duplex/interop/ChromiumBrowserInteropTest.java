package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.protocol.extension.deflate.DeflateOptions;
import io.duplex.server.ServerTls;
import io.duplex.server.WebSocketServer;
import io.duplex.tls.TestCertificates;

/**
 * Our server against the WebSocket of a real browser: Debian's headless Chromium, driven by
 * Selenium. The page is served by the server under test, from its own origin, and opens its
 * WebSockets to the {@link EchoEndpoint}. Chromium offers permessage-deflate on every connection,
 * so the server is tried without compression (it must decline), with its defaults, and without
 * context takeover on either side; and without compression over TLS, the page coming from
 * {@code https://localhost} and its sockets going to {@code wss://localhost}.
 *
 * <p>One browser for the whole class, one server per nested class. The messages are generated and
 * compared in the page (see {@code index.html} beside {@link HeadlessChromium} in the test
 * resources); a {@link CountingRelay} shows what compression does on the wire.
 */
class ChromiumBrowserInteropTest {

    /** Text messages every server must echo intact, compressed or not. */
    static final List<Map<String, Object>> TEXT_SET = List.of(
            literal("hello, browser"),
            literal("héllo wörld: ж 中 € 𝄞 😀 ✓"),
            literal(""),
            sized("ascii", 125), sized("ascii", 126),
            sized("ascii", 64 * 1024), sized("utf8", 64 * 1024),
            sized("ascii", 1 << 20), sized("utf8", 1 << 20));

    /** Binary messages every server must echo intact, compressed or not. */
    static final List<Map<String, Object>> BINARY_SET = List.of(
            sized("random-bytes", 0), sized("random-bytes", 1),
            sized("random-bytes", 125), sized("random-bytes", 126),
            sized("random-bytes", 65535), sized("random-bytes", 65536),
            sized("random-bytes", 1 << 20), sized("pattern-bytes", 1 << 20));

    /** The browser, or {@code null} when it is not installed and the tests are skipped. */
    static HeadlessChromium browser;

    /**
     * Starts the browser, or leaves it null when it is missing outside CI: each test then skips
     * itself in {@code @BeforeEach}, which shows in the report as skipped tests, where a class-level
     * skip would show as no test at all. Under {@code CI=true} a missing browser fails here.
     */
    @BeforeAll
    static void startBrowser() throws IOException {
        if (HeadlessChromium.installed() || "true".equals(System.getenv("CI"))) {
            // The browser accepts the key of the test certificate for localhost, which OverTls's
            // server presents, and no other certificate it does not already trust.
            browser = HeadlessChromium.start(
                    HeadlessChromium.firstCertificate(TestCertificates.get().localhostChain()));
            System.out.println("browser interop with " + browser.version());
        }
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Our server without compression: Chromium's deflate offer is declined. */
    @Nested
    class WithoutCompression extends ServerUnderTest {

        @Override
        DeflateOptions compression() {
            return null;
        }

        @Test
        void handshakeAgreesOnTheOfferedSubprotocolAndNoExtensionOnBothSides() {
            Opened ws = open(pageUrl(), List.of("superchat", EchoEndpoint.SUBPROTOCOL));
            assertThat(ws.protocol()).isEqualTo(EchoEndpoint.SUBPROTOCOL);
            assertThat(ws.extensions()).as("the page's ws.extensions").isEmpty();
            WebSocket serverSide = serverSideOf(ws);
            assertThat(serverSide.subprotocol()).isEqualTo(EchoEndpoint.SUBPROTOCOL);
            assertThat(serverSide.extensions()).isEmpty();
        }

        @Test
        void textEchoesFromEmptyToOneMebibyteComeBackIdentical() {
            Opened ws = open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL));
            List<Map<String, Object>> results = assertEchoes(ws, TEXT_SET);
            // The literals come back to Java too: the page's comparison is not the only one.
            assertThat(results.get(0).get("echo")).isEqualTo("hello, browser");
            assertThat(results.get(1).get("echo")).isEqualTo("héllo wörld: ж 中 € 𝄞 😀 ✓");
            assertThat(results.get(2).get("echo")).isEqualTo("");
        }

        @Test
        void binaryEchoesFromEmptyToOneMebibyteComeBackIdentical() {
            assertEchoes(open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL)), BINARY_SET);
        }

        @Test
        void pageCloseWith4000ReachesTheServerWithItsReason() throws InterruptedException {
            Opened ws = open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL));
            Map<?, ?> close = (Map<?, ?>) browser.call("close", ws.id(), 4000, "browser-bye");
            // The server answers with the code it received (RFC 6455 section 5.5.1). The page's
            // event carries the reason of that answer, which need not repeat the page's: not checked.
            assertThat(close.get("code")).isEqualTo(4000L);
            assertThat(close.get("wasClean")).isEqualTo(true);
            echo.endpoint.awaitClose("\"4000 browser-bye\"", "4000 browser-bye"::equals, 10);
        }

        @Test
        void serverCloseReachesThePageWithCodeReasonAndWasClean() throws InterruptedException {
            Opened ws = open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL));
            browser.call("send", ws.id(), "close-me:4001:server-bye");
            Map<?, ?> close = (Map<?, ?>) browser.call("awaitClose", ws.id());
            assertThat(close.get("code")).isEqualTo(4001L);
            assertThat(close.get("reason")).isEqualTo("server-bye");
            assertThat(close.get("wasClean")).isEqualTo(true);
            // Chromium answers the server's Close with the same code.
            echo.endpoint.awaitClose("4001 (Chromium's answer)", seen -> seen.startsWith("4001 "), 10);
        }
    }

    /**
     * Our server without compression over TLS: every check of {@link WithoutCompression} (the
     * subprotocol, text and binary echoes up to 1 MiB, closes from either side), with the page from
     * {@code https://localhost} and its sockets to {@code wss://localhost}, Chromium's TLS (BoringSSL)
     * against ours. Chromium accepts the server's key only ({@code --ignore-certificate-errors-spki-list}):
     * the test CA is not among its roots.
     */
    @Nested
    class OverTls extends WithoutCompression {

        @Override
        ServerTls tls() throws IOException {
            TestCertificates certs = TestCertificates.get();
            return ServerTls.fromPem(certs.localhostChain(), certs.localhostKey());
        }

        @Test
        void thePageComesOverHttpsAndItsSocketsGoOverWss() {
            assertThat(server.isSecure()).isTrue();
            assertThat(browser.evaluate("location.protocol")).as("the page's location.protocol").isEqualTo("https:");
            assertThat(browser.evaluate("window.isSecureContext")).as("the page's isSecureContext").isEqualTo(true);
            Opened ws = open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL));
            assertThat(ws.url()).as("the page's ws.url").startsWith("wss://localhost:" + server.port() + "/");
            assertEchoes(ws, List.of(literal("over TLS"), sized("random-bytes", 1 << 20)));
        }

        @Test
        void aServerWithAnotherKeyForTheSameNameIsRefused() throws IOException, InterruptedException {
            // A self-signed certificate for localhost with a key of its own: what a blanket
            // --ignore-certificate-errors would accept, and the SPKI list must not.
            TestCertificates certs = TestCertificates.get();
            EchoEndpoint impostorEcho = new EchoEndpoint();
            WebSocketServer impostor = impostorEcho.startServer(
                    ServerTls.fromPem(certs.untrustedChain(), certs.untrustedKey()));
            try {
                String url = "wss://localhost:" + impostor.port() + EchoEndpoint.PATH;
                assertThatThrownBy(() -> open(url, List.of(EchoEndpoint.SUBPROTOCOL)))
                        .as("Chromium opening " + url).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("closed before it opened").hasMessageContaining("1006");
                // The trusted server still serves the page after the refusal elsewhere.
                assertEchoes(open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL)), List.of(literal("still trusted")));
            } finally {
                impostor.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Our server with permessage-deflate on its defaults: context takeover on both sides. */
    @Nested
    class WithDeflate extends DeflateContract {

        @Override
        DeflateOptions compression() {
            return DeflateOptions.defaults();
        }

        @Override
        void assertAgreedParameters(String extensions) {
            assertThat(extensions).doesNotContain("no_context_takeover");
        }

        @Override
        void assertRepeatsOnTheWire(Wire first, Wire repeats, int count) {
            // With the history kept, a repeat is a few back-references into the previous message.
            assertThat(repeats.towardsServer()).as("bytes from Chromium for %d repeats, the first alone costing %d",
                    count, first.towardsServer()).isLessThan(count * first.towardsServer() / 4);
            assertThat(repeats.towardsClient()).as("bytes from our server for %d repeats, the first alone costing %d",
                    count, first.towardsClient()).isLessThan(count * first.towardsClient() / 4);
        }
    }

    /** Our server with permessage-deflate and no context takeover asked of either side. */
    @Nested
    class WithDeflateWithoutContextTakeover extends DeflateContract {

        @Override
        DeflateOptions compression() {
            return DeflateOptions.defaults().withContextTakeover(false).withPeerContextTakeover(false);
        }

        @Override
        void assertAgreedParameters(String extensions) {
            assertThat(extensions).contains("server_no_context_takeover").contains("client_no_context_takeover");
        }

        @Override
        void assertRepeatsOnTheWire(Wire first, Wire repeats, int count) {
            // Each message starts from an empty history, so each repeat costs what the first did: a
            // side that kept its history against the agreement would send far less.
            assertThat(repeats.towardsServer()).as("bytes from Chromium for %d repeats, the first alone costing %d",
                    count, first.towardsServer()).isGreaterThanOrEqualTo(count * first.towardsServer() * 9 / 10);
            assertThat(repeats.towardsClient()).as("bytes from our server for %d repeats, the first alone costing %d",
                    count, first.towardsClient()).isGreaterThanOrEqualTo(count * first.towardsClient() * 9 / 10);
        }
    }

    /**
     * What every permessage-deflate configuration must do with Chromium: agree on the extension,
     * both sides seeing the same agreement; echo compressible, JSON, repetitive and random messages
     * intact; and compress on the wire in both directions.
     */
    abstract static class DeflateContract extends ServerUnderTest {

        /** How many repeats follow the first message in the context takeover check. */
        static final int REPEATS = 15;
        /** A JSON document of about 5 KB that deflate shrinks on its own, so that it always goes compressed. */
        static final Map<String, Object> REPEATED = Map.of("type", "json", "records", 40, "seed", 7);

        CountingRelay relay;

        /** Checks the parameters this configuration must have agreed. */
        abstract void assertAgreedParameters(String extensions);

        /**
         * Checks what {@code count} repeats of a message, sent in a row, cost on the wire each way,
         * against what the message cost alone.
         */
        abstract void assertRepeatsOnTheWire(Wire first, Wire repeats, int count);

        @BeforeAll
        void startRelay() throws IOException {
            if (server == null) {
                return;
            }
            relay = new CountingRelay(new InetSocketAddress("127.0.0.1", server.port()));
        }

        @AfterAll
        void stopRelay() throws IOException {
            if (relay != null) {
                relay.close();
            }
        }

        @Test
        void pageAndServerSeeTheSamePermessageDeflateAgreement() {
            Opened ws = open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL));
            System.out.printf("%s: agreed \"%s\"%n", getClass().getSimpleName(), ws.extensions());
            assertThat(ws.extensions()).as("the page's ws.extensions").startsWith("permessage-deflate");
            assertAgreedParameters(ws.extensions());
            assertThat(serverSideOf(ws).extensions()).as("the server's WebSocket.extensions()")
                    .isEqualTo(ws.extensions());
        }

        @Test
        void compressibleJsonRepetitiveAndRandomEchoesComeBackIdentical() {
            List<Map<String, Object>> set = new ArrayList<>();
            set.add(sized("repeat", 1 << 20));
            for (int records : new int[] {1, 10, 100, 1000}) {
                set.add(Map.of("type", "json", "records", records, "seed", records));
            }
            for (int i = 0; i < 20; i++) {
                set.add(sized("repeat", 4096));
            }
            // Around the server's 64-byte threshold, below which it sends messages uncompressed.
            set.add(sized("ascii", 63));
            set.add(sized("ascii", 64));
            set.add(sized("ascii", 65));
            set.add(sized("random-bytes", 4096));
            set.addAll(TEXT_SET);
            set.addAll(BINARY_SET);
            assertEchoes(open(pageUrl(), List.of(EchoEndpoint.SUBPROTOCOL)), set);
        }

        @Test
        void compressibleMebibyteCrossesTheWireCompressedBothWays() {
            Opened ws = open("ws://127.0.0.1:" + relay.port() + EchoEndpoint.PATH, List.of(EchoEndpoint.SUBPROTOCOL));
            assertThat(ws.extensions()).startsWith("permessage-deflate");
            relay.reset();
            assertEchoes(ws, List.of(sized("repeat", 1 << 20)));
            System.out.printf("%s: 1 MiB of repetitive text %s%n", getClass().getSimpleName(),
                    new Wire(relay.towardsServer(), relay.towardsClient()));
            // About 40 KB each way with zlib's level 6; an eighth of the text leaves room for other levels.
            assertThat(relay.towardsServer()).as("bytes from Chromium for 1 MiB of repetitive text")
                    .isLessThan((1 << 20) / 8);
            assertThat(relay.towardsClient()).as("bytes from our server for 1 MiB of repetitive text")
                    .isLessThan((1 << 20) / 8);
        }

        @Test
        void identicalMessagesInARowCostWhatTheAgreedContextTakeoverAllows() {
            Opened ws = open("ws://127.0.0.1:" + relay.port() + EchoEndpoint.PATH, List.of(EchoEndpoint.SUBPROTOCOL));
            relay.reset();
            assertEchoes(ws, List.of(REPEATED));
            Wire first = new Wire(relay.towardsServer(), relay.towardsClient());
            relay.reset();
            assertEchoes(ws, Collections.nCopies(REPEATS, REPEATED));
            Wire repeats = new Wire(relay.towardsServer(), relay.towardsClient());
            System.out.printf("%s: one JSON message %s, %d repeats %s%n", getClass().getSimpleName(), first, REPEATS,
                    repeats);
            assertRepeatsOnTheWire(first, repeats, REPEATS);
        }
    }

    /** Bytes on the wire each way, framing included, as the {@link CountingRelay} counted them. */
    record Wire(long towardsServer, long towardsClient) {
    }

    /**
     * One server configuration: the server with the echo endpoint, the page loaded from its origin,
     * and helpers to open WebSockets and check echoes.
     */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class ServerUnderTest {

        final TaggingEcho echo = new TaggingEcho();
        WebSocketServer server;

        /** @return the compression of this server, or {@code null} for none */
        abstract DeflateOptions compression();

        /**
         * @return the server's TLS, or {@code null} (the default) for plain {@code http://} and
         *         {@code ws://} on 127.0.0.1
         * @throws IOException when the certificates cannot be made or read
         */
        ServerTls tls() throws IOException {
            return null;
        }

        @BeforeAll
        void startServerAndLoadPage() throws IOException {
            if (browser == null) {
                return;
            }
            server = WebSocketServer.builder()
                    .loops(2)
                    .staticFiles(browser.webRoot())
                    .endpoint(EchoEndpoint.PATH, echo, EchoEndpoint.SUBPROTOCOL)
                    .compression(compression())
                    .tls(tls())
                    .start();
            browser.load(origin() + "/");
        }

        @BeforeEach
        void requireBrowser() {
            HeadlessChromium.require();
        }

        @AfterEach
        void closeWhatTheTestLeftOpenCleanly() {
            if (browser == null) {
                return;
            }
            List<?> closes = (List<?>) browser.call("closeAll");
            for (Object close : closes) {
                // The page closed with 1000; the server answers with the same code, cleanly.
                Map<?, ?> event = (Map<?, ?>) close;
                assertThat(event.get("code")).as("the close code of a socket the test left open: %s", event)
                        .isEqualTo(1000L);
                assertThat(event.get("wasClean")).as("wasClean of a socket the test left open: %s", event)
                        .isEqualTo(true);
            }
        }

        @AfterAll
        void stopServer() {
            if (server != null) {
                server.close(Duration.ofSeconds(5));
            }
        }

        /**
         * @return the origin the page is loaded from: over TLS, localhost, the name the test
         *         certificate is for (it holds IP:127.0.0.1 too, but a name is what sites use)
         */
        String origin() {
            return (server.isSecure() ? "https://localhost:" : "http://127.0.0.1:") + server.port();
        }

        /** @return the echo endpoint's URL on this server, on the page's host */
        String pageUrl() {
            return (server.isSecure() ? "wss://localhost:" : "ws://127.0.0.1:") + server.port() + EchoEndpoint.PATH;
        }

        /** Opens a WebSocket from the page. */
        Opened open(String url, List<String> protocols) {
            Map<?, ?> opened = (Map<?, ?>) browser.call("open", url, protocols);
            return new Opened((Long) opened.get("id"), (String) opened.get("url"), (String) opened.get("protocol"),
                    (String) opened.get("extensions"));
        }

        /**
         * @return the server's side of a connection the page opened: the page names it with a
         *         {@code tag:} message, echoed once the server has filed it
         */
        WebSocket serverSideOf(Opened ws) {
            String tag = "connection-" + ws.id() + "-" + System.nanoTime();
            assertEchoes(ws, List.of(literal("tag:" + tag)));
            WebSocket serverSide = echo.tagged.get(tag);
            assertThat(serverSide).as("the server's side of the connection tagged " + tag).isNotNull();
            return serverSide;
        }

        /**
         * Sends the messages in a row from the page and checks that each echo is identical to what
         * was sent, and as long as its spec asked.
         *
         * @return the page's comparison of each
         */
        List<Map<String, Object>> assertEchoes(Opened ws, List<Map<String, Object>> specs) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) browser.call("echoAll", ws.id(), specs);
            assertThat(results).hasSize(specs.size());
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                Map<String, Object> spec = specs.get(i);
                Map<String, Object> result = results.get(i);
                Object size = spec.get("size");
                if (!Boolean.TRUE.equals(result.get("equal"))) {
                    problems.add("message " + i + " differs: " + result);
                } else if (size != null && ((Number) size).longValue() != (Long) result.get("sentBytes")) {
                    problems.add("message " + i + " was not the size asked: " + result);
                }
            }
            assertThat(problems).as("echoes through " + ws).isEmpty();
            return results;
        }
    }

    /** A WebSocket the page opened, as the page sees it. */
    record Opened(long id, String url, String protocol, String extensions) {
    }

    /**
     * The {@link EchoEndpoint}, which also files a connection under NAME when it receives the text
     * {@code tag:NAME} (and echoes it), so that a test can look at the server's side of the
     * connection its page opened.
     */
    static final class TaggingEcho implements WebSocketListener {
        final EchoEndpoint endpoint = new EchoEndpoint();
        final Map<String, WebSocket> tagged = new ConcurrentHashMap<>();

        @Override
        public void onText(WebSocket ws, String text) {
            if (text.startsWith("tag:")) {
                tagged.put(text.substring("tag:".length()), ws);
            }
            endpoint.onText(ws, text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            endpoint.onBinary(ws, data);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            endpoint.onClose(ws, code, reason);
        }
    }

    /** A message the page sends as given. */
    static Map<String, Object> literal(String text) {
        return Map.of("type", "literal", "text", text);
    }

    /** A message the page generates: {@code size} bytes (of UTF-8 for text) of a kind. */
    static Map<String, Object> sized(String type, int size) {
        return Map.of("type", type, "size", size, "seed", size + 1);
    }
}
