package io.duplex.cli;

import java.util.Locale;

/**
 * What a handshake benchmark measured, as a {@code key=value} line for scripts and a sentence for
 * people.
 *
 * @param concurrency    closed loops, each with one connection opening or closing at a time
 * @param tls            whether the connections were {@code wss://}
 * @param extensions     the extensions agreed (the first connection's; all were checked)
 * @param measuredNanos  the length of the measured window
 * @param latencies      every connection opened in the window, timed from the call to connect to its open
 * @param clientCpuNanos CPU time this process used in the window, or -1 when unknown
 * @param errors         connections that failed to open or to close cleanly, over the whole run
 */
record HandshakeResult(int concurrency, boolean tls, String extensions, long measuredNanos,
                       LatencyHistogram latencies, long clientCpuNanos, long errors) {

    /** @return connections opened per second in the measured window */
    double connectionsPerSecond() {
        return measuredNanos <= 0 ? 0 : latencies.count() * 1e9 / measuredNanos;
    }

    /** @return this process's CPU use in the window, in % of one core, or -1 when unknown */
    long clientCpuPercent() {
        return clientCpuNanos < 0 || measuredNanos <= 0 ? -1 : Math.round(100.0 * clientCpuNanos / measuredNanos);
    }

    /** @return {@code bench mode=handshake ... errors=N extensions="..."}: the extensions last, as they hold spaces */
    String machineLine() {
        return String.format(Locale.ROOT, "bench mode=handshake concurrency=%d tls=%d compression=%d duration_s=%.3f "
                        + "conns=%d conn_per_s=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d "
                        + "client_cpu_pct=%d errors=%d extensions=%s",
                concurrency, tls ? 1 : 0, extensions.startsWith("permessage-deflate") ? 1 : 0, measuredNanos / 1e9,
                latencies.count(), connectionsPerSecond(), micros(50), micros(90), micros(99), micros(99.9),
                latencies.max() / 1000, clientCpuPercent(), errors, EchoResult.quote(extensions));
    }

    /** @return one sentence with the same numbers */
    String humanLine() {
        return String.format(Locale.ROOT, "duplex bench: %,.0f connections/s opened and closed over %.1f s (%s); "
                        + "connect to open p50 %,d us, p99 %,d us, max %,d us; %d error%s; %d loops%s",
                connectionsPerSecond(), measuredNanos / 1e9, tls ? "TCP, TLS, upgrade" : "TCP, upgrade",
                micros(50), micros(99), latencies.max() / 1000, errors, errors == 1 ? "" : "s", concurrency,
                clientCpuPercent() < 0 ? "" : "; client CPU " + clientCpuPercent() + " % of one core");
    }

    private long micros(double percentile) {
        return latencies.percentile(percentile) / 1000;
    }
}
