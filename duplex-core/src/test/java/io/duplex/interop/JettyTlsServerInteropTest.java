package io.duplex.interop;

/**
 * Our client over TLS against Jetty 12's WebSocket server, running in this JVM behind Jetty's own
 * TLS ({@code SslContextFactory.Server} with the test certificate in a PKCS#12 key store): the checks
 * of {@link ExternalTlsServerContract}. Both ends use the JDK's TLS, but Jetty drives its
 * {@code SSLEngine} with its own code, which is what meets ours here.
 */
class JettyTlsServerInteropTest extends ExternalTlsServerContract {

    @Override
    EchoServerPeer startServer() throws Exception {
        return JettyEchoServer.startTls();
    }
}
