package io.duplex.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.duplex.WebSocket;
import io.duplex.pubsub.Subscription;
import io.duplex.pubsub.Topics;

/**
 * The chat's rooms on one node: who is in which room, under which nickname, and the presence
 * protocol that tells the other nodes sharing the broker.
 *
 * <p>Two topics per room. {@code chat:ROOM} carries what the room's browsers see (messages, join
 * and leave notices, the member list); the connections subscribe to it themselves. {@code
 * chat-presence:ROOM} carries, between nodes only, each node's list of its own members in the room:
 * {@code {"node":"ID","hello":BOOL,"members":[...]}}. A node follows it ({@link Topics#listen})
 * while it has a member in the room, and announces its list whenever that list changes. Its first
 * announcement says {@code hello}: it knows nothing of the room yet, and every other node in the
 * room answers with its own list. Each node then sends its browsers the room's whole list, its own
 * members and the others', with {@link Topics#publishLocally}.
 *
 * <p>Every node also announces its lists again every presence interval. A node not heard for
 * {@value #SILENT_INTERVALS} intervals (it died, or lost the broker, without leaving) is dropped from
 * the others' lists, and an answer to a hello lost by a broker that subscribes asynchronously comes
 * again with the next round.
 *
 * <p>Limits with several nodes: two nodes can hand out the same nickname when two people join at
 * the same moment (the suffix is chosen from what this node knows), and a list can be out of date
 * for up to an interval. On one node none of this arises.
 *
 * <p>Every change runs on the app's {@link StateThread}: the callers hand it over and return.
 */
