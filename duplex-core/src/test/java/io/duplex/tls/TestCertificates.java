package io.duplex.tls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.duplex.internal.tls.TlsContexts;

/**
 * Certificates for the TLS tests, made once per test JVM with the {@code openssl} command (a tool we
 * did not write): a test CA; {@code localhost} signed by it (DNS:localhost and IP:127.0.0.1) with an
 * RSA key in PKCS#8, the same key in the traditional RSA form, and both in one file; an EC
 * certificate for {@code ec.test}; {@code other.test} for SNI; a self-signed {@code localhost}
 * nobody trusts; and a PKCS#12 key store.
 */
public final class TestCertificates {

    /** The PKCS#12 password. */
    public static final String PASSWORD = "duplex-test";

    private static TestCertificates made;

    /** The folder holding every file. */
    public final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * @return the certificates, made on first use
     * @throws IOException when openssl is missing or fails
     */
    public static synchronized TestCertificates get() throws IOException {
        if (made == null) {
            Path dir = Files.createTempDirectory("duplex-certs");
            // File.deleteOnExit() cannot delete a folder that still holds files, which left every
            // test JVM's certificates and CA key in the temporary folder: the files go first here.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteFolder(dir), "duplex-certs-cleanup"));
            TestCertificates c = new TestCertificates(dir);
            c.make();
            made = c;
        }
        return made;
    }

    /** @return the test CA's certificate */
    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** @return localhost's chain (leaf, then CA) */
    public Path localhostChain() {
        return dir.resolve("localhost-chain.pem");
    }

    /** @return localhost's RSA key, PKCS#8 */
    public Path localhostKey() {
        return dir.resolve("localhost.key");
    }

    /** @return localhost's RSA key, traditional form */
    public Path localhostRsaKey() {
        return dir.resolve("localhost-rsa.key");
    }

    /** @return localhost's chain and key in one file */
    public Path localhostCombined() {
        return dir.resolve("localhost.pem");
    }

    /** @return ec.test's chain, with an EC (P-256) key */
    public Path ecChain() {
        return dir.resolve("ec-chain.pem");
    }

    /** @return ec.test's key, PKCS#8 */
    public Path ecKey() {
        return dir.resolve("ec.key");
    }

    /** @return other.test's chain */
    public Path otherChain() {
        return dir.resolve("other-chain.pem");
    }

    /** @return other.test's key */
    public Path otherKey() {
        return dir.resolve("other.key");
    }

    /** @return a self-signed localhost certificate no one trusts */
    public Path untrustedChain() {
        return dir.resolve("untrusted.pem");
    }

    /** @return its key */
    public Path untrustedKey() {
        return dir.resolve("untrusted.key");
    }

    /** @return localhost's identity in a PKCS#12 key store, password {@link #PASSWORD} */
    public Path localhostP12() {
        return dir.resolve("localhost.p12");
    }

    /** @return a JDK context that trusts the test CA only */
    public SSLContext trustingCa() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(TlsContexts.trustStore(ca()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the folder and the files in it (it holds no sub-folder); best effort, at JVM exit. */
    private static void deleteFolder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // At exit nothing can be done about it; the folder is in the temporary folder anyway.
        }
    }

    private void make() throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "3",
                "-subj", "/CN=Duplex Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        leaf("localhost", "rsa:2048", "DNS:localhost,IP:127.0.0.1");
        leaf("other", "rsa:2048", "DNS:other.test");
        leaf("ec", "ec", "DNS:ec.test");
        openssl("rsa", "-in", "localhost.key", "-traditional", "-out", "localhost-rsa.key");
        Files.writeString(dir.resolve("localhost.pem"), Files.readString(localhostChain()) + Files.readString(localhostKey()));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "untrusted.key", "-out", "untrusted.pem",
                "-days", "3", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        openssl("pkcs12", "-export", "-in", "localhost-chain.pem", "-inkey", "localhost.key", "-out", "localhost.p12",
                "-passout", "pass:" + PASSWORD, "-name", "localhost");
    }

    private void leaf(String name, String keySpec, String subjectAltNames) throws IOException {
        List<String> req = new ArrayList<>(List.of("req", "-newkey", keySpec));
        if (keySpec.equals("ec")) {
            req.addAll(List.of("-pkeyopt", "ec_paramgen_curve:prime256v1"));
        }
        req.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name));
        openssl(req.toArray(new String[0]));
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltNames + "\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "3", "-extfile", name + ".ext");
        Files.writeString(dir.resolve(name + "-chain.pem"), Files.readString(dir.resolve(name + ".pem"))
                + Files.readString(ca()));
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) {
                p.destroyForcibly();
                fail("openssl " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }
}
