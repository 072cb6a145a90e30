#!/usr/bin/env python3
"""Python `websockets` (10.x, asyncio API) with permessage-deflate (RFC 7692) against Duplex's /echo.

Usage: /usr/bin/python3 -u ws_deflate_client.py MODE ws://127.0.0.1:PORT/echo

MODE says what the client offers and what it expects the server (configured by the Java test to
match) to answer:
  defaults                    websockets' own offer ("permessage-deflate; client_max_window_bits");
                              the server's answer keeps context takeover on both sides
  client-no-context-takeover  the client offers server_no_context_takeover and
                              client_no_context_takeover; the server must confirm both (7.1.1)
  server-no-context-takeover  websockets' own offer; the server, configured not to take context over,
                              adds both parameters to its answer itself (7.1.1.1 and 7.1.1.2)
  server-window-9             the client offers server_max_window_bits=9: the server's compressor must
                              not refer back further than 512 bytes (7.1.2.1), which websockets'
                              inflater, made with wbits=-9, checks
  client-window-10            websockets' own offer, with client_max_window_bits; the server,
                              configured to ask for it, answers client_max_window_bits=10 (7.1.2.2)

Prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, ends with a "done" line and exits
non-zero when any check failed. Run by io.duplex.interop.PythonWebsocketsDeflateInteropTest.

websockets' API does not say whether a message arrived compressed, so the script wraps
PerMessageDeflate.decode, which sees every data frame before it is inflated, and records per message
whether RSV1 was set and how many payload bytes came over the wire.
"""

import asyncio
import json
import random
import sys
import zlib

import websockets
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory, PerMessageDeflate

from peer_common import record_incoming_wire, report, run_checks, wire_records

STEP_TIMEOUT = 20  # seconds per step
TOTAL_TIMEOUT = 50  # seconds for the whole run; the Java test kills us at 120
MAX_SIZE = 32 << 20
CLOSE_REASON = "deflate-done"
MODES = ("defaults", "client-no-context-takeover", "server-no-context-takeover", "server-window-9",
         "client-window-10")


# ---------------------------------------------------------------- what arrives, as the wire carried it

record_incoming_wire()


def wire_of_next_message(ws):
    """(rsv1, wire payload bytes) of the oldest message not yet looked at."""
    records = wire_records(ws)
    if not records:
        raise AssertionError("no frame of the message went through PerMessageDeflate.decode")
    return records.popleft()


# ---------------------------------------------------------------- the messages

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def record(k, seed, noisy):
    """One JSON object, the same for the same k and seed; noisy adds 24 random letters."""
    r = random.Random(k * 7919 + seed)
    obj = {
        "id": k,
        "name": "%s-%d" % (r.choice(WORDS), r.randrange(1000)),
        "active": r.random() < 0.5,
        "score": r.randrange(100000) / 100,
        "tags": r.sample(WORDS, 3),
    }
    if noisy:
        obj["note"] = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(24))
    return json.dumps(obj, separators=(",", ":"))


def json_text(size, period, seed, noisy=True):
    """JSON lines, ASCII, exactly size bytes; line k repeats line k - period (a repeat `period` lines back)."""
    lines = []
    length = 0
    k = 0
    while length < size:
        line = record(k % period, seed, noisy) + "\n"
        lines.append(line)
        length += len(line)
        k += 1
    return "".join(lines)[:size]


def messages():
    """(name, payload) in the order sent; str goes as text, bytes as binary."""
    rnd = random.Random(20240607)
    repeated = json_text(2048, 1000, 5)  # no line repeats inside it: only an earlier message helps
    return [
        ("text-0", ""),
        ("text-1", "x"),
        ("json-200", json_text(200, 1000, 1)),
        ("text-125", json_text(125, 1000, 2)),
        ("text-126", json_text(126, 1000, 2)),
        ("binary-125-random", rnd.randbytes(125)),
        ("binary-126-random", rnd.randbytes(126)),
        ("json-64k", json_text(64 << 10, 29, 3)),
        ("text-1m-compressible", json_text(1 << 20, 16, 4, noisy=False)),
        ("binary-1m-random", rnd.randbytes(1 << 20)),
    ] + [("repeat-%d" % i, repeated) for i in range(1, 6)] + [
        # Sent in three frames, RSV1 on the first only (RFC 7692 section 6.1), a Ping between two.
        ("fragmented-text", [json_text(1000, 1000, 6), "", json_text(3000, 1000, 7)]),
    ]


# ---------------------------------------------------------------- the scenario

def factory_for(mode):
    """The extension factory the client offers with, or None for websockets' default offer."""
    if mode == "client-no-context-takeover":
        return ClientPerMessageDeflateFactory(server_no_context_takeover=True, client_no_context_takeover=True)
    if mode == "server-window-9":
        return ClientPerMessageDeflateFactory(server_max_window_bits=9)
    return None


def expected_agreement(mode):
    """What the client's PerMessageDeflate must hold: (remote_no_context_takeover,
    local_no_context_takeover, remote_max_window_bits, local_max_window_bits)."""
    if mode in ("client-no-context-takeover", "server-no-context-takeover"):
        return (True, True, 15, 15)
    if mode == "server-window-9":
        return (False, False, 9, 15)
    if mode == "client-window-10":
        return (False, False, 15, 10)
    return (False, False, 15, 15)