final class ChatRooms implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChatRooms.class.getName());
    /** How many presence intervals another node may miss before its members are dropped. */
    static final int SILENT_INTERVALS = 3;

    private final Topics topics;
    private final String node;
    private final StateThread thread = new StateThread("duplex-demo-chat");
    /** The rooms with a member on this node, by name; on the state thread only. */
    private final Map<String, Room> rooms = new HashMap<>();
    /** The room of each connection that joined one; on the state thread only. */
    private final Map<WebSocket, String> roomOf = new HashMap<>();
    private final long silentNanos;

    /** A room with members here: who they are, and this node's hold on the room's presence topic. */
    private static final class Room {
        final RoomMembers<WebSocket> members = new RoomMembers<>();
        Subscription presence;
    }

    /**
     * @param topics the server's topics
     * @param node             this node's id, unique among the nodes sharing the broker
     * @param presenceInterval how often this node announces its lists again
     */
    ChatRooms(Topics topics, String node, Duration presenceInterval) {
        this.topics = topics;
        this.node = node;
        this.silentNanos = presenceInterval.toNanos() * SILENT_INTERVALS;
        thread.every(presenceInterval, this::refresh);
    }

    /**
     * @param room a room name
     * @return the topic its browsers subscribe to
     */
    static String roomTopic(String room) {
        return "chat:" + room;
    }

    private static String presenceTopic(String room) {
        return "chat-presence:" + room;
    }

    /**
     * A connection joins a room (leaving the one it was in, if any). It must already be subscribed
     * to {@link #roomTopic} so that it sees its own join. It receives {@code welcome} with the
     * nickname it got, and the room sees the notice and the new list.
     *
     * @param ws   the connection
     * @param room a valid room name
     * @param nick a valid nickname
     */
    void join(WebSocket ws, String room, String nick) {
        thread.execute(() -> joinNow(ws, room, nick));
    }

    /**
     * A connection says something in its room; it gets {@code not-joined} if it is in none.
     *
     * @param ws   the connection
     * @param text a valid message
     */
    void say(WebSocket ws, String text) {
        thread.execute(() -> sayNow(ws, text));
    }

    /**
     * A connection leaves its room and is told so with {@code left}.
     *
     * @param ws the connection
     */
    void leave(WebSocket ws) {
        thread.execute(() -> {
            String room = leaveNow(ws);
            ws.sendText(room == null ? notJoined()
                    : Json.write("type", "left", "room", room));
        });
    }

    /**
     * A connection closed: it leaves its room, if any.
     *
     * @param ws the connection
     */
    void closed(WebSocket ws) {
        thread.execute(() -> leaveNow(ws));
    }

    private void joinNow(WebSocket ws, String name, String wanted) {
        if (roomOf.containsKey(ws)) {
            leaveNow(ws);
        }
        Room room = rooms.get(name);
        boolean first = room == null;
        if (first) {
            room = new Room();
            rooms.put(name, room);
            // Listen before the hello goes out, so that no answer to it is missed.
            room.presence = topics.listen(presenceTopic(name),
                    (topic, text) -> thread.execute(() -> presenceHeard(name, text)));
        }
        String nick = room.members.add(ws, wanted);
        roomOf.put(ws, name);
        ws.sendText(Json.write("type", "welcome", "room", name, "nick", nick, "members", room.members.all()));
        topics.publish(roomTopic(name), notice("join", name, nick));
        announce(name, room, first);
        showMembers(name, room);
    }

    private void sayNow(WebSocket ws, String text) {
        String name = roomOf.get(ws);
        if (name == null) {
            ws.sendText(notJoined());
            return;
        }
        String nick = rooms.get(name).members.nickOf(ws);
        topics.publish(roomTopic(name), Json.write("type", "message", "room", name, "nick", nick, "text", text,
                "ts", System.currentTimeMillis()));
    }

    /** @return the room the connection left, or {@code null} when it was in none */
    private String leaveNow(WebSocket ws) {
        String name = roomOf.remove(ws);
        if (name == null) {
            return null;
        }
        Room room = rooms.get(name);
        String nick = room.members.remove(ws);
        topics.publish(roomTopic(name), notice("leave", name, nick));
        announce(name, room, false);
        if (room.members.isEmptyHere()) {
            // Nobody here to tell any more: stop following the room, and forget the other nodes'
            // lists, which would go stale unheard. A later join starts over with a hello.
            room.presence.close();
            rooms.remove(name);
        } else {
            showMembers(name, room);
        }
        return name;
    }

    /** Another node's list (or this node's own, which it already knows). */
    private void presenceHeard(String name, String text) {
        Room room = rooms.get(name);
        if (room == null) {
            return; // this node left the room after the message was sent
        }
        Map<String, Object> message;
        try {
            message = Json.parse(text);
        } catch (BadMessage e) {
            message = Map.of();
        }
        List<String> nicks = Json.strings(message, "members");
        if (!(message.get("node") instanceof String from) || nicks == null) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a malformed presence message: " + text);
            return;
        }
        boolean hello = Boolean.TRUE.equals(message.get("hello"));
        if (from.equals(node)) {
            return;
        }
        boolean changed = room.members.update(from, nicks, System.nanoTime());
        if (hello) {
            announce(name, room, false);
        }
        if (changed) {
            showMembers(name, room);
        }
    }

    /** Announces every room's list again, and forgets the nodes that stopped announcing theirs. */
    private void refresh() {
        long now = System.nanoTime();
        rooms.forEach((name, room) -> {
            announce(name, room, false);
            if (room.members.forgetSilentNodes(now, silentNanos)) {
                showMembers(name, room);
            }
        });
    }

    /** Tells the other nodes who is in the room on this one. */
    private void announce(String name, Room room, boolean hello) {
        topics.publish(presenceTopic(name),
                Json.write("node", node, "hello", hello, "members", room.members.localNicks()));
    }

    /** Sends the room's whole list to its browsers on this node; each node does so for its own. */
    private void showMembers(String name, Room room) {
        topics.publishLocally(roomTopic(name), Json.write("type", "presence", "room", name,
                "members", room.members.all()));
    }

    private static String notice(String type, String room, String nick) {
        return Json.write("type", type, "room", room, "nick", nick, "ts", System.currentTimeMillis());
    }

    private static String notJoined() {
        return new BadMessage("not-joined", "Join a room first.").toJson();
    }

    /**
     * Finishes the work handed over (the leaves of the connections the server just closed, which
     * the other nodes should hear of), then stops following the rooms.
     */
    @Override
    public void close() {
        thread.close();
        // The thread has ended: nothing else touches the rooms now.
        for (Room room : rooms.values()) {
            room.presence.close();
        }
        rooms.clear();
        roomOf.clear();
    }
}
