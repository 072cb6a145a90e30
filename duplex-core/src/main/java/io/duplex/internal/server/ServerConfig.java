package io.duplex.internal.server;

import java.util.Map;

import io.duplex.internal.http.StaticFiles;
import io.duplex.internal.transport.SendLimits;
import io.duplex.internal.transport.Timeouts;
import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.http.HttpLimits;
import io.duplex.server.ServerTls;

/**
 * The server's settings, fixed when it starts and shared by every connection.
 *
 * @param endpoints      the endpoints by path
 * @param engineSettings the limits of each connection's engine
 * @param httpLimits     the limits of a request head
 * @param sendLimits     how much each connection buffers for sending
 * @param staticFiles    what answers plain HTTP requests, or {@code null} for 404 to all of them
 * @param timeouts       how long each connection waits for each thing
 * @param tls            TLS for every connection, or {@code null} for plain TCP
 */
public record ServerConfig(Map<String, Endpoint> endpoints, EngineSettings engineSettings, HttpLimits httpLimits,
                           SendLimits sendLimits, StaticFiles staticFiles, Timeouts timeouts, ServerTls tls) {

    /** Copies the endpoint map. */
    public ServerConfig {
        endpoints = Map.copyOf(endpoints);
    }

    /**
     * @param path the request path, without its query
     * @return the endpoint serving it, or {@code null}
     */
    public Endpoint endpoint(String path) {
        return endpoints.get(path);
    }
}
