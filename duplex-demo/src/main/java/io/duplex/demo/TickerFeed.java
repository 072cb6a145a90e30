package io.duplex.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The ticker's feed: on one scheduled daemon thread, every interval, it moves the {@link PriceWalk}
 * and publishes every symbol's quote in one message, {@code
 * {"type":"tick","seq":N,"ts":MILLIS,"quotes":[{"symbol":"ACME","price":182.51,"open":182.4,"change":0.11}, ...]}}.
 * One message per tick, whatever the number of symbols: a browser repaints once per tick, and
 * the server frames and compresses once per tick. Each node runs its own feed, so the message goes
 * to this node's subscribers only. With no subscriber a tick does nothing at all: the prices wait.
 */
final class TickerFeed implements AutoCloseable {

    /** The topic the ticker's connections subscribe to. */
    static final String TOPIC = "ticker";

    private static final System.Logger LOG = System.getLogger(TickerFeed.class.getName());

    private final PriceWalk walk;
    private final IntSupplier subscribers;
    private final Consumer<String> publish;
    private ScheduledExecutorService timer;
    /** The last quotes published (or the opening ones): written by the ticking thread, read by any. */
    private volatile Latest latest;

    /** The quotes of one tick, kept for the snapshot of a new subscriber. */
    private record Latest(long seq, long ts, List<Quote> quotes) {
    }

    /**
     * @param walk        the prices
     * @param subscribers how many subscribers the feed has now
     * @param publish     sends one message to them
     */
    TickerFeed(PriceWalk walk, IntSupplier subscribers, Consumer<String> publish) {
        this.walk = walk;
        this.subscribers = subscribers;
        this.publish = publish;
        this.latest = new Latest(0, System.currentTimeMillis(), walk.current());
    }

    /**
     * Starts ticking on a thread of its own.
     *
     * @param interval the time between ticks
     */
    synchronized void start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "duplex-demo-ticker");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        timer.scheduleAtFixedRate(this::tickSafely, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One tick: moves the prices and publishes them, unless nobody is subscribed. Called by the
     * ticking thread (and by tests), one call at a time.
     *
     * @return whether a message was published
     */
    boolean tick() {
        if (subscribers.getAsInt() == 0) {
            return false;
        }
        Latest next = new Latest(latest.seq() + 1, System.currentTimeMillis(), walk.step());
        latest = next;
        publish.accept(toJson("tick", next));
        return true;
    }

    /** @return the last quotes as a {@code snapshot} message, for a new subscriber */
    String snapshot() {
        return toJson("snapshot", latest);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // An exception would cancel every later run of a scheduled task: log it and tick on.
            LOG.log(System.Logger.Level.ERROR, "a ticker tick failed", e);
        }
    }

    private static String toJson(String type, Latest latest) {
        List<Object> quotes = new ArrayList<>(latest.quotes().size());
        for (Quote quote : latest.quotes()) {
            quotes.add(quote.toJson());
        }
        return Json.write("type", type, "seq", latest.seq(), "ts", latest.ts(), "quotes", quotes);
    }

    /** Stops ticking, waiting for a tick under way to end. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
