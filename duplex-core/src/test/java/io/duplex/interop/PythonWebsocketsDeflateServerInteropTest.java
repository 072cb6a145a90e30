package io.duplex.interop;

import java.util.stream.Stream;

import io.duplex.protocol.extension.deflate.DeflateOptions;

/**
 * Our client with permessage-deflate against Python's {@code websockets} server (Debian's
 * {@code python3-websockets}, 10.x), run by {@code src/test/python/ws_deflate_server.py}; the checks
 * are those of {@link ExternalDeflateServerContract}. websockets compresses every message it sends,
 * so every echo passes through our inflater.
 */
class PythonWebsocketsDeflateServerInteropTest extends ExternalDeflateServerContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.pythonScript("ws_deflate_server.py");

    private static final String NO_CONTEXT_TAKEOVER =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @Override
    ExternalServer startServer(String serverArg) throws Exception {
        return ExternalServer.start("python-websockets (" + serverArg + ")", SCRIPT, serverArg);
    }

    @Override
    Stream<ServerMode> modes() {
        DeflateOptions defaults = DeflateOptions.defaults();
        return Stream.of(
                // websockets' own default answers our client_max_window_bits with 12, and limits its
                // own window to 12 as well (section 7.1.2).
                new ServerMode("websockets' default: windows of 2^12 both ways", "websockets-default", defaults,
                        "permessage-deflate; server_max_window_bits=12; client_max_window_bits=12",
                        OurCompressor.SMALL_WINDOW, true),
                new ServerMode("context takeover both ways, full windows", "takeover", defaults,
                        "permessage-deflate", OurCompressor.TAKES_CONTEXT_OVER, true),
                // The server adds both parameters to its answer itself (sections 7.1.1.1, 7.1.1.2).
                new ServerMode("server configured without context takeover", "no-context-takeover", defaults,
                        NO_CONTEXT_TAKEOVER, OurCompressor.NO_CONTEXT_TAKEOVER, false),
                // Our client offers both; the server must confirm server_no_context_takeover (7.1.1.1).
                new ServerMode("our client offers no context takeover", "takeover",
                        defaults.withContextTakeover(false).withPeerContextTakeover(false),
                        NO_CONTEXT_TAKEOVER, OurCompressor.NO_CONTEXT_TAKEOVER, false),
                // A 2^10 window both ways: the 2 KiB repeats are out of reach of either compressor.
                new ServerMode("server limits both windows to 2^10", "window-10", defaults,
                        "permessage-deflate; server_max_window_bits=10; client_max_window_bits=10",
                        OurCompressor.SMALL_WINDOW, false));
    }
}
