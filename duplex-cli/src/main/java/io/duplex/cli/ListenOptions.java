package io.duplex.cli;

import java.io.IOException;
import java.nio.file.Path;

import io.duplex.server.ServerTls;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where a server command listens, and with which certificate: {@code --host}, {@code --port},
 * {@code --tls-cert}, {@code --tls-key}. A picocli mixin, so that {@code serve} and {@code demo} spell
 * and check them the same way.
 */
final class ListenOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--tls-cert", paramLabel = "CERT.pem",
            description = "Serve wss:// and https:// with this PEM certificate chain (server first).")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem",
            description = "The PEM private key of --tls-cert (PKCS#8 RSA or EC, or traditional RSA); "
                    + "default: the --tls-cert file, which may hold both.")
    private Path tlsKey;

    /**
     * Checks what the options alone can tell.
     *
     * @param cl the command, for a usage error
     * @throws ParameterException on a port out of range or a key without a certificate (exit 2)
     */
    void validate(CommandLine cl) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(cl, "--port must be 0 to 65535: " + port);
        }
        if (tlsKey != null && tlsCert == null) {
            throw new ParameterException(cl, "--tls-key needs --tls-cert");
        }
    }

    /**
     * @return the TLS settings of {@code --tls-cert}, or {@code null} for plain {@code ws://}
     * @throws IOException when the certificate or key cannot be read or used
     */
    ServerTls tls() throws IOException {
        return tlsCert == null ? null : ServerTls.fromPem(tlsCert, tlsKey != null ? tlsKey : tlsCert);
    }

    /** @return the address to bind */
    String host() {
        return host;
    }

    /** @return the port to listen on, 0 for any */
    int port() {
        return port;
    }
}
