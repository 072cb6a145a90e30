package io.duplex.demo;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What each other node last announced, and when it was heard. A node that goes silent (it crashed,
 * or lost the broker, without saying goodbye) is forgotten once it has missed a few announcements,
 * so its members or visitors do not stay on the pages for good. Not thread-safe: it belongs to its
 * app's {@link StateThread}.
 *
 * @param <V> what a node announces
 */
final class OtherNodes<V> {

    private record Heard(Object value, long atNanos) {
    }

    private final Map<String, Heard> nodes = new HashMap<>();

    /**
     * Records a node's announcement.
     *
     * @param node     the node
     * @param value    what it announced
     * @param nowNanos the time it was heard ({@link System#nanoTime()})
     * @return what it announced before, or {@code null}
     */
    @SuppressWarnings("unchecked")
    V put(String node, V value, long nowNanos) {
        Heard before = nodes.put(node, new Heard(value, nowNanos));
        return before == null ? null : (V) before.value();
    }

    /**
     * Forgets a node that said it has nothing here any more.
     *
     * @param node the node
     * @return what it announced before, or {@code null}
     */
    @SuppressWarnings("unchecked")
    V remove(String node) {
        Heard before = nodes.remove(node);
        return before == null ? null : (V) before.value();
    }

    /** @return what each node announced last */
    @SuppressWarnings("unchecked")
    Collection<V> values() {
        return nodes.values().stream().map(h -> (V) h.value()).toList();
    }

    /**
     * Forgets the nodes not heard for longer than the given age.
     *
     * @param nowNanos   the time now ({@link System#nanoTime()})
     * @param maxAgeNanos how long a node may stay silent
     * @return whether any was forgotten
     */
    boolean forgetSilent(long nowNanos, long maxAgeNanos) {
        boolean any = false;
        for (Iterator<Heard> it = nodes.values().iterator(); it.hasNext(); ) {
            if (nowNanos - it.next().atNanos() > maxAgeNanos) {
                it.remove();
                any = true;
            }
        }
        return any;
    }
}
