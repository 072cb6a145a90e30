package io.duplex.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts payload bytes so that JMH prints a {@code bytes} rate (bytes per second) next to each
 * benchmark's own score; divide it by 1e9 for GB/s. A benchmark method takes it as a parameter and
 * adds the bytes it processed.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ByteCounter {

    /** Bytes processed in this iteration. */
    public long bytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void clear() {
        bytes = 0;
    }
}
