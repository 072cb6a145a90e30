package io.duplex.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

import io.duplex.internal.tls.TlsContexts;

/**
 * TLS for the client's {@code wss://} connections: whom to trust, and whether to check that the
 * certificate names the host (on by default, RFC 6125 through the JDK's {@code HTTPS} rules).
 * TLS 1.3 and 1.2 only; SNI and ALPN {@code http/1.1} are sent. Immutable.
 */
public final class ClientTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final boolean verifyHostname;

    private ClientTls(SSLContext context, boolean verifyHostname) {
        this.context = context;
        this.verifyHostname = verifyHostname;
    }

    /** @return trust in the JDK's default trust store, host names checked */
    public static ClientTls defaults() {
        try {
            return new ClientTls(TlsContexts.client(null), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default TLS context is unavailable", e);
        }
    }

    /**
     * @param caFile PEM certificates of the authorities to trust (instead of the JDK's)
     * @return trust in those only, host names checked
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static ClientTls trustingPem(Path caFile) throws IOException {
        return trusting(TlsContexts.trustStore(caFile));
    }

    /**
     * @param trustStore the certificates to trust
     * @return trust in those only, host names checked
     */
    public static ClientTls trusting(KeyStore trustStore) {
        try {
            return new ClientTls(TlsContexts.client(Objects.requireNonNull(trustStore, "trustStore")), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use this trust store: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any certificate for any host: the connection is encrypted but not authenticated, so
     * anyone on the path can read and change it. <strong>For development against a self-signed
     * certificate only.</strong>
     *
     * @return trust in anything, no host name check
     */
    public static ClientTls trustAnythingForDevelopmentOnly() {
        try {
            return new ClientTls(TlsContexts.clientTrusting(new TrustAnything()), false);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /**
     * A new engine for one connection, in client mode: SNI for the host, its name checked against the
     * certificate unless this trusts anything.
     *
     * @param host the host of the URI
     * @param port the port
     * @return the engine
     */
    SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(PROTOCOLS);
        params.setApplicationProtocols(new String[] {"http/1.1"});
        if (verifyHostname) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /** Accepts every certificate: see {@link #trustAnythingForDevelopmentOnly()}. */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
