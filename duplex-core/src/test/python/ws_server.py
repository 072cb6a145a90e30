#!/usr/bin/env python3
"""A Python `websockets` (10.x, asyncio API) echo server for Duplex's client.

Usage: /usr/bin/python3 -u ws_server.py [--tls CHAIN.pem KEY.pem]

Binds 127.0.0.1 on an ephemeral port and prints "PORT <port>" as its first line on stdout. Serves
/echo (any other path gets 404): every message is echoed as it came (text as text, binary as
binary), except the text "close-me:CODE:REASON", on which the server closes the connection with
that code and reason. The subprotocol "chat" is accepted when offered. Messages up to 32 MiB.
Prints "CLOSE <code> <reason>" when a connection has closed: the code and reason of the Close frame
it received (1006 and an empty reason when none came). Exits when its stdin is closed.

Run by io.duplex.interop.PythonWebsocketsServerInteropTest. permessage-deflate is left at its
default: accepted only when the client offers it.

With --tls it serves wss:// instead, with that certificate chain (the server's first) and key, in
PEM, through Python's ssl module (OpenSSL) on its defaults for a server: run so by
PythonWebsocketsTlsServerInteropTest, whose client reaches it as wss://localhost:PORT/echo.
"""

import asyncio
import ssl
import sys

import websockets
from websockets.exceptions import ConnectionClosed

from peer_common import log_close, process_request, serve_until_stdin_closed

MAX_SIZE = 32 << 20
CLOSE_TIMEOUT = 10  # seconds to wait for the client's answer to our Close


async def echo(ws):
    try:
        async for message in ws:
            if isinstance(message, str) and message.startswith("close-me:"):
                _, code, reason = message.split(":", 2)
                await ws.close(int(code), reason)
                break
            await ws.send(message)
    except ConnectionClosed:
        # Closes with codes other than 1000 and 1001 end the loop with ConnectionClosedError.
        pass
    await log_close(ws)


def tls_context(argv):
    """None for plain ws://; for --tls CHAIN KEY, a server context with that identity."""
    if not argv:
        return None
    if len(argv) != 3 or argv[0] != "--tls":
        print("usage: ws_server.py [--tls CHAIN.pem KEY.pem]", file=sys.stderr, flush=True)
        sys.exit(2)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(argv[1], argv[2])
    return context


async def main(context):
    options = {} if context is None else {"ssl": context}
    server = await websockets.serve(
        echo,
        "127.0.0.1",
        0,
        subprotocols=["chat"],
        max_size=MAX_SIZE,
        ping_interval=None,  # no keepalive pings of websockets' own: the Pongs the client sees are its own
        close_timeout=CLOSE_TIMEOUT,
        process_request=process_request,
        **options,
    )
    return await serve_until_stdin_closed(server, "ws_server.py", CLOSE_TIMEOUT)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(tls_context(sys.argv[1:]))))
