package io.duplex.interop;

/** Our client against Jetty 12's WebSocket server, running in this JVM. */
class JettyServerInteropTest extends ExternalServerContract {

    @Override
    EchoServerPeer startServer() throws Exception {
        return JettyEchoServer.start();
    }
}