def window_check_has_teeth(texts):
    """
    Proves the window-9 mode can fail: the same texts compressed with a 2^15 window (as a compressor
    that ignored server_max_window_bits=9 would) are rejected by an inflater like websockets' own
    (wbits=-9, one decompress call with max_length). Returns the names of the texts rejected.
    """
    rejected = []
    for name, text in texts:
        deflater = zlib.compressobj(wbits=-15)
        data = deflater.compress(text.encode("ascii")) + deflater.flush(zlib.Z_SYNC_FLUSH)
        try:
            zlib.decompressobj(wbits=-9).decompress(data, MAX_SIZE)
        except zlib.error:
            rejected.append(name)
    return rejected


async def scenario(mode, url):
    report("peer", True, detail="python-websockets " + websockets.__version__, mode=mode)
    factory = factory_for(mode)
    ws = await websockets.connect(
        url,
        extensions=None if factory is None else [factory],
        max_size=MAX_SIZE,
        ping_interval=None,
        open_timeout=STEP_TIMEOUT,
        close_timeout=STEP_TIMEOUT,
    )

    # The agreement, as websockets understood the server's answer (RFC 7692 section 7.1).
    offered = ws.request_headers.get("Sec-WebSocket-Extensions")
    accepted = ws.response_headers.get("Sec-WebSocket-Extensions")
    ext = ws.extensions[0] if len(ws.extensions) == 1 else None
    seen = None if not isinstance(ext, PerMessageDeflate) else (
        ext.remote_no_context_takeover, ext.local_no_context_takeover, ext.remote_max_window_bits,
        ext.local_max_window_bits)
    report("negotiated", seen == expected_agreement(mode), offered=offered, accepted=accepted,
           extension=repr(ext), expected=list(expected_agreement(mode)))
    if seen is None:
        raise AssertionError("permessage-deflate was not agreed: %r" % (ws.extensions,))

    sent = messages()
    wire = {}
    pong = None
    for name, payload in sent:
        if isinstance(payload, list):
            # websockets compresses each fragment with the message's compressor (sync flush after
            # each); the server must inflate the frames as one message and keep the Ping apart.
            fragments = payload
            payload = "".join(fragments)

            async def fragmented():
                nonlocal pong
                yield fragments[0]
                pong = await ws.ping(b"mid")
                for fragment in fragments[1:]:
                    yield fragment

            await ws.send(fragmented())
        else:
            await ws.send(payload)
        got = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
        rsv1, wire_bytes = wire_of_next_message(ws)
        wire[name] = (rsv1, wire_bytes)
        size = len(payload.encode("utf-8")) if isinstance(payload, str) else len(payload)
        report("echo-" + name, type(got) is type(payload) and got == payload, size=size,
               got_type=type(got).__name__, rsv1=rsv1, wire_bytes=wire_bytes)

    try:
        await asyncio.wait_for(pong, STEP_TIMEOUT)
        report("ping-during-compressed-fragments", True)
    except Exception as e:  # noqa: BLE001 - reported as a failed check
        report("ping-during-compressed-fragments", False, error=repr(e))

    # The server compressed what compresses: RSV1 set on the 1 MiB text (section 6), which
    # websockets' inflater, made for the agreed window, then read back correctly. Its lines repeat
    # 16 lines (about 1.4 KiB) back: a 2^15 window shrinks it more than twentyfold, while 2^9 bytes
    # hold only a few lines and halve it at best.
    rsv1, wire_bytes = wire["text-1m-compressible"]
    limit = (1 << 20) // (2 if mode == "server-window-9" else 20)
    report("server-compressed-1m", rsv1 and wire_bytes < limit, rsv1=rsv1, wire_bytes=wire_bytes, limit=limit)

    # Noise does not shrink: whatever the server chose, it never sent more than the message itself.
    for name in ("binary-125-random", "binary-126-random", "binary-1m-random"):
        rsv1, wire_bytes = wire[name]
        size = len(dict(sent)[name])
        report("not-expanded-" + name, wire_bytes <= size, rsv1=rsv1, wire_bytes=wire_bytes, size=size)

    # Context takeover (section 7.1.1): with it, repeats of a message refer back to the first and
    # shrink to a few bytes; without it, the server's compressor starts empty each time (websockets'
    # inflater, reset per message, would also fail on a back-reference into an earlier message).
    first = wire["repeat-1"][1]
    repeats = [wire["repeat-%d" % i][1] for i in range(2, 6)]
    if mode in ("defaults", "client-window-10"):
        report("context-takeover-used", all(w < first // 4 for w in repeats), first=first, repeats=repeats)
    elif mode in ("client-no-context-takeover", "server-no-context-takeover"):
        report("no-context-takeover-honoured", all(w >= first // 2 for w in repeats), first=first,
               repeats=repeats)
    else:
        # With a window of 2^9, section 7.1.2.1 bounds every back-reference; the 1 MiB and 64 KiB
        # texts repeat their lines 1.4 and 3.6 KiB later, so a compressor that ignored the window
        # would have been caught by websockets' inflater. Shown here on the same texts:
        texts = [(n, p) for n, p in sent if n in ("json-64k", "text-1m-compressible")]
        rejected = window_check_has_teeth(texts)
        report("window-9-check-has-teeth", rejected == [n for n, _ in texts], rejected=rejected)

    await asyncio.wait_for(ws.close(1000, CLOSE_REASON), STEP_TIMEOUT)
    report("close", ws.close_code == 1000, code=ws.close_code, reason=ws.close_reason)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in MODES:
        print("usage: ws_deflate_client.py {%s} ws://host:port/echo" % "|".join(MODES), file=sys.stderr)
        sys.exit(2)
    sys.exit(asyncio.run(run_checks(scenario(sys.argv[1], sys.argv[2]), TOTAL_TIMEOUT)))
