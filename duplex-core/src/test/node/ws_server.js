#!/usr/bin/env node
// A Node `ws` (8.x) echo server for Duplex's client.
//
// Usage: node ws_server.js [--tls CHAIN.pem KEY.pem]
//
// Binds 127.0.0.1 on an ephemeral port and prints "PORT <port>" as its first line on stdout. Serves
// /echo (any other path gets 400 from ws): every message is echoed as it came (text as text, binary
// as binary), except the text "close-me:CODE:REASON", on which the server closes the connection with
// that code and reason. The subprotocol "chat" is accepted when offered. Messages up to 32 MiB.
// Prints "CLOSE <code> <reason>" when a connection has closed: the code and reason of the Close
// frame it received (1005 when it had no code, 1006 when none came). Exits when its stdin is closed.
//
// Run by io.duplex.interop.NodeWsServerInteropTest. permessage-deflate is enabled, so it is accepted
// when the client offers it (ws's server default would decline it).
//
// With --tls it serves wss:// instead, with that certificate chain (the server's first) and key, in
// PEM: ws on an https.Server of Node's (OpenSSL, its defaults). Run so by NodeWsTlsServerInteropTest,
// whose client reaches it as wss://localhost:PORT/echo.
'use strict';

const fs = require('fs');
const https = require('https');
const { WebSocketServer } = require('ws');
const peer = require('./peer_common');

const NAME = 'ws_server.js';

const MAX_PAYLOAD = 32 << 20;

const args = process.argv.slice(2);
if (!(args.length === 0 || (args.length === 3 && args[0] === '--tls'))) {
  console.error('usage: node ws_server.js [--tls CHAIN.pem KEY.pem]');
  process.exit(2);
}
// Over TLS ws shares an https.Server, which listens itself; plain, ws makes and binds its own.
const tlsServer = args.length === 3
  ? https.createServer({ cert: fs.readFileSync(args[1]), key: fs.readFileSync(args[2]) })
  : null;

const wss = new WebSocketServer({
  ...(tlsServer ? { server: tlsServer } : { host: '127.0.0.1', port: 0 }),
  path: '/echo',
  maxPayload: MAX_PAYLOAD,
  perMessageDeflate: true,
  handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false),
});

const fatal = peer.exitOnServerError(NAME);

if (tlsServer) {
  tlsServer.on('error', fatal);
  // A client that rejects our certificate, or does not speak TLS: said, and the server goes on.
  tlsServer.on('tlsClientError', (err) => console.error(`${NAME}: TLS client error: ${err.message}`));
  tlsServer.listen(0, '127.0.0.1', () => peer.printPort(tlsServer));
} else {
  wss.on('listening', () => peer.printPort(wss));
}

wss.on('error', fatal);

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString('utf8');
      if (text.startsWith('close-me:')) {
        const first = text.indexOf(':');
        const second = text.indexOf(':', first + 1);
        const code = Number(text.slice(first + 1, second < 0 ? undefined : second));
        const reason = second < 0 ? '' : text.slice(second + 1);
        ws.close(code, reason);
        return;
      }
    }
    ws.send(data, { binary: isBinary });
  });
  peer.logConnectionEnd(ws, NAME);
});

peer.exitWhenStdinEnds(wss, tlsServer);
