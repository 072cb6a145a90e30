#!/usr/bin/env python3
"""A Python `websockets` (10.x, asyncio API) echo server with permessage-deflate (RFC 7692), for
Duplex's client.

Usage: /usr/bin/python3 -u ws_deflate_server.py MODE

MODE is how the server's permessage-deflate is configured:
  websockets-default   websockets' own default (compression="deflate"): windows of 2^12 bytes asked of
                       both sides (server_max_window_bits=12, client_max_window_bits=12), context
                       takeover
  takeover             ServerPerMessageDeflateFactory(): full windows, context takeover both ways
  no-context-takeover  server_no_context_takeover and client_no_context_takeover in every answer
  window-10            server_max_window_bits=10 and client_max_window_bits=10 in every answer (the
                       latter because Duplex's client always offers client_max_window_bits)

Binds 127.0.0.1 on an ephemeral port and prints "PORT <port>" as its first line on stdout, then, for
each connection:
  OPEN <the Sec-WebSocket-Extensions of its answer, or ->
  MSG <text|binary> <bytes> rsv1=<0|1> wire=<payload bytes on the wire>   per message received
  SENT <bytes> rsv1=<0|1> wire=<payload bytes on the wire>                 per message echoed
  CLOSE <code> <reason>                                                    when it has closed
Serves /echo: every message is echoed as it came (text as text, binary as binary). Messages up to
32 MiB. Exits when its stdin is closed. Run by io.duplex.interop.PythonWebsocketsDeflateServerInteropTest.

websockets' API does not say whether a message arrived compressed, so the script wraps
PerMessageDeflate.decode and .encode, which see every data frame on its way in and out.
"""

import asyncio
import sys

import websockets
from websockets.exceptions import ConnectionClosed
from websockets.extensions.permessage_deflate import PerMessageDeflate, ServerPerMessageDeflateFactory
from websockets.frames import Opcode

from peer_common import (log, log_close, process_request, record_incoming_wire, serve_until_stdin_closed,
                         wire_records)

MAX_SIZE = 32 << 20
CLOSE_TIMEOUT = 10  # seconds to wait for the client's answer to our Close
DATA = (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)

MODES = {
    "websockets-default": None,  # compression="deflate" picks websockets' default factory
    "takeover": ServerPerMessageDeflateFactory(),
    "no-context-takeover": ServerPerMessageDeflateFactory(server_no_context_takeover=True,
                                                          client_no_context_takeover=True),
    "window-10": ServerPerMessageDeflateFactory(server_max_window_bits=10, client_max_window_bits=10),
}


# ---------------------------------------------------------------- the frames, as the wire carries them

_original_encode = PerMessageDeflate.encode


def _recording_encode(self, frame):
    """PerMessageDeflate.encode, printing what each outgoing message became (the echo is one frame)."""
    encoded = _original_encode(self, frame)
    if frame.opcode in DATA and frame.fin:
        log("SENT %d rsv1=%d wire=%d" % (len(frame.data), int(encoded.rsv1), len(encoded.data)))
    return encoded


record_incoming_wire()
PerMessageDeflate.encode = _recording_encode


# ---------------------------------------------------------------- the server

async def echo(ws):
    log("OPEN %s" % (ws.response_headers.get("Sec-WebSocket-Extensions") or "-"))
    try:
        async for message in ws:
            records = wire_records(ws)
            rsv1, wire = records.popleft() if records else (False, -1)
            size = len(message.encode("utf-8")) if isinstance(message, str) else len(message)
            kind = "text" if isinstance(message, str) else "binary"
            log("MSG %s %d rsv1=%d wire=%d" % (kind, size, int(rsv1), wire))
            await ws.send(message)
    except ConnectionClosed:
        pass
    await log_close(ws)


async def main(mode):
    factory = MODES[mode]
    server = await websockets.serve(
        echo,
        "127.0.0.1",
        0,
        compression="deflate",
        extensions=None if factory is None else [factory],
        max_size=MAX_SIZE,
        ping_interval=None,  # no keepalive pings of websockets' own
        close_timeout=CLOSE_TIMEOUT,
        process_request=process_request,
    )
    return await serve_until_stdin_closed(server, "ws_deflate_server.py", CLOSE_TIMEOUT)


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in MODES:
        print("usage: ws_deflate_server.py {%s}" % "|".join(MODES), file=sys.stderr)
        sys.exit(2)
    sys.exit(asyncio.run(main(sys.argv[1])))
