"""What the Python `websockets` peer scripts of Duplex's interop tests share.

Imported by the scripts beside it (ws_client.py, ws_deflate_client.py, ws_tls_reject.py, ws_server.py,
ws_deflate_server.py); Python finds it because a script's own folder is first on sys.path.

Clients: report() prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, and run_checks() runs
a scenario under a time limit and ends with the "done" line, as io.duplex.interop.ExternalPeer reads
them.

Servers: log() prints a line of the transcript io.duplex.interop.ExternalServer reads, process_request
serves /echo only, log_close() prints "CLOSE <code> <reason>" when a connection has closed, and
serve_until_stdin_closed() prints "PORT <port>" and serves until the test closes our stdin.

permessage-deflate: record_incoming_wire() makes websockets' PerMessageDeflate note what each incoming
message was on the wire, and wire_records() hands those notes out.
"""

import asyncio
import collections
import http
import json
import sys

from websockets.extensions.permessage_deflate import PerMessageDeflate
from websockets.frames import Opcode

# ---------------------------------------------------------------- the checks of a client

_failures = 0


def report(check, ok, **detail):
    """Prints one check as a JSON line, flushed at once so that the test sees it even if we are killed."""
    global _failures
    if not ok:
        _failures += 1
    line = {"check": check, "ok": bool(ok)}
    line.update(detail)
    print(json.dumps(line, separators=(",", ":"), ensure_ascii=True), flush=True)


async def run_checks(scenario, total_timeout):
    """Runs the scenario (a coroutine) for at most total_timeout seconds; any error it raises is one
    more failed check. Ends with the "done" check and returns the exit code: 0 when no check failed."""
    try:
        await asyncio.wait_for(scenario, total_timeout)
    except Exception as e:  # noqa: BLE001 - any error is a failed run, said on stdout
        report("error", False, error=repr(e))
    report("done", _failures == 0, failures=_failures)
    return 0 if _failures == 0 else 1


# ---------------------------------------------------------------- the transcript of a server

PATH = "/echo"


def log(line):
    """Prints one line of the transcript, flushed at once: the test waits for some of them."""
    print(line, flush=True)


async def process_request(path, request_headers):
    """websockets' hook before the handshake: 404 for any path but /echo."""
    if path.split("?", 1)[0] != PATH:
        return http.HTTPStatus.NOT_FOUND, [], b"not found\n"
    return None


async def log_close(ws):
    """Waits for the connection to be closed, then prints the code and reason of the Close it received."""
    await ws.wait_closed()
    log("CLOSE %d %s" % (ws.close_code, ws.close_reason))


async def serve_until_stdin_closed(server, name, close_timeout):
    """Prints "PORT <port>" (the test's cue), serves until stdin is closed (the test's way of stopping
    us), then closes the server, waiting for its connections' closing handshakes a little longer than
    close_timeout. Returns the exit code, 0."""
    port = server.sockets[0].getsockname()[1]
    log("PORT %d" % port)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), close_timeout + 5)
    except asyncio.TimeoutError:
        print("%s: connections still open at exit" % name, file=sys.stderr, flush=True)
    return 0


# ---------------------------------------------------------------- what arrives, as the wire carried it

_DATA = (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)


def record_incoming_wire():
    """Wraps PerMessageDeflate.decode, which sees every data frame before it is inflated, to note per
    message: RSV1 on its first frame, and its payload bytes on the wire (websockets' API says neither)."""
    original_decode = PerMessageDeflate.decode

    def recording_decode(self, frame, *, max_size=None):
        if frame.opcode in (Opcode.TEXT, Opcode.BINARY):
            self._duplex_current = [bool(frame.rsv1), len(frame.data)]
        elif frame.opcode is Opcode.CONT:
            self._duplex_current[1] += len(frame.data)
        decoded = original_decode(self, frame, max_size=max_size)
        if frame.opcode in _DATA and frame.fin:
            # websockets reads ahead into a queue, so records are kept in order and taken one per message.
            self.__dict__.setdefault("_duplex_wire", collections.deque()).append(tuple(self._duplex_current))
        return decoded

    PerMessageDeflate.decode = recording_decode


def wire_records(ws):
    """The (rsv1, wire payload bytes) notes of the messages the connection received and nobody took yet,
    oldest first, as a deque; None when no extension was agreed or no message was noted."""
    if not ws.extensions:
        return None
    return ws.extensions[0].__dict__.get("_duplex_wire")
