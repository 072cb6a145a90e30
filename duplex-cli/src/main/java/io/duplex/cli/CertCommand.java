package io.duplex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code duplex cert}: a self-signed certificate for development, made by the JDK's own
 * {@code keytool} (no hand-made ASN.1), written as PEM for {@code duplex serve --tls-cert}.
 */
@Command(name = "cert",
        mixinStandardHelpOptions = true,
        versionProvider = DuplexCommand.Version.class,
        description = {
                "Writes a self-signed certificate and its key for development, as PEM.",
                "The names go into the subject alternative names (DNS names, or IP addresses).",
                "Browsers and clients trust it only when told to (duplex connect --cacert FILE)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:cannot write, or keytool failed", "2:usage error"})
final class CertCommand implements Callable<Integer> {

    private static final String PASSWORD = "duplex-development";

    @ParentCommand
    private DuplexCommand parent;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "localhost.pem",
            description = "Where to write the certificate, and the key too unless --key-out (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--key-out", paramLabel = "FILE", description = "Write the private key to this file instead.")
    private Path keyOut;

    @Option(names = "--host", paramLabel = "NAME",
            description = "A name or IP address the certificate is for; repeatable (default: localhost, 127.0.0.1, ::1).")
    private List<String> hosts = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "How long it is valid (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--force", description = "Overwrite existing files.")
    private boolean force;

    @Override
    public Integer call() {
        CliIo io = parent.io();
        if (days < 1) {
            io.err().println("duplex cert: --days must be at least 1");
            return 2;
        }
        List<String> names = hosts.isEmpty() ? List.of("localhost", "127.0.0.1", "::1") : hosts;
        for (Path p : keyOut == null ? List.of(out) : List.of(out, keyOut)) {
            if (Files.exists(p) && !force) {
                io.err().println("duplex cert: " + p + " exists; --force overwrites it");
                return DuplexCommand.EXIT_FAILED;
            }
        }
        Path store = null;
        try {
            store = Files.createTempFile("duplex-cert", ".p12");
            Files.delete(store); // keytool creates it
            keytool(store, names);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Certificate cert = ks.getCertificate("duplex");
            Key key = ks.getKey("duplex", PASSWORD.toCharArray());
            String certPem = pem("CERTIFICATE", cert.getEncoded());
            String keyPem = pem("PRIVATE KEY", key.getEncoded()); // PKCS#8
            if (keyOut == null) {
                writePrivate(out, certPem + keyPem);
            } else {
                Files.writeString(out, certPem, StandardCharsets.US_ASCII);
                writePrivate(keyOut, keyPem);
            }
        } catch (IOException | GeneralSecurityException e) {
            io.err().println("duplex cert: " + e.getMessage());
            return DuplexCommand.EXIT_FAILED;
        } finally {
            if (store != null) {
                try {
                    Files.deleteIfExists(store);
                } catch (IOException ignored) {
                    // A temp file left behind holds a development key only.
                }
            }
        }
        io.out().println("duplex cert: wrote " + out + (keyOut == null ? " (certificate and key)" : " and " + keyOut)
                + " for " + String.join(", ", names) + ", valid " + days + " days");
        return 0;
    }

    /** Runs the JDK's keytool: an EC P-256 key and a self-signed certificate with the names as SANs. */
    private void keytool(Path store, List<String> names) throws IOException {
        List<String> san = new ArrayList<>();
        for (String n : names) {
            san.add((n.indexOf(':') >= 0 || n.matches("[0-9.]+") ? "ip:" : "dns:") + n);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "duplex", "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + names.get(0),
                "-ext", "SAN=" + String.join(",", san), "-ext", "EKU=serverAuth", "-validity", Integer.toString(days),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Writes a file only its owner can read, where the file system knows owners. */
    private static void writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own defaults apply.
        }
    }
}
