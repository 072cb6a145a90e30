package io.duplex.demo;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.pubsub.Topics;

/**
 * {@code /ticker}: a connection subscribes to the {@link TickerFeed} as it opens and receives a
 * {@code snapshot} of every quote at once, then a {@code tick} message per tick. The ticker only
 * sends: a message to it gets an {@code error}.
 */
final class TickerEndpoint implements WebSocketListener {

    private final TickerFeed feed;
    private final Topics topics;

    /**
     * @param feed   the feed
     * @param topics the topics it publishes on
     */
    TickerEndpoint(TickerFeed feed, Topics topics) {
        this.feed = feed;
        this.topics = topics;
    }

    @Override
    public void onOpen(WebSocket ws) {
        // Subscribed before the snapshot is taken: a tick published meanwhile arrives after the
        // snapshot (the page orders them by seq), and none is lost between the two.
        topics.subscribe(ws, TickerFeed.TOPIC);
        ws.sendText(feed.snapshot());
    }

    @Override
    public void onText(WebSocket ws, String text) {
        ws.sendText(new BadMessage("read-only", "The ticker only sends.").toJson());
    }
}
