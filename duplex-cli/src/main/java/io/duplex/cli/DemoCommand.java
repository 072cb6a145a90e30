package io.duplex.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import io.duplex.demo.DemoServer;
import io.duplex.pubsub.Broker;
import io.duplex.server.ServerTls;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code duplex demo}: the chat, shared counter and ticker apps with their pages, until SIGINT or SIGTERM. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = DuplexCommand.Version.class,
        description = {
                "Runs the demo apps and their pages on one port until SIGINT or SIGTERM:",
                "  /            the list of apps",
                "  /chat.html   chat rooms with nicknames and who is present",
                "  /counter.html  a counter every visitor changes and sees change",
                "  /ticker.html   prices pushed several times a second",
                "Several nodes given the same --broker share chat rooms and the counter."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by SIGINT or SIGTERM",
                "1:cannot listen (address in use, unknown host), read the TLS certificate or reach the broker",
                "2:usage error"})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    private DuplexCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ListenOptions listen;

    @Mixin
    private BrokerOption broker;

    @Override
    public Integer call() {
        CliIo io = parent.io();
        CommandLine cl = spec.commandLine();
        listen.validate(cl);
        broker.validate(cl);
        ServerTls tls;
        try {
            tls = listen.tls();
        } catch (IOException e) {
            io.err().println("duplex demo: cannot use the TLS certificate: " + e.getMessage());
            return DuplexCommand.EXIT_FAILED;
        }
        Broker b;
        try {
            b = broker.open(cl);
        } catch (IOException e) {
            io.err().println("duplex demo: cannot reach the broker: " + e.getMessage());
            return DuplexCommand.EXIT_FAILED;
        }
        DemoServer server;
        try {
            server = DemoServer.builder().host(listen.host()).port(listen.port()).tls(tls).broker(b).start();
        } catch (Exception e) { // IOException, or UnresolvedAddressException for an unknown host
            b.close();
            io.err().println("duplex demo: cannot listen on " + listen.host() + ":" + listen.port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return DuplexCommand.EXIT_FAILED;
        }
        String page = ServeCommand.url(server.address(), tls != null).replaceFirst("^ws", "http") + "/";
        io.out().println("duplex demo: listening on " + page + " (chat, counter, ticker; " + broker.describe() + ")");
        boolean interrupted = ServeCommand.awaitStop(io);
        server.close();
        io.out().println("duplex demo: stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
