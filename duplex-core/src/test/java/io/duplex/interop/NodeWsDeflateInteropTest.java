package io.duplex.interop;

/**
 * Our server with permessage-deflate against Node's {@code ws} client (8.x, from
 * {@code src/test/node/package-lock.json}), which runs {@code src/test/node/ws_deflate_client.js} in
 * each mode of {@link ExternalDeflateClientContract.Mode}. ws compresses the messages it sends (all of
 * them, the script sets its threshold to 0 where ws would otherwise skip small ones), so each echo
 * also passes through our inflater; the script records, from ws's receiver, whether each echo came
 * with RSV1 and how large it was on the wire.
 */
class NodeWsDeflateInteropTest extends ExternalDeflateClientContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.nodeScript("ws_deflate_client.js");

    @Override
    ExternalPeer.Script script() {
        return SCRIPT;
    }
}
