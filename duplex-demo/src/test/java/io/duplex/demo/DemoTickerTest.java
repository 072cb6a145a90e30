package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.duplex.client.WebSocketClient;

/** The {@code /ticker} feed: a snapshot on arrival, then one message per tick holding every symbol. */
class DemoTickerTest {

    private static final List<String> SYMBOLS = List.of("ACME", "HOOLI", "BRK.A", "ZZZ9");

    private static WebSocketClient client;
    private DemoServer server;

    @BeforeAll
    static void startClient() {
        client = WebSocketClient.builder().build();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = DemoServer.builder().port(0).tickerInterval(Duration.ofMillis(40)).tickerSymbols(SYMBOLS).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aNewSubscriberGetsASnapshotOfEverySymbolFirst() {
        try (JsonPeer peer = JsonPeer.connect(client, server, "/ticker")) {
            Map<String, Object> snapshot = peer.next();
            assertThat(snapshot).containsEntry("type", "snapshot").containsKeys("seq", "ts");
            assertThat(symbols(snapshot)).isEqualTo(SYMBOLS);
            for (Map<String, Object> quote : quotes(snapshot)) {
                assertThat(quote).containsKeys("price", "open", "change");
                assertThat(((Number) quote.get("price")).doubleValue()).isPositive();
            }
        }
    }

    @Test
    void eachTickIsOneMessageCarryingEverySymbolAndPricesMove() {
        try (JsonPeer peer = JsonPeer.connect(client, server, "/ticker")) {
            long seq = ((Number) peer.next().get("seq")).longValue();
            Set<List<Object>> priceLists = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                Map<String, Object> tick = peer.next();
                assertThat(tick).containsEntry("type", "tick");
                long next = ((Number) tick.get("seq")).longValue();
                if (i == 0 && next == seq) {
                    // The tick that was being published as the snapshot was taken.
                    continue;
                }
                // Consecutive numbers, one message each: no tick is split or skipped.
                assertThat(next).isEqualTo(seq + 1);
                seq = next;
                assertThat(symbols(tick)).isEqualTo(SYMBOLS);
                List<Object> prices = new ArrayList<>();
                quotes(tick).forEach(q -> prices.add(q.get("price")));
                priceLists.add(prices);
            }
            assertThat(priceLists).as("distinct price lists in 11 ticks").hasSizeGreaterThan(1);
        }
    }

    @Test
    void aFeedWithoutSubscribersDoesNothing() {
        AtomicInteger subscribers = new AtomicInteger();
        List<String> published = new ArrayList<>();
        TickerFeed feed = new TickerFeed(new PriceWalk(SYMBOLS, new SplittableRandom(7)), subscribers::get,
                published::add);
        String opening = feed.snapshot();

        assertThat(feed.tick()).isFalse();
        assertThat(published).isEmpty();
        assertThat(feed.snapshot()).isEqualTo(opening);

        subscribers.set(3);
        assertThat(feed.tick()).isTrue();
        assertThat(published).hasSize(1);
        Map<String, Object> tick = Json.parse(published.get(0));
        assertThat(tick).containsEntry("type", "tick").containsEntry("seq", 1);
        assertThat(symbols(tick)).isEqualTo(SYMBOLS);
        assertThat(Json.parse(feed.snapshot())).containsEntry("type", "snapshot").containsEntry("seq", 1)
                .containsEntry("quotes", tick.get("quotes"));
    }

    @Test
    void theServerRefusesMessages() {
        try (JsonPeer peer = JsonPeer.connect(client, server, "/ticker")) {
            peer.send("type", "buy", "symbol", "ACME");
            assertThat(peer.await("error")).containsEntry("code", "read-only");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> quotes(Map<String, Object> message) {
        return (List<Map<String, Object>>) message.get("quotes");
    }

    private static List<String> symbols(Map<String, Object> message) {
        return quotes(message).stream().map(q -> (String) q.get("symbol")).toList();
    }
}
