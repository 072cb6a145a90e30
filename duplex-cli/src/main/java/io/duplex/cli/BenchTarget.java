package io.duplex.cli;

import java.net.URI;

import io.duplex.client.ConnectOptions;

/**
 * Where a benchmark connects and with what: the settings its echo and idle modes share.
 *
 * @param url           the server's endpoint, such as {@code ws://127.0.0.1:8080/echo}
 * @param options       what the handshake offers
 * @param compression   whether permessage-deflate is offered (and must be agreed)
 * @param pool          the messages to send
 * @param maxHandshakes how many opening handshakes may be under way at once
 */
record BenchTarget(URI url, ConnectOptions options, boolean compression, PayloadPool pool, int maxHandshakes) {

    /**
     * @param count how many connections are opened
     * @return how long opening them and getting each one's first echo may take, in nanoseconds: 30 s,
     *         plus 20 ms a connection for large ramps
     */
    long rampBudgetNanos(int count) {
        return 30_000_000_000L + count * 20_000_000L;
    }
}
