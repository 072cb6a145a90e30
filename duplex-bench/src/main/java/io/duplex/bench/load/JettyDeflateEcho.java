package io.duplex.bench.load;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's WebSocket server (core, no servlets, the Jetty WebSocket API) echoing every message on
 * {@code /echo}, the peer that {@code duplex-bench/load/deflate.sh} measures beside {@code duplex serve}.
 * permessage-deflate is left as Jetty ships it: enabled, with Jetty's own defaults, agreed whenever a
 * client offers it. Limits are large and timeouts long, so that only the load decides what happens.
 *
 * <pre>
 * java -cp duplex-bench/target/benchmarks.jar io.duplex.bench.load.JettyDeflateEcho 8080
 * </pre>
 */
public final class JettyDeflateEcho {

    /** Larger than any message the benchmarks send. */
    private static final int MAX_MESSAGE = 64 << 20;
    /** Longer than any benchmark holds an idle connection. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

    private JettyDeflateEcho() {
    }

    /**
     * Starts Jetty on 127.0.0.1 and runs until the process is stopped (SIGTERM stops Jetty through its
     * shutdown hook).
     *
     * @param args the port
     * @throws Exception when Jetty cannot start, for example when the port is taken
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: JettyDeflateEcho PORT");
            System.exit(2);
        }
        Server server = start(Integer.parseInt(args[0]));
        System.out.println("JettyDeflateEcho: Jetty " + Server.getVersion() + " listening on ws://127.0.0.1:"
                + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/echo (permessage-deflate as Jetty ships it)");
        server.join();
    }

    /**
     * Starts the server.
     *
     * @param port the port on 127.0.0.1; 0 picks a free one
     * @return the running server
     * @throws Exception when Jetty cannot start
     */
    public static Server start(int port) throws Exception {
        Server server = new Server();
        server.setStopAtShutdown(true);
        return serveEcho(server, new ServerConnector(server), port, true);
    }

    /**
     * What both Jetty peers share: the connector on 127.0.0.1 with a deep accept queue and long idle
     * timeout, the echo endpoint on {@code /echo} with large limits; then Jetty starts.
     *
     * @param server      the server, not started
     * @param connector   its connector, plain or TLS
     * @param port        the port; 0 picks a free one
     * @param compression whether permessage-deflate is left as Jetty ships it (else every offer is declined)
     * @return the started server
     * @throws Exception when Jetty cannot start
     */
    static Server serveEcho(Server server, ServerConnector connector, int port, boolean compression) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        // Thousands of idle connections arrive in a ramp: a short accept queue would drop some.
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.setMaxTextMessageSize(MAX_MESSAGE);
            container.setMaxBinaryMessageSize(MAX_MESSAGE);
            container.addMapping("/echo", (request, response, callback) -> {
                if (!compression) {
                    // Declines every extension offered (permessage-deflate is the only one Jetty has).
                    response.setExtensions(List.of());
                }
                return new Echo();
            });
        }));
        server.start();
        return server;
    }

    /** One connection: every message goes back as it came, text as text, binary as binary. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            // The payload is Jetty's until the callback completes: handing the callback on keeps it
            // valid until the echo is written.
            session.sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // A client that goes away mid-send: nothing to do, and no log line per connection.
        }
    }
}
