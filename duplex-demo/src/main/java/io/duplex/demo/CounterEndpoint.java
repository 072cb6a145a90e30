package io.duplex.demo;

import java.nio.ByteBuffer;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.pubsub.Topics;

/**
 * {@code /counter}: every connection is a visitor of the {@link SharedCounter}. In:
 * {@code {"type":"increment"}} and {@code {"type":"decrement"}}. Out: {@code
 * {"type":"state","value":V,"visitors":N}} at once and after every change, and {@code error} for a
 * message it does not understand.
 */
final class CounterEndpoint implements WebSocketListener {

    /** Marks a connection counted as a visitor, so that only those are uncounted on close. */
    private static final String VISITOR = "demo.counter.visitor";

    private final SharedCounter counter;
    private final Topics topics;

    /**
     * @param counter the counter
     * @param topics  the topics it publishes on
     */
    CounterEndpoint(SharedCounter counter, Topics topics) {
        this.counter = counter;
        this.topics = topics;
    }

    @Override
    public void onOpen(WebSocket ws) {
        // On the connection's loop the subscription takes effect at once: the state sent for this
        // arrival reaches the new visitor too, and serves as its first view.
        topics.subscribe(ws, SharedCounter.TOPIC);
        ws.attribute(VISITOR, Boolean.TRUE);
        counter.visitorArrived();
    }

    @Override
    public void onText(WebSocket ws, String text) {
        try {
            String type = Json.type(Json.parse(text));
            switch (type) {
                case "increment" -> counter.add(1);
                case "decrement" -> counter.add(-1);
                default -> throw new BadMessage("unknown-type",
                        "The counter understands \"increment\" and \"decrement\", not \"" + type + "\".");
            }
        } catch (BadMessage e) {
            ws.sendText(e.toJson());
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ws.sendText(new BadMessage("not-text", "The counter speaks JSON text messages.").toJson());
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        if (ws.attribute(VISITOR) != null) {
            counter.visitorLeft();
        }
    }
}
