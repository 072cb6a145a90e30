package io.duplex.pubsub;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The broker of nodes in one JVM: with a bus of its own (the default), a single node that needs
 * nothing installed; with a shared {@link Bus}, several servers in one process (tests, embedding).
 * Delivery is synchronous, on the publishing thread, so each publisher's order is kept.
 */
public final class InMemoryBroker implements Broker {

    /** Nodes that share publishes. Thread-safe. */
    public static final class Bus {
        private final List<InMemoryBroker> nodes = new CopyOnWriteArrayList<>();
    }

    private final Bus bus;
    private volatile Consumer<BrokerMessage> inbound;

    /** A node alone on its own bus: publishes stay on this node. */
    public InMemoryBroker() {
        this(new Bus());
    }

    /** @param bus the bus shared with the other nodes */
    public InMemoryBroker(Bus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    @Override
    public void attach(Consumer<BrokerMessage> inbound) {
        this.inbound = Objects.requireNonNull(inbound, "inbound");
        bus.nodes.add(this);
    }

    @Override
    public void publish(BrokerMessage message) {
        for (InMemoryBroker node : bus.nodes) {
            Consumer<BrokerMessage> target = node.inbound;
            if (node != this && target != null) {
                target.accept(message);
            }
        }
    }

    @Override
    public void close() {
        bus.nodes.remove(this);
    }
}
