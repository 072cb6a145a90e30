package io.duplex.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** Builds the JDK's {@link SSLContext} from PEM files and key stores. */
public final class TlsContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /** A certificate chain and its key, from PEM files (the same file may hold both). */
    public record PemIdentity(Path certificateChain, Path privateKey) {
    }

    /**
     * A server context holding every identity; with several, the client's SNI name picks one.
     *
     * @param identities the PEM identities, the default first
     * @param pkcs12     a PKCS#12 key store with more identities, or null
     * @param password   its password
     * @return the context
     * @throws IOException when a file cannot be read or holds nothing usable
     */
    public static SSLContext server(List<PemIdentity> identities, Path pkcs12, char[] password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            LinkedHashMap<String, X509Certificate> aliases = new LinkedHashMap<>();
            for (PemIdentity id : identities) {
                List<X509Certificate> chain = PemFiles.certificates(id.certificateChain());
                PrivateKey key = PemFiles.privateKey(id.privateKey());
                String alias = "identity-" + aliases.size();
                store.setKeyEntry(alias, key, NO_PASSWORD, chain.toArray(new Certificate[0]));
                aliases.put(alias, chain.get(0));
            }
            if (pkcs12 != null) {
                KeyStore given = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(pkcs12)) {
                    given.load(in, password);
                }
                for (String alias : Collections.list(given.aliases())) {
                    if (given.isKeyEntry(alias)) {
                        String ours = "identity-" + aliases.size();
                        Certificate[] chain = given.getCertificateChain(alias);
                        store.setKeyEntry(ours, given.getKey(alias, password), NO_PASSWORD, chain);
                        aliases.put(ours, (X509Certificate) chain[0]);
                    }
                }
            }
            if (aliases.isEmpty()) {
                throw new IOException("no certificate with a private key was configured");
            }
            // SunX509 answers from maps built once; NewSunX509 re-checks every certificate on every
            // handshake, which cost more CPU per handshake than the rest of the server's side of it.
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(store, NO_PASSWORD);
            X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SniKeyManager(keys, aliases)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A client context trusting the given store (null: the JDK's default trust store).
     *
     * @param trustStore the certificates to trust, or null
     * @return the context
     * @throws GeneralSecurityException when the JDK cannot build it
     */
    public static SSLContext client(KeyStore trustStore) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * @param caFile PEM certificates to trust
     * @return a trust store holding them
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static KeyStore trustStore(Path caFile) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : PemFiles.certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a trust store from " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param trustAll the trust manager that accepts anything
     * @return a client context with it
     * @throws GeneralSecurityException when the JDK cannot build it
     */
    public static SSLContext clientTrusting(TrustManager trustAll) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }
}
