package io.duplex.cli;

import java.io.IOException;
import java.nio.file.Path;

import io.duplex.client.ClientTls;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Whom a client command trusts for {@code wss://}: {@code --cacert FILE}, {@code --insecure} or the
 * JDK's trust store. A picocli mixin ({@code @Mixin TlsTrustOptions trust;}), so that every command
 * that connects spells and explains the two options the same way and makes the same choice.
 */
final class TlsTrustOptions {

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "For wss://: trust the certificate authorities in this PEM file instead of the JDK's.")
    private Path caCert;

    @Option(names = "--insecure",
            description = "For wss://: accept any certificate for any host (encrypted, not authenticated; "
                    + "for development against a self-signed certificate only).")
    private boolean insecure;

    /**
     * The trust the options ask for.
     *
     * @param cl the command, for a usage error
     * @return anything with {@code --insecure}, the file's authorities with {@code --cacert}, else the
     *         JDK's trust store; host names are checked except with {@code --insecure}
     * @throws ParameterException when both options are given (exit 2)
     * @throws IOException        when the {@code --cacert} file cannot be read or holds no certificate
     */
    ClientTls clientTls(CommandLine cl) throws IOException {
        if (caCert != null && insecure) {
            throw new ParameterException(cl, "--cacert and --insecure exclude each other");
        }
        return insecure ? ClientTls.trustAnythingForDevelopmentOnly()
                : caCert != null ? ClientTls.trustingPem(caCert) : ClientTls.defaults();
    }

    /** @return the {@code --cacert} file, or {@code null} */
    Path caCert() {
        return caCert;
    }

    /** @return whether certificates go unchecked: the command should say so on stderr */
    boolean insecure() {
        return insecure;
    }
}
