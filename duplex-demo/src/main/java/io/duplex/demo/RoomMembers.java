package io.duplex.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in one chat room, as one node sees it: the members connected here, by connection, and the
 * lists the other nodes announced, by node. The room's member list is the two together. Not
 * thread-safe: a room belongs to its app's {@link StateThread}.
 *
 * @param <K> what identifies a local member (its connection)
 */
final class RoomMembers<K> {

    private final Map<K, String> local = new LinkedHashMap<>();
    private final OtherNodes<List<String>> remote = new OtherNodes<>();

    /**
     * Adds a local member under the wanted nickname, or a variant of it when someone in the room,
     * here or on another node, has it already.
     *
     * @param member the member's key
     * @param wanted a valid nickname
     * @return the nickname the member got
     */
    String add(K member, String wanted) {
        String nick = ChatInput.unique(wanted, all());
        local.put(member, nick);
        return nick;
    }

    /**
     * @param member a local member's key
     * @return its nickname, or {@code null} when it is not here
     */
    String nickOf(K member) {
        return local.get(member);
    }

    /**
     * @param member a local member's key
     * @return its nickname, or {@code null} when it was not here
     */
    String remove(K member) {
        return local.remove(member);
    }

    /** @return whether nobody in the room is connected to this node */
    boolean isEmptyHere() {
        return local.isEmpty();
    }

    /** @return the nicknames of the members connected to this node, in the order they joined */
    List<String> localNicks() {
        return List.copyOf(local.values());
    }

    /**
     * Takes the list another node announced, in place of what it said before.
     *
     * @param node     the node
     * @param nicks    its members in the room; empty when it has none any more
     * @param nowNanos when it was heard ({@link System#nanoTime()})
     * @return whether the room's member list changed
     */
    boolean update(String node, List<String> nicks, long nowNanos) {
        List<String> before = nicks.isEmpty() ? remote.remove(node) : remote.put(node, List.copyOf(nicks), nowNanos);
        return !nicks.equals(before == null ? List.of() : before);
    }

    /**
     * Forgets the members of nodes that have not announced their list for too long.
     *
     * @param nowNanos    the time now ({@link System#nanoTime()})
     * @param maxAgeNanos how long a node may stay silent
     * @return whether the room's member list changed
     */
    boolean forgetSilentNodes(long nowNanos, long maxAgeNanos) {
        return remote.forgetSilent(nowNanos, maxAgeNanos);
    }

    /** @return every member's nickname, here and on the other nodes, sorted ignoring case */
    List<String> all() {
        List<String> all = new ArrayList<>(local.values());
        remote.values().forEach(all::addAll);
        all.sort(String.CASE_INSENSITIVE_ORDER.thenComparing(String::compareTo));
        return all;
    }
}
