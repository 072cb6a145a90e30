package io.duplex.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What went wrong during a benchmark: a count, and the first few messages word for word so that a
 * failing run says why without printing one line per message. Thread-safe: the connections' event
 * loops report, the command's thread reads.
 */
final class ErrorLog {

    /** Messages kept word for word; the rest are only counted. */
    static final int KEPT = 5;

    private long count;
    private final List<String> first = new ArrayList<>();

    /**
     * Counts one error.
     *
     * @param message what happened, for the person reading the output
     */
    synchronized void add(String message) {
        count++;
        if (first.size() < KEPT) {
            first.add(message);
        }
    }

    /** @return how many errors were counted */
    synchronized long count() {
        return count;
    }

    /** @return the first {@value #KEPT} messages, oldest first */
    synchronized List<String> first() {
        return List.copyOf(first);
    }

    /**
     * Prints the first {@value #KEPT} messages, oldest first, one {@code duplex bench: error: ...} line each.
     *
     * @param err where to print them
     */
    void printFirst(PrintStream err) {
        first().forEach(e -> err.println("duplex bench: error: " + e));
    }
}
