package io.duplex.cli;

import java.io.PrintStream;
import java.net.URI;

/** Says why a benchmark's connections could not all be opened, in one or two lines on stderr. */
final class BenchFailure {

    private BenchFailure() {
    }

    /**
     * @param err       where to say it
     * @param url       the server's endpoint
     * @param set       the connections attempted
     * @param requested how many were asked for
     */
    static void report(PrintStream err, URI url, ConnectionSet set, int requested) {
        String problem = set.firstProblem();
        int ready = set.readyCount();
        if (set.extensionMismatch()) {
            err.println("duplex bench: " + url + ": " + problem);
        } else if (ready == 0) {
            // The client's own "cannot connect to /127.0.0.1:8080: " would say it twice.
            err.println("duplex bench: cannot connect to " + url + ": "
                    + String.valueOf(problem).replaceFirst("^cannot connect to \\S+: ", ""));
        } else {
            err.println("duplex bench: only " + ready + " of " + requested + " connections to " + url
                    + " opened and echoed their first message; first problem: " + problem);
        }
    }
}
