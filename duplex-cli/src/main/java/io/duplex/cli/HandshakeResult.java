package io.duplex.cli;

import java.util.Locale;

/**
 * What a handshake benchmark measured, as a {@code key=value} line for scripts and a sentence for
 * people.
 *
 * @param concurrency closed loops, each with one connection opening or closing at a time
 * @param tls         whether the connections were {@code wss://}
 * @param extensions  the extensions agreed (the first connection's; all were checked)
 * @param window      the measured window
 * @param latencies   every connection opened in the window, timed from the call to connect to its open
 * @param errors      connections that failed to open or to close cleanly, over the whole run
 */
record HandshakeResult(int concurrency, boolean tls, String extensions, MeasuredWindow window,
                       LatencyHistogram latencies, long errors) implements BenchResult {

    /** @return connections opened per second in the measured window */
    double connectionsPerSecond() {
        return window.perSecond(latencies.count());
    }

    /** @return {@code bench mode=handshake ... errors=N extensions="..."}: the extensions last, as they hold spaces */
    @Override
    public String machineLine() {
        return String.format(Locale.ROOT, "bench mode=handshake concurrency=%d tls=%d compression=%d duration_s=%.3f "
                        + "conns=%d conn_per_s=%.0f ",
                concurrency, tls ? 1 : 0, BenchResult.compression(extensions), window.seconds(), latencies.count(),
                connectionsPerSecond())
                + BenchResult.latencyKeys(latencies, window, errors, extensions);
    }

    /** @return one sentence with the same numbers */
    @Override
    public String humanLine() {
        return String.format(Locale.ROOT, "duplex bench: %,.0f connections/s opened and closed over %.1f s (%s); "
                        + "connect to open %s; %d error%s; %d loops%s",
                connectionsPerSecond(), window.seconds(), tls ? "TCP, TLS, upgrade" : "TCP, upgrade",
                BenchResult.latencySummary(latencies), errors, errors == 1 ? "" : "s", concurrency,
                window.clientCpuNote());
    }
}
