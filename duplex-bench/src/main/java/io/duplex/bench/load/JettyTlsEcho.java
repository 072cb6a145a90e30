package io.duplex.bench.load;

import java.nio.file.Path;
import java.security.KeyStore;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12's WebSocket server echoing every message on {@code /echo} over TLS, the peer that
 * {@code duplex-bench/load/tls.sh} measures beside {@code duplex serve --tls-cert}: the same PEM files
 * (a {@code duplex cert} certificate and key, read by {@link PemKeyStore}), TLS 1.3 and 1.2 through
 * Jetty's own {@link SslContextFactory.Server} and {@link SslConnectionFactory} with Jetty's defaults
 * otherwise, https set up as Jetty documents it ({@link SecureRequestCustomizer}). permessage-deflate
 * is declined, so that both servers echo the same plain frames. Limits are large and timeouts long, so
 * that only the load decides what happens. Without a certificate it serves plain {@code ws://} with
 * the same settings: the reference run of {@code TLS=0 tls.sh}.
 *
 * <pre>
 * java -cp duplex-bench/target/benchmarks.jar io.duplex.bench.load.JettyTlsEcho 8443 cert.pem key.pem
 * </pre>
 */
public final class JettyTlsEcho {

    /** Protects the key entry of a key store that never leaves this process. */
    private static final String PASSWORD = "jetty-tls-echo";

    private JettyTlsEcho() {
    }

    /**
     * Starts Jetty on 127.0.0.1 and runs until the process is stopped (SIGTERM stops Jetty through its
     * shutdown hook).
     *
     * @param args the port, then the PEM certificate chain and the PEM key (the key defaults to the
     *             certificate's file); no certificate serves plain {@code ws://}
     * @throws Exception when the files cannot be read or Jetty cannot start (the port is taken)
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: JettyTlsEcho PORT [CERT.pem [KEY.pem]]");
            System.exit(2);
        }
        Path cert = args.length > 1 ? Path.of(args[1]) : null;
        Server server = start(Integer.parseInt(args[0]), cert, args.length > 2 ? Path.of(args[2]) : cert);
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        System.out.println("JettyTlsEcho: Jetty " + Server.getVersion() + " listening on "
                + (cert != null ? "wss" : "ws") + "://127.0.0.1:" + connector.getLocalPort() + "/echo ("
                + (cert != null ? "TLSv1.3, TLSv1.2; " : "no TLS; ") + "no compression)");
        server.join();
    }

    /**
     * Starts the server.
     *
     * @param port        the port on 127.0.0.1; 0 picks a free one
     * @param certificate the PEM certificate chain, or {@code null} for plain {@code ws://}
     * @param key         its PKCS#8 PEM key (may be the same file)
     * @return the running server
     * @throws Exception when the files cannot be read or Jetty cannot start
     */
    public static Server start(int port, Path certificate, Path key) throws Exception {
        KeyStore keys = certificate == null ? null : PemKeyStore.load(certificate, key, PASSWORD.toCharArray());
        Server server = new Server();
        server.setStopAtShutdown(true);
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector;
        if (keys != null) {
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, new SslConnectionFactory(tls(keys), HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        return JettyDeflateEcho.serveEcho(server, connector, port, false);
    }

    /** Jetty's own TLS with the given identity: protocols TLS 1.3 and 1.2, the rest as Jetty ships it. */
    private static SslContextFactory.Server tls(KeyStore keys) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(PASSWORD);
        ssl.setKeyManagerPassword(PASSWORD);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }
}
