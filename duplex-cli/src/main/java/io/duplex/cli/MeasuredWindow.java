package io.duplex.cli;

import java.time.Duration;

/**
 * The measured window of a benchmark that runs closed loops (echo and handshake modes): how long it
 * lasted and how much CPU time this process used in it.
 *
 * @param nanos    the length of the window
 * @param cpuNanos CPU time this process used in the window, or -1 when the OS does not say
 */
record MeasuredWindow(long nanos, long cpuNanos) {

    /**
     * Lets the loops run through the warmup, then measures for the duration: moves the phase on, prints
     * {@code bench phase=measure} and {@code bench phase=drain} on stdout as it starts and ends the
     * window (a script measuring the server reads them, so both measure the same window), and reads
     * the clock and this process's CPU time at the same moments. A stop asked for shortens either wait.
     *
     * @param phase    the phase the loops follow; draining when this returns
     * @param warmup   how long to run before measuring
     * @param duration how long to measure
     * @param io       stdout and the stop signal
     * @return the window
     * @throws InterruptedException when interrupted
     */
    static MeasuredWindow run(LoadPhase phase, Duration warmup, Duration duration, CliIo io)
            throws InterruptedException {
        io.pause(warmup);

        phase.measure();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        io.out().println("bench phase=measure");
        io.pause(duration);
        phase.drain();
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        io.out().println("bench phase=drain");
        return new MeasuredWindow(t1 - t0, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
    }

    /** @return the window's length in seconds */
    double seconds() {
        return nanos / 1e9;
    }

    /**
     * @param count how many events the window saw
     * @return events per second, 0 for an empty window
     */
    double perSecond(long count) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    /** @return this process's CPU use in the window, in % of one core, or -1 when unknown */
    long clientCpuPercent() {
        return cpuNanos < 0 || nanos <= 0 ? -1 : Math.round(100.0 * cpuNanos / nanos);
    }

    /** @return {@code "; client CPU N % of one core"} for the end of a sentence, or {@code ""} when unknown */
    String clientCpuNote() {
        return clientCpuPercent() < 0 ? "" : "; client CPU " + clientCpuPercent() + " % of one core";
    }

    /** @return the CPU time this process has used so far, in nanoseconds, or -1 when the OS does not say */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
