#!/usr/bin/env python3
"""Python `websockets` (10.x) and Python's ssl (OpenSSL) refusing a certificate of Duplex's server.

Usage: /usr/bin/python3 -u ws_tls_reject.py --expect hostname|untrusted
           --reject wss://HOST:PORT/echo --reject-ca CA.pem [--reject-server-hostname NAME]
           --then wss://HOST:PORT/echo --then-ca CA.pem [--then-server-hostname NAME]

First connects to --reject, verifying the server's certificate against --reject-ca (chain and host
name, the defaults of ssl.create_default_context), under the name --reject-server-hostname when
given (the SNI name and the name checked) or else the URL's host. That handshake must fail with
ssl.SSLCertVerificationError, for the reason --expect names: "hostname" (X509_V_ERR_HOSTNAME_MISMATCH)
or "untrusted" (a certificate no trusted CA issued). The refusal is a passed check, "rejected".
Then connects to --then the same way, which must succeed: an echo of one text and a close 1000
"python-after" (check "then-echo"), showing that the server still serves after the refused
handshake.

Prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, ends with a "done" line and exits
non-zero when any check failed. Run by io.duplex.interop.PythonWebsocketsTlsRejectionInteropTest.
"""

import argparse
import asyncio
import ssl
import sys

import websockets

from peer_common import report, run_checks

STEP_TIMEOUT = 20  # seconds per connection attempt or message
TOTAL_TIMEOUT = 60  # seconds for the whole run; the Java test kills us at 120

# OpenSSL's verify codes (x509_vfy.h) for each expected reason.
EXPECTED_CODES = {
    "hostname": {62},  # X509_V_ERR_HOSTNAME_MISMATCH
    # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, _SELF_SIGNED_CERT_IN_CHAIN,
    # _UNABLE_TO_GET_ISSUER_CERT_LOCALLY, _UNABLE_TO_VERIFY_LEAF_SIGNATURE
    "untrusted": {18, 19, 20, 21},
}


async def connect(url, cafile, server_hostname):
    options = {"ssl": ssl.create_default_context(cafile=cafile)}
    if server_hostname:
        options["server_hostname"] = server_hostname
    return await websockets.connect(url, open_timeout=STEP_TIMEOUT, close_timeout=STEP_TIMEOUT,
                                    ping_interval=None, **options)


async def scenario(args):
    report("peer", True, detail="python-websockets %s, %s" % (websockets.__version__, ssl.OPENSSL_VERSION))

    try:
        ws = await connect(args.reject, args.reject_ca, args.reject_server_hostname)
    except ssl.SSLCertVerificationError as e:
        report("rejected", e.verify_code in EXPECTED_CODES[args.expect], expect=args.expect,
               verify_code=e.verify_code, verify_message=e.verify_message)
    except Exception as e:  # noqa: BLE001 - any other failure is not the refusal asked for
        report("rejected", False, expect=args.expect, error=repr(e))
    else:
        report("rejected", False, expect=args.expect, error="the handshake succeeded")
        await ws.close()

    ws = await connect(args.then, args.then_ca, args.then_server_hostname)
    await asyncio.wait_for(ws.send("still serving"), STEP_TIMEOUT)
    got = await asyncio.wait_for(ws.recv(), STEP_TIMEOUT)
    await asyncio.wait_for(ws.close(1000, "python-after"), STEP_TIMEOUT)
    report("then-echo", got == "still serving" and ws.close_code == 1000, got=got, code=ws.close_code)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", required=True, choices=sorted(EXPECTED_CODES))
    parser.add_argument("--reject", required=True)
    parser.add_argument("--reject-ca", required=True)
    parser.add_argument("--reject-server-hostname")
    parser.add_argument("--then", required=True)
    parser.add_argument("--then-ca", required=True)
    parser.add_argument("--then-server-hostname")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(run_checks(scenario(arguments()), TOTAL_TIMEOUT)))
