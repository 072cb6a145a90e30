package io.duplex.cli;

import java.util.Locale;

/**
 * What an idle benchmark did, as a {@code key=value} line for scripts and a sentence for people.
 *
 * @param requested  connections asked for
 * @param open       connections that opened and had their message echoed
 * @param closed     connections that then closed cleanly (1000 both ways)
 * @param rampNanos  how long opening them took
 * @param holdNanos  how long they were held
 * @param extensions the extensions agreed (the first connection's; all were checked)
 * @param errors     connections that failed, mismatched echoes, connections lost or not closed cleanly
 */
record IdleResult(int requested, int open, int closed, long rampNanos, long holdNanos, String extensions,
                  long errors) implements BenchResult {

    /** @return {@code bench mode=idle ... errors=N extensions="..."}: the extensions last */
    @Override
    public String machineLine() {
        return String.format(Locale.ROOT, "bench mode=idle conns=%d open=%d failed=%d closed=%d ramp_s=%.3f "
                        + "hold_s=%.3f compression=%d errors=%d extensions=%s",
                requested, open, requested - open, closed, rampNanos / 1e9, holdNanos / 1e9,
                BenchResult.compression(extensions), errors, BenchResult.quote(extensions));
    }

    /** @return one sentence with the same numbers */
    @Override
    public String humanLine() {
        return String.format(Locale.ROOT, "duplex bench: %d of %d idle connections opened in %.1f s, held %.1f s, "
                        + "%d closed cleanly; %d error%s; %s",
                open, requested, rampNanos / 1e9, holdNanos / 1e9, closed, errors, errors == 1 ? "" : "s",
                extensions.isEmpty() ? "no compression" : "extensions: " + extensions);
    }
}
