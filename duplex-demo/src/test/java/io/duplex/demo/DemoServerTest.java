package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.client.ConnectOptions;
import io.duplex.client.WebSocketClient;

/** What {@link DemoServer} itself promises: its address, compression, its settings, its threads. */
class DemoServerTest {

    private static WebSocketClient client;

    @BeforeAll
    static void startClient() {
        client = WebSocketClient.builder().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @Test
    void theUriNamesTheIndexPage() throws IOException {
        try (DemoServer server = DemoServer.builder().port(0).start()) {
            assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
            assertThat(server.address().getPort()).isEqualTo(server.port());
        }
        try (DemoServer server = DemoServer.builder().host("0.0.0.0").port(0).start()) {
            assertThat(server.uri()).isEqualTo(URI.create("http://localhost:" + server.port() + "/"));
        }
    }

    @Test
    void compressionIsAcceptedWithoutServerHistoryUnlessTurnedOff() throws IOException {
        try (DemoServer server = DemoServer.builder().port(0).start()) {
            // No history on the server's side: one compression of a publish serves every subscriber.
            assertThat(extensions(server)).startsWith("permessage-deflate").contains("server_no_context_takeover");
        }
        try (DemoServer server = DemoServer.builder().port(0).compression(false).start()) {
            assertThat(extensions(server)).isEmpty();
        }
    }

    private static String extensions(DemoServer server) {
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/counter"),
                new WebSocketListener() { }, ConnectOptions.defaults().compression(true))
                .orTimeout(5, TimeUnit.SECONDS).join();
        try {
            return ws.extensions();
        } finally {
            ws.close(1000, "");
        }
    }

    @Test
    void onlyTheDemosOwnPagesOrProgramsWithoutAnOriginMayConnect() throws IOException {
        try (DemoServer server = DemoServer.builder().port(0).start()) {
            URI counter = URI.create("ws://127.0.0.1:" + server.port() + "/counter");
            for (String origin : new String[] {"http://127.0.0.1:" + server.port(), "HTTP://127.0.0.1:" + server.port()}) {
                client.connect(counter, new WebSocketListener() { }, ConnectOptions.defaults().header("Origin", origin))
                        .orTimeout(5, TimeUnit.SECONDS).join().close(1000, "");
            }
            client.connect(counter, new WebSocketListener() { }).orTimeout(5, TimeUnit.SECONDS).join().close(1000, "");
            for (String origin : new String[] {"http://evil.example", "http://127.0.0.1:1", "null",
                    "https://127.0.0.1:" + server.port()}) {
                assertThat(client.connect(counter, new WebSocketListener() { },
                        ConnectOptions.defaults().header("Origin", origin)).orTimeout(5, TimeUnit.SECONDS))
                        .as(origin).failsWithin(Duration.ofSeconds(5)).withThrowableThat().withMessageContaining("403");
            }
        }
    }

    @Test
    void anOriginMatchesTheHostItWasSentTo() {
        assertThat(SameOrigin.sameAuthority("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(SameOrigin.sameAuthority("http://LOCALHOST", "localhost:80")).isTrue();
        assertThat(SameOrigin.sameAuthority("https://example.com", "example.com")).isTrue();
        assertThat(SameOrigin.sameAuthority("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(SameOrigin.sameAuthority("https://example.com", "example.com:80")).isFalse();
        assertThat(SameOrigin.sameAuthority("http://example.com.evil", "example.com")).isFalse();
        assertThat(SameOrigin.sameAuthority("null", "example.com")).isFalse();
        assertThat(SameOrigin.sameAuthority("http://a b", "example.com")).isFalse();
    }

    @Test
    void theBuilderRefusesSettingsThatCannotWork() {
        DemoServer.Builder builder = DemoServer.builder();
        assertThatThrownBy(() -> builder.port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tickerInterval(Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tickerSymbols(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tickerSymbols(List.of("ACME", "ACME"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tickerSymbols(List.of("lower"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoThreadBehind() throws IOException, InterruptedException {
        try (DemoServer first = DemoServer.builder().port(0).start()) {
            long before = demoThreads();
            assertThatThrownBy(() -> DemoServer.builder().port(first.port()).start()).isInstanceOf(IOException.class);
            // The failed start closed what it had started; a finished thread may take a moment to die.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (demoThreads() != before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(demoThreads()).isEqualTo(before);
        }
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        DemoServer server = DemoServer.builder().port(0).start();
        server.close();
        server.close();
    }

    private static long demoThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("duplex-demo-")).count();
    }
}
