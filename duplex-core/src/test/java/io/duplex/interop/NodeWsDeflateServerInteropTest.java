package io.duplex.interop;

import java.util.stream.Stream;

import io.duplex.protocol.extension.deflate.DeflateOptions;

/**
 * Our client with permessage-deflate against Node's {@code ws} server (8.x, from
 * {@code src/test/node/package-lock.json}), run by {@code src/test/node/ws_deflate_server.js}; the
 * checks are those of {@link ExternalDeflateServerContract}. In each of the script's modes ws
 * compresses every message it sends, so every echo passes through our inflater.
 */
class NodeWsDeflateServerInteropTest extends ExternalDeflateServerContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.nodeScript("ws_deflate_server.js");

    @Override
    ExternalServer startServer(String serverArg) throws Exception {
        return ExternalServer.start("node-ws (" + serverArg + ")", SCRIPT, serverArg);
    }

    @Override
    Stream<ServerMode> modes() {
        DeflateOptions defaults = DeflateOptions.defaults();
        return Stream.of(
                // ws drops the client_max_window_bits we offer without a value: nothing to limit.
                new ServerMode("context takeover both ways, full windows", "takeover", defaults,
                        "permessage-deflate", OurCompressor.TAKES_CONTEXT_OVER, true),
                // The server adds both parameters to its answer itself (sections 7.1.1.1, 7.1.1.2).
                new ServerMode("server configured without context takeover", "no-context-takeover", defaults,
                        "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                        OurCompressor.NO_CONTEXT_TAKEOVER, false),
                // A 2^10 window both ways: the 2 KiB repeats are out of reach of either compressor.
                new ServerMode("server limits both windows to 2^10", "window-10", defaults,
                        "permessage-deflate; server_max_window_bits=10; client_max_window_bits=10",
                        OurCompressor.SMALL_WINDOW, false),
                // Our client asks for a 2^9 window of the server's compressor; ws confirms it (7.1.2.1)
                // and our inflater reads what ws then sends.
                new ServerMode("our client limits the server's window to 2^9", "takeover",
                        defaults.withPeerMaxWindowBits(9), "permessage-deflate; server_max_window_bits=9",
                        OurCompressor.TAKES_CONTEXT_OVER, false));
    }
}
