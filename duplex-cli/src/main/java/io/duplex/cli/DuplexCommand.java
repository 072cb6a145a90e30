package io.duplex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Properties;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code duplex} command: {@code serve} runs an echo and broadcast server, {@code connect} is a
 * small interactive client, {@code cert} writes a development certificate, {@code bench} is a load
 * generator for echo servers.
 */
@Command(name = "duplex",
        mixinStandardHelpOptions = true,
        versionProvider = DuplexCommand.Version.class,
        description = "Duplex, a WebSocket server and client (RFC 6455, RFC 7692).",
        subcommands = {ServeCommand.class, DemoCommand.class, ConnectCommand.class, CertCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success; connect: the closing handshake completed",
                "1:serve: cannot listen; connect: cannot connect (refused, handshake failed, e.g. 404, "
                        + "TLS not trusted); cert: cannot write; bench: a connection or an echo failed",
                "2:usage error (unknown option, malformed header or URL)",
                "3:connect: the connection ended abnormally (no closing handshake, 1006, or a protocol error)"},
        footerHeading = "%nExamples:%n",
        footer = {
                "  duplex serve --port 8080 --static ./public",
                "  duplex connect ws://127.0.0.1:8080/echo",
                "  duplex connect --echo ws://127.0.0.1:8080/bcast",
                "  duplex cert && duplex serve --tls-cert localhost.pem",
                "  duplex connect --cacert localhost.pem wss://localhost:8080/echo",
                "  duplex bench --compression ws://127.0.0.1:8080/echo"})
public final class DuplexCommand {

    /** Exit code: the connection or the listener could not be opened. */
    static final int EXIT_FAILED = 1;
    /** Exit code: the connection ended without a closing handshake or with a protocol error. */
    static final int EXIT_ABNORMAL = 3;

    private final CliIo io;

    private DuplexCommand(CliIo io) {
        this.io = io;
    }

    /** @return the streams and the stop signal of this run */
    CliIo io() {
        return io;
    }

    /**
     * @param io the streams and the stop signal the commands use
     * @return the command line, ready to {@code execute(args)}
     */
    public static CommandLine commandLine(CliIo io) {
        CommandLine cl = new CommandLine(new DuplexCommand(io));
        cl.setOut(new PrintWriter(io.out(), true));
        cl.setErr(new PrintWriter(io.err(), true));
        cl.setParameterExceptionHandler(DuplexCommand::usageError);
        return cl;
    }

    /**
     * Runs the command and exits with its code. SIGINT and SIGTERM ask the command to stop (the server
     * closes, the client closes with 1000) and wait for it, at most 15 s.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        CliIo io = CliIo.system();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            io.requestStop();
            io.awaitFinished(Duration.ofSeconds(15));
        }, "duplex-shutdown"));
        int code = commandLine(io).execute(args);
        io.finished();
        System.exit(code);
    }

    /**
     * A usage error: the message and where to find help, not the whole usage text.
     *
     * @param e    what was wrong
     * @param args the command line
     * @return 2, picocli's exit code for usage errors
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("duplex: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The version of the jar, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = DuplexCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                    "duplex " + p.getProperty("version", "unknown"),
                    "Java ${java.version} (${java.vendor} ${java.vm.name})"};
        }
    }
}
