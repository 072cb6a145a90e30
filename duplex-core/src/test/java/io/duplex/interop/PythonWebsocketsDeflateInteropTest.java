package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * Our server with permessage-deflate against Python's {@code websockets} client (Debian's
 * {@code python3-websockets}, 10.x), which runs {@code src/test/python/ws_deflate_client.py} in each
 * mode of {@link ExternalDeflateClientContract.Mode}. websockets compresses every message it sends, so
 * each echo also passes through our inflater; the script records, from inside websockets'
 * PerMessageDeflate, whether each echo came with RSV1 and how large it was on the wire.
 */
class PythonWebsocketsDeflateInteropTest extends ExternalDeflateClientContract {

    static final Path SCRIPT = Path.of("src", "test", "python", "ws_deflate_client.py").toAbsolutePath();

    @Override
    String peerName() {
        return "python-websockets";
    }

    @Override
    void requirePeer() {
        ExternalPeer.requirePythonWebsockets();
        assertThat(SCRIPT).exists();
    }

    @Override
    Path workingDirectory() {
        return SCRIPT.getParent();
    }

    @Override
    List<String> command(String mode, String url) {
        return List.of(ExternalPeer.PYTHON, "-u", SCRIPT.toString(), mode, url);
    }
}
