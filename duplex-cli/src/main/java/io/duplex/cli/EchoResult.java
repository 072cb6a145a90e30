package io.duplex.cli;

import java.util.Locale;

/**
 * What an echo benchmark measured, as the two lines it prints: one {@code key=value} line for
 * scripts and one sentence for people.
 *
 * @param connections connections open
 * @param depth       messages in flight per connection
 * @param pool        the messages sent
 * @param extensions  the extensions agreed (the first connection's; all were checked)
 * @param window      the measured window
 * @param latencies   every echo that arrived in the window, timed from its send
 * @param errors      mismatched echoes, dropped sends, connections lost, over the whole run
 */
record EchoResult(int connections, int depth, PayloadPool pool, String extensions, MeasuredWindow window,
                  LatencyHistogram latencies, long errors) implements BenchResult {

    /** @return echoes per second in the measured window */
    double messagesPerSecond() {
        return window.perSecond(latencies.count());
    }

    /** @return payload megabytes (10^6) per second, one way */
    double megabytesPerSecond() {
        return messagesPerSecond() * pool.messageSize() / 1e6;
    }

    /** @return {@code bench mode=echo ... errors=N extensions="..."}: the extensions last, as they hold spaces */
    @Override
    public String machineLine() {
        return String.format(Locale.ROOT, "bench mode=echo connections=%d depth=%d size=%d payload=%s type=%s "
                        + "compression=%d duration_s=%.3f msgs=%d msgs_per_s=%.0f mb_per_s=%.2f ",
                connections, depth, pool.messageSize(), pool.kind(), pool.binary() ? "binary" : "text",
                BenchResult.compression(extensions), window.seconds(), latencies.count(), messagesPerSecond(),
                megabytesPerSecond())
                + BenchResult.latencyKeys(latencies, window, errors, extensions);
    }

    /** @return one sentence with the same numbers */
    @Override
    public String humanLine() {
        return String.format(Locale.ROOT, "duplex bench: %,.0f msg/s (%.1f MB/s of payload each way) over %.1f s; "
                        + "latency %s; %d error%s; %d connections x %d in flight, %d-byte %s %s messages; %s%s",
                messagesPerSecond(), megabytesPerSecond(), window.seconds(), BenchResult.latencySummary(latencies),
                errors, errors == 1 ? "" : "s", connections, depth, pool.messageSize(), pool.kind(),
                pool.binary() ? "binary" : "text", extensions.isEmpty() ? "no compression" : "extensions: " + extensions,
                window.clientCpuNote());
    }
}
