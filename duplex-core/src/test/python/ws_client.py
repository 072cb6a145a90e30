#!/usr/bin/env python3
"""Python `websockets` (10.x, asyncio API) against Duplex's /echo endpoint.

Usage: /usr/bin/python3 ws_client.py ws://127.0.0.1:PORT/echo
       DUPLEX_TEST_CA=ca.pem /usr/bin/python3 ws_client.py wss://localhost:PORT/echo

Prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, ends with a "done" line and exits
non-zero when any check failed. Run by io.duplex.interop.PythonWebsocketsInteropTest, which also
asserts what the server saw of the client's close (4000 "python-bye"), and over TLS by
PythonWebsocketsTlsInteropTest.

For a wss:// URL the server's certificate is verified, chain and host name, by Python's ssl module
(OpenSSL) against the CA in the PEM file named by DUPLEX_TEST_CA (the system's CAs when it is not
set), and one more check, "tls", reports the protocol version and cipher agreed: TLS 1.3 or 1.2, or
exactly the version DUPLEX_TEST_TLS_VERSION names (such as TLSv1.2) when it is set. Both variables
are ignored for ws:// URLs.

The echo endpoint echoes text and binary messages and, on the text "close-me:CODE:REASON", closes
the connection with that code and reason.
"""

import asyncio
import os
import random
import ssl
import sys

import websockets
from websockets.exceptions import ConnectionClosed

from peer_common import report, run_checks

SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20]
STEP_TIMEOUT = 30  # seconds per step
TOTAL_TIMEOUT = 100  # seconds for the whole run; the Java test kills us at 120


def text_of_size(n):
    """A text whose UTF-8 encoding is exactly n bytes: 1- to 4-byte characters, seeded by n."""
    rnd = random.Random(n)
    alphabet = "abcxyz0129 ~éßж€中😀𝄞"
    block = "".join(rnd.choice(alphabet) for _ in range(4096))
    block_bytes = len(block.encode("utf-8"))
    reps = n // block_bytes
    rest = n - reps * block_bytes
    tail = []
    for ch in block:
        size = len(ch.encode("utf-8"))
        if size > rest:
            break
        tail.append(ch)
        rest -= size
    text = block * reps + "".join(tail) + "a" * rest
    assert len(text.encode("utf-8")) == n
    return text


def bytes_of_size(n):
    return random.Random(n).randbytes(n)


async def recv(ws):
    return await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)


def tls_context(url):
    """For wss://, a context verifying chain and host name (the defaults of create_default_context)
    against the CA of DUPLEX_TEST_CA; None for ws://, where websockets refuses an ssl argument."""
    if not url.startswith("wss://"):
        return None
    return ssl.create_default_context(cafile=os.environ.get("DUPLEX_TEST_CA"))


async def connect(url):
    # compression is left at its default ("deflate"): websockets offers permessage-deflate, and the
    # echo server, which runs without compression, must decline the offer. ping_interval=None: no
    # keepalive pings of websockets' own, so a resolved pong waiter means a pong with our payload.
    options = {}
    context = tls_context(url)
    if context is not None:
        options["ssl"] = context
    return await websockets.connect(
        url,
        subprotocols=["chat"],
        max_size=32 << 20,
        ping_interval=None,
        open_timeout=STEP_TIMEOUT,
        close_timeout=STEP_TIMEOUT,
        **options,
    )


async def scenario(url):
    report("peer", True, detail="python-websockets " + websockets.__version__)

    ws = await connect(url)
    if url.startswith("wss://"):
        tls = ws.transport.get_extra_info("ssl_object")
        wanted = os.environ.get("DUPLEX_TEST_TLS_VERSION")
        allowed = (wanted,) if wanted else ("TLSv1.3", "TLSv1.2")
        report("tls", tls is not None and tls.version() in allowed,
               version=None if tls is None else tls.version(),
               cipher=None if tls is None else tls.cipher()[0],
               server_hostname=None if tls is None else tls.server_hostname)
    report("subprotocol", ws.subprotocol == "chat", got=ws.subprotocol)

    offered = ws.request_headers.get("Sec-WebSocket-Extensions", "")
    accepted = ws.response_headers.get("Sec-WebSocket-Extensions")
    report(
        "deflate-declined",
        "permessage-deflate" in offered and accepted is None and not ws.extensions,
        offered=offered,
        accepted=accepted,
    )

    for size in SIZES:
        text = text_of_size(size)
        await ws.send(text)
        got = await recv(ws)
        report("text-echo-%d" % size, isinstance(got, str) and got == text,
               got_type=type(got).__name__, got_bytes=len(got.encode("utf-8")) if isinstance(got, str) else len(got))

        data = bytes_of_size(size)
        await ws.send(data)
        got = await recv(ws)
        report("binary-echo-%d" % size, isinstance(got, bytes) and got == data,
               got_type=type(got).__name__, got_bytes=len(got))

    # A fragmented text message from an async iterable, with a Ping sent between two fragments.
    mid_pong = []

    async def fragments():
        yield "frag"
        mid_pong.append(await ws.ping(b"mid"))
        yield ""
        yield "mented €"

    await ws.send(fragments())
    got = await recv(ws)
    report("fragmented-text", got == "fragmented €", got=got)
    try:
        await asyncio.wait_for(mid_pong[0], STEP_TIMEOUT)
        report("ping-during-fragments", True)
    except Exception as e:  # noqa: BLE001 - reported as a failed check
        report("ping-during-fragments", False, error=repr(e))

    # A fragmented binary message from a plain iterable.
    await ws.send([b"\x00\x01", b"", b"\x02\xff"])
    got = await recv(ws)
    report("fragmented-binary", got == b"\x00\x01\x02\xff", got=repr(got))

    # Ping with a 125-byte payload (the largest a control frame may carry): the waiter only resolves
    # on a Pong carrying exactly these bytes.
    payload = bytes(range(125))
    try:
        waiter = await ws.ping(payload)
        await asyncio.wait_for(waiter, STEP_TIMEOUT)
        report("ping-pong", True, payload_bytes=len(payload))
    except Exception as e:  # noqa: BLE001
        report("ping-pong", False, error=repr(e))

    # Close started by the client; the server answers with a Close (echoing the code).
    await asyncio.wait_for(ws.close(4000, "python-bye"), STEP_TIMEOUT)
    report("client-close", ws.close_code == 4000, code=ws.close_code, reason=ws.close_reason)

    # Close started by the server.
    ws = await connect(url)
    await ws.send("close-me:4001:bye")
    try:
        got = await recv(ws)
        report("server-close", False, error="a message instead of a close: %r" % (got,))
    except ConnectionClosed as e:
        # websockets raises ConnectionClosedOK only for codes 1000 and 1001, so 4001 arrives as
        # ConnectionClosedError: that is its classification of the code, not a failed handshake.
        rcvd = e.rcvd
        report(
            "server-close",
            rcvd is not None and rcvd.code == 4001 and rcvd.reason == "bye" and ws.close_code == 4001,
            code=None if rcvd is None else rcvd.code,
            reason=None if rcvd is None else rcvd.reason,
            exception=type(e).__name__,
        )
    await asyncio.wait_for(ws.wait_closed(), STEP_TIMEOUT)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: [DUPLEX_TEST_CA=ca.pem] ws_client.py ws[s]://host:port/echo", file=sys.stderr)
        sys.exit(2)
    sys.exit(asyncio.run(run_checks(scenario(sys.argv[1]), TOTAL_TIMEOUT)))
