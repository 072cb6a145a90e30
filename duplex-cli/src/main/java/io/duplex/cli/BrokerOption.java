package io.duplex.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import io.duplex.pubsub.Broker;
import io.duplex.pubsub.InMemoryBroker;
import io.duplex.redis.RedisBroker;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What carries topic publishes between server nodes: {@code --broker redis://HOST:PORT} for Redis,
 * none for this node alone. A picocli mixin shared by {@code serve} and {@code demo}.
 */
final class BrokerOption {

    @Option(names = "--broker", paramLabel = "URI",
            description = "Share topics with the other nodes through this broker: redis://HOST:PORT "
                    + "(or rediss:// for TLS, redis://:PASSWORD@HOST:PORT/DB). Default: this node alone.")
    private String broker;

    /**
     * Checks the URI's form without connecting.
     *
     * @param cl the command, for a usage error
     * @throws ParameterException when it is not a Redis URI (exit 2)
     */
    void validate(CommandLine cl) {
        if (broker != null) {
            redisUri(cl);
        }
    }

    /**
     * Connects to the broker.
     *
     * @param cl the command, for a usage error
     * @return the broker: Redis when asked, else an in-memory one for this node alone
     * @throws IOException when the broker cannot be reached
     */
    Broker open(CommandLine cl) throws IOException {
        return broker == null ? new InMemoryBroker() : RedisBroker.connect(redisUri(cl));
    }

    /** @return how to say where publishes go, for the line printed at start */
    String describe() {
        return broker == null ? "topics on this node only" : "topics shared through " + broker;
    }

    private URI redisUri(CommandLine cl) {
        try {
            URI uri = new URI(broker);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
                throw new ParameterException(cl, "--broker must be redis://HOST:PORT: " + broker);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(cl, "--broker is not a URI: " + e.getMessage());
        }
    }
}
