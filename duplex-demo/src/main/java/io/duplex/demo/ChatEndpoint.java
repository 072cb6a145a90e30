package io.duplex.demo;

import java.nio.ByteBuffer;
import java.util.Map;

import io.duplex.WebSocket;
import io.duplex.WebSocketListener;
import io.duplex.pubsub.Topics;

/**
 * {@code /chat}: reads and checks what a browser sends, then hands it to the {@link ChatRooms}.
 *
 * <p>In: {@code {"type":"join","room":"lobby","nick":"ada"}}, {@code {"type":"say","text":"hi"}},
 * {@code {"type":"leave"}}. Out: {@code welcome}, {@code join}, {@code leave}, {@code message},
 * {@code presence}, {@code left} and {@code error} (see {@link ChatRooms}). A message that breaks a
 * rule gets an {@code error} with a code and a sentence, and the connection stays open.
 *
 * <p>The room topic is subscribed here, on the connection's event loop, where {@link
 * Topics#subscribe} takes effect at once: by the time the join reaches the rooms, the connection
 * is a subscriber and sees its own join notice.
 */
final class ChatEndpoint implements WebSocketListener {

    /** The connection attribute holding the room it asked to join: read and written on its loop. */
    private static final String ROOM = "demo.chat.room";

    private final ChatRooms rooms;
    private final Topics topics;

    /**
     * @param rooms  the rooms
     * @param topics the topics the rooms publish on
     */
    ChatEndpoint(ChatRooms rooms, Topics topics) {
        this.rooms = rooms;
        this.topics = topics;
    }

    @Override
    public void onText(WebSocket ws, String text) {
        try {
            Map<String, Object> message = Json.parse(text);
            String type = Json.type(message);
            switch (type) {
                case "join" -> join(ws, ChatInput.room(message.get("room")), ChatInput.nick(message.get("nick")));
                case "say" -> rooms.say(ws, ChatInput.text(message.get("text")));
                case "leave" -> {
                    unsubscribe(ws);
                    rooms.leave(ws);
                }
                default -> throw new BadMessage("unknown-type",
                        "The chat understands \"join\", \"say\" and \"leave\", not \"" + type + "\".");
            }
        } catch (BadMessage e) {
            ws.sendText(e.toJson());
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ws.sendText(new BadMessage("not-text", "The chat speaks JSON text messages.").toJson());
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        // The connection leaves its topics by itself; the rooms still have to say it left.
        rooms.closed(ws);
    }

    private void join(WebSocket ws, String room, String nick) {
        unsubscribe(ws);
        topics.subscribe(ws, ChatRooms.roomTopic(room));
        ws.attribute(ROOM, room);
        rooms.join(ws, room, nick);
    }

    private void unsubscribe(WebSocket ws) {
        String previous = ws.attribute(ROOM);
        if (previous != null) {
            topics.unsubscribe(ws, ChatRooms.roomTopic(previous));
            ws.attribute(ROOM, null);
        }
    }
}
