package io.duplex.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import io.duplex.tls.TestCertificates;

/**
 * Jetty 12's WebSocket server, in this JVM, serving the echo endpoint of {@link EchoServerPeer} on
 * 127.0.0.1, over plain TCP or over TLS ({@link #startTls}): every close Jetty reports becomes a line
 * {@code CLOSE <code> <reason>}.
 */
final class JettyEchoServer implements EchoServerPeer {

    private final Server jetty = new Server();
    private final ServerConnector connector;
    private final boolean tls;
    /** The reported lines; guarded by itself. */
    private final List<String> lines = new ArrayList<>();

    private JettyEchoServer(SslContextFactory.Server ssl) {
        this.tls = ssl != null;
        this.connector = ssl == null ? new ServerConnector(jetty) : new ServerConnector(jetty, ssl);
    }

    /**
     * Starts Jetty on a free port, with messages up to 32 MiB.
     *
     * @return the running server
     * @throws Exception when Jetty cannot start
     */
    static JettyEchoServer start() throws Exception {
        return start(null);
    }

    /**
     * Starts Jetty on a free port as {@link #start()} does, over TLS: Jetty's own TLS set-up
     * ({@link SslContextFactory.Server}, its defaults for protocols and ciphers) with the test
     * certificate for localhost from the PKCS#12 key store.
     *
     * @return the running server, whose {@link #echoUri()} is {@code wss://localhost:PORT/echo}
     * @throws Exception when the certificates cannot be made or Jetty cannot start
     */
    static JettyEchoServer startTls() throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(TestCertificates.get().localhostP12().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        return start(ssl);
    }

    private static JettyEchoServer start(SslContextFactory.Server ssl) throws Exception {
        JettyEchoServer server = new JettyEchoServer(ssl);
        server.connector.setHost("127.0.0.1");
        server.connector.setPort(0);
        server.jetty.addConnector(server.connector);
        server.jetty.setHandler(WebSocketUpgradeHandler.from(server.jetty, container -> {
            container.setIdleTimeout(Duration.ofMinutes(1));
            container.setMaxTextMessageSize(32 << 20);
            container.setMaxBinaryMessageSize(32 << 20);
            container.addMapping(ExternalServer.PATH, (request, response, callback) -> {
                if (request.getSubProtocols().contains("chat")) {
                    response.setAcceptedSubProtocol("chat");
                }
                return server.new Echo();
            });
        }));
        server.jetty.start();
        return server;
    }

    /** Jetty's side of one connection. */
    public final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session s) {
            session = s;
        }

        @Override
        public void onWebSocketText(String message) {
            if (message.startsWith("close-me:")) {
                String[] parts = message.split(":", 3);
                session.close(Integer.parseInt(parts[1]), parts[2], Callback.NOOP);
            } else {
                session.sendText(message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }

        @Override
        public void onWebSocketClose(int code, String reason) {
            synchronized (lines) {
                lines.add("CLOSE " + code + " " + (reason == null ? "" : reason));
                lines.notifyAll();
            }
        }
    }

    @Override
    public String name() {
        return "Jetty " + Server.getVersion() + (tls ? " (TLS)" : "");
    }

    @Override
    public URI echoUri() {
        // Over TLS, the name the certificate is for, so that our client's host name check has work.
        return URI.create((tls ? "wss://localhost:" : "ws://127.0.0.1:") + connector.getLocalPort()
                + ExternalServer.PATH);
    }

    @Override
    public int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    @Override
    public String awaitOutput(int mark, String description, Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + ExternalServer.STEP_TIMEOUT.toNanos();
        synchronized (lines) {
            for (int next = mark; ; ) {
                for (; next < lines.size(); next++) {
                    if (match.test(lines.get(next))) {
                        return lines.get(next);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(name() + " did not report " + description + " within "
                            + ExternalServer.STEP_TIMEOUT.toSeconds() + " s; since: " + lines.subList(mark, lines.size()));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    @Override
    public String transcript() {
        synchronized (lines) {
            return "closes " + name() + " reported: " + lines;
        }
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new AssertionError("Jetty did not stop", e);
        }
    }
}
