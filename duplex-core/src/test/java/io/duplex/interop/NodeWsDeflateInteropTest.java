package io.duplex.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

/**
 * Our server with permessage-deflate against Node's {@code ws} client (8.x, from
 * {@code src/test/node/package-lock.json}), which runs {@code src/test/node/ws_deflate_client.js} in
 * each mode of {@link ExternalDeflateClientContract.Mode}. ws compresses the messages it sends (all of
 * them, the script sets its threshold to 0 where ws would otherwise skip small ones), so each echo
 * also passes through our inflater; the script records, from ws's receiver, whether each echo came
 * with RSV1 and how large it was on the wire.
 */
class NodeWsDeflateInteropTest extends ExternalDeflateClientContract {

    static final Path SCRIPT = ExternalPeer.NODE_DIR.resolve("ws_deflate_client.js");

    @Override
    String peerName() {
        return "node ws";
    }

    @Override
    void requirePeer() {
        ExternalPeer.requireNodeWs();
        assertThat(SCRIPT).exists();
    }

    @Override
    Path workingDirectory() {
        return ExternalPeer.NODE_DIR;
    }

    @Override
    List<String> command(String mode, String url) {
        return List.of("node", SCRIPT.toString(), mode, url);
    }
}
