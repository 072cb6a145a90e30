package io.duplex.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.duplex.internal.tls.TlsContexts;

/**
 * TLS for the server ({@code wss://} and {@code https://} on one port): certificates and keys from
 * PEM files or a PKCS#12 key store, several of them chosen by the client's SNI name, TLS 1.3 and 1.2
 * only by default, ALPN offering {@code http/1.1}. Immutable and shared by every connection.
 */
public final class ServerTls {

    private static final String[] DEFAULT_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLContext context;
    private final String[] protocols;

    private ServerTls(SSLContext context, String[] protocols) {
        this.context = context;
        this.protocols = protocols.clone();
        // An unknown protocol name must fail here, not on every accepted connection.
        newEngine();
    }

    /**
     * @param certificateChain PEM certificates, the server's first (often with its intermediates)
     * @param privateKey       its PEM key: PKCS#8 (RSA or EC) or traditional RSA; may be the same file
     * @return TLS with that one identity
     * @throws IOException when a file cannot be read or holds nothing usable
     */
    public static ServerTls fromPem(Path certificateChain, Path privateKey) throws IOException {
        return builder().certificate(certificateChain, privateKey).build();
    }

    /**
     * @param certificateAndKey one PEM file holding the chain and the key, as {@code localhost.pem} often does
     * @return TLS with that identity
     * @throws IOException when the file cannot be read or holds nothing usable
     */
    public static ServerTls fromPem(Path certificateAndKey) throws IOException {
        return fromPem(certificateAndKey, certificateAndKey);
    }

    /**
     * @param context a context the application built itself
     * @return TLS with it, TLS 1.3 and 1.2 only
     * @throws IllegalArgumentException when the context does not support them
     */
    public static ServerTls of(SSLContext context) {
        return new ServerTls(Objects.requireNonNull(context, "context"), DEFAULT_PROTOCOLS);
    }

    /** @return a builder for several identities, a key store or other protocols */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new engine for one accepted connection, in server mode, configured: protocols, ALPN
     * {@code http/1.1}, the server's cipher order.
     *
     * @return the engine
     */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters params = engine.getSSLParameters();
        params.setProtocols(protocols);
        params.setApplicationProtocols(new String[] {"http/1.1"});
        params.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(params);
        return engine;
    }

    /** Collects identities, then builds the context. */
    public static final class Builder {
        private final List<TlsContexts.PemIdentity> identities = new ArrayList<>();
        private Path pkcs12;
        private char[] password;
        private String[] protocols = DEFAULT_PROTOCOLS;

        private Builder() {
        }

        /**
         * Adds an identity; with several, each client gets the one whose names match its SNI name
         * (the first added when none does).
         *
         * @param certificateChain PEM certificates, the server's first
         * @param privateKey       its PEM key; may be the same file
         * @return this builder
         */
        public Builder certificate(Path certificateChain, Path privateKey) {
            identities.add(new TlsContexts.PemIdentity(Objects.requireNonNull(certificateChain, "certificateChain"),
                    Objects.requireNonNull(privateKey, "privateKey")));
            return this;
        }

        /**
         * Adds every key entry of a PKCS#12 key store.
         *
         * @param keyStore the {@code .p12} file
         * @param password its password (and its keys')
         * @return this builder
         */
        public Builder pkcs12(Path keyStore, char[] password) {
            this.pkcs12 = Objects.requireNonNull(keyStore, "keyStore");
            this.password = password.clone();
            return this;
        }

        /**
         * @param names the protocols to allow, such as {@code TLSv1.3}; the default is TLS 1.3 and 1.2
         * @return this builder
         */
        public Builder protocols(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("at least one protocol");
            }
            this.protocols = names.clone();
            return this;
        }

        /**
         * @return the TLS settings
         * @throws IOException when a file cannot be read or holds nothing usable
         * @throws IllegalArgumentException when a protocol name is not one the JDK supports
         */
        public ServerTls build() throws IOException {
            return new ServerTls(TlsContexts.server(identities, pkcs12, password), protocols);
        }
    }
}
