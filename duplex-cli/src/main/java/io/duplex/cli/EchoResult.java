package io.duplex.cli;

import java.util.Locale;

/**
 * What an echo benchmark measured, as the two lines it prints: one {@code key=value} line for
 * scripts and one sentence for people.
 *
 * @param connections    connections open
 * @param depth          messages in flight per connection
 * @param pool           the messages sent
 * @param extensions     the extensions agreed (the first connection's; all were checked)
 * @param measuredNanos  the length of the measured window
 * @param latencies      every echo that arrived in the window, timed from its send
 * @param clientCpuNanos CPU time this process used in the window, or -1 when unknown
 * @param errors         mismatched echoes, dropped sends, connections lost, over the whole run
 */
record EchoResult(int connections, int depth, PayloadPool pool, String extensions, long measuredNanos,
                  LatencyHistogram latencies, long clientCpuNanos, long errors) {

    /** @return echoes per second in the measured window */
    double messagesPerSecond() {
        return measuredNanos <= 0 ? 0 : latencies.count() * 1e9 / measuredNanos;
    }

    /** @return payload megabytes (10^6) per second, one way */
    double megabytesPerSecond() {
        return messagesPerSecond() * pool.messageSize() / 1e6;
    }

    /** @return this process's CPU use in the window, in % of one core, or -1 when unknown */
    long clientCpuPercent() {
        return clientCpuNanos < 0 || measuredNanos <= 0 ? -1 : Math.round(100.0 * clientCpuNanos / measuredNanos);
    }

    /** @return {@code bench mode=echo ... errors=N extensions="..."}: the extensions last, as they hold spaces */
    String machineLine() {
        return String.format(Locale.ROOT, "bench mode=echo connections=%d depth=%d size=%d payload=%s type=%s "
                        + "compression=%d duration_s=%.3f msgs=%d msgs_per_s=%.0f mb_per_s=%.2f p50_us=%d p90_us=%d "
                        + "p99_us=%d p999_us=%d max_us=%d client_cpu_pct=%d errors=%d extensions=%s",
                connections, depth, pool.messageSize(), pool.kind(), pool.binary() ? "binary" : "text",
                extensions.startsWith("permessage-deflate") ? 1 : 0, measuredNanos / 1e9, latencies.count(),
                messagesPerSecond(), megabytesPerSecond(), micros(50), micros(90), micros(99), micros(99.9),
                latencies.max() / 1000, clientCpuPercent(), errors, quote(extensions));
    }

    /** @return one sentence with the same numbers */
    String humanLine() {
        return String.format(Locale.ROOT, "duplex bench: %,.0f msg/s (%.1f MB/s of payload each way) over %.1f s; "
                        + "latency p50 %,d us, p99 %,d us, max %,d us; %d error%s; %d connections x %d in flight, "
                        + "%d-byte %s %s messages; %s%s",
                messagesPerSecond(), megabytesPerSecond(), measuredNanos / 1e9, micros(50), micros(99),
                latencies.max() / 1000, errors, errors == 1 ? "" : "s", connections, depth, pool.messageSize(),
                pool.kind(), pool.binary() ? "binary" : "text",
                extensions.isEmpty() ? "no compression" : "extensions: " + extensions,
                clientCpuPercent() < 0 ? "" : "; client CPU " + clientCpuPercent() + " % of one core");
    }

    private long micros(double percentile) {
        return latencies.percentile(percentile) / 1000;
    }

    /**
     * @param value a header value
     * @return it in double quotes, inner quotes and backslashes escaped, so that it is one token
     */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
