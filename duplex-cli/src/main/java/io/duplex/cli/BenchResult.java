package io.duplex.cli;

import java.util.Locale;

/**
 * What a benchmark mode measured, as the two lines it prints: one {@code bench mode=... key=value}
 * line for scripts and one sentence for people. The static methods format what the modes' lines
 * have in common, so that a script reads the same keys, in the same form, whatever the mode.
 */
interface BenchResult {

    /** @return {@code bench mode=... errors=N extensions="..."}: the extensions last, as they hold spaces */
    String machineLine();

    /** @return one sentence with the same numbers */
    String humanLine();

    /**
     * Prints the result: the first errors word for word and the sentence on stderr, the line for
     * scripts on stdout.
     *
     * @param errors what went wrong during the run
     * @param io     the streams
     */
    default void print(ErrorLog errors, CliIo io) {
        errors.printFirst(io.err());
        io.err().println(humanLine());
        io.out().println(machineLine());
    }

    /**
     * @param value a header value
     * @return it in double quotes, inner quotes and backslashes escaped, so that it is one token
     */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * @param extensions the extensions agreed
     * @return the value of the {@code compression} key: 1 when permessage-deflate was agreed, else 0
     */
    static int compression(String extensions) {
        return extensions.startsWith("permessage-deflate") ? 1 : 0;
    }

    /**
     * @param latencies  what was timed in the measured window
     * @param window     the measured window
     * @param errors     the errors counted
     * @param extensions the extensions agreed
     * @return the keys that end the line of a mode with a measured window: {@code p50_us=... p90_us=...
     *         p99_us=... p999_us=... max_us=... client_cpu_pct=... errors=... extensions="..."}
     */
    static String latencyKeys(LatencyHistogram latencies, MeasuredWindow window, long errors, String extensions) {
        return String.format(Locale.ROOT, "p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d client_cpu_pct=%d "
                        + "errors=%d extensions=%s",
                micros(latencies, 50), micros(latencies, 90), micros(latencies, 99), micros(latencies, 99.9),
                latencies.max() / 1000, window.clientCpuPercent(), errors, quote(extensions));
    }

    /**
     * @param latencies what was timed in the measured window
     * @return {@code p50 N us, p99 N us, max N us}, for a sentence
     */
    static String latencySummary(LatencyHistogram latencies) {
        return String.format(Locale.ROOT, "p50 %,d us, p99 %,d us, max %,d us",
                micros(latencies, 50), micros(latencies, 99), latencies.max() / 1000);
    }

    private static long micros(LatencyHistogram latencies, double percentile) {
        return latencies.percentile(percentile) / 1000;
    }
}
