package io.duplex.interop;

/**
 * Our server with permessage-deflate against Python's {@code websockets} client (Debian's
 * {@code python3-websockets}, 10.x), which runs {@code src/test/python/ws_deflate_client.py} in each
 * mode of {@link ExternalDeflateClientContract.Mode}. websockets compresses every message it sends, so
 * each echo also passes through our inflater; the script records, from inside websockets'
 * PerMessageDeflate, whether each echo came with RSV1 and how large it was on the wire.
 */
class PythonWebsocketsDeflateInteropTest extends ExternalDeflateClientContract {

    static final ExternalPeer.Script SCRIPT = ExternalPeer.pythonScript("ws_deflate_client.py");

    @Override
    ExternalPeer.Script script() {
        return SCRIPT;
    }
}
