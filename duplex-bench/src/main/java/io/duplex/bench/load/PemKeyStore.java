package io.duplex.bench.load;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory PKCS#12 key store made from the PEM files {@code duplex cert} writes: a certificate
 * chain (server first) and a PKCS#8 private key ({@code BEGIN PRIVATE KEY}), in one file or two.
 * With {@code java.security} only, so that the Jetty peer of the load scripts reads the same files as
 * {@code duplex serve --tls-cert} without borrowing Duplex's own PEM code (a bug there would then hide
 * in both servers).
 */
public final class PemKeyStore {

    /** Each block: its label and its base64 body. */
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** The alias of the one key entry. */
    public static final String ALIAS = "server";

    private PemKeyStore() {
    }

    /**
     * Reads the files into a key store with one key entry, {@value #ALIAS}.
     *
     * @param certificateChain PEM certificates, the server's first
     * @param privateKey       its PKCS#8 PEM key; may be the same file
     * @param password         the password to protect the entry with (the key store lives in memory only)
     * @return the key store
     * @throws IOException when a file cannot be read, holds no certificate or no PKCS#8 key, or the key
     *                     does not fit the certificate's algorithm
     */
    public static KeyStore load(Path certificateChain, Path privateKey, char[] password) throws IOException {
        List<Certificate> chain = certificates(certificateChain);
        try {
            // The certificate says which algorithm the key is for (EC for duplex cert, RSA elsewhere).
            String algorithm = chain.get(0).getPublicKey().getAlgorithm();
            PrivateKey key = KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(block(privateKey, "PRIVATE KEY")));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the key in " + privateKey + " with the certificate in "
                    + certificateChain + ": " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException {
        List<Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    chain.add(x509.generateCertificate(new ByteArrayInputStream(decode(m.group(2), file))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException("no BEGIN CERTIFICATE block in " + file);
        }
        return chain;
    }

    private static byte[] block(Path file, String label) throws IOException {
        Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return decode(m.group(2), file);
            }
        }
        throw new IOException("no BEGIN " + label + " block (PKCS#8, as duplex cert writes) in " + file);
    }

    private static byte[] decode(String body, Path file) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed base64 in " + file + ": " + e.getMessage(), e);
        }
    }
}
