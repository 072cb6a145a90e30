#!/usr/bin/env node
// A Node `ws` (8.x) echo server with permessage-deflate (RFC 7692), for Duplex's client.
//
// Usage: node ws_deflate_server.js MODE
//
// MODE is how the server's permessage-deflate is configured:
//   takeover             ws's defaults (perMessageDeflate: true): full windows, context takeover both
//                        ways; with context takeover ws compresses every message it sends
//   no-context-takeover  serverNoContextTakeover and clientNoContextTakeover: both parameters in every
//                        answer; threshold 0, so that ws compresses the small messages too
//   window-10            serverMaxWindowBits 10 and clientMaxWindowBits 10: server_max_window_bits=10
//                        and client_max_window_bits=10 in every answer (the latter because Duplex's
//                        client always offers client_max_window_bits)
//
// Binds 127.0.0.1 on an ephemeral port and prints "PORT <port>" as its first line on stdout, then, for
// each connection:
//   OPEN <the Sec-WebSocket-Extensions of its answer, or ->
//   MSG <text|binary> <bytes> rsv1=<0|1> wire=<payload bytes on the wire>   per message received
//   SENT <bytes> rsv1=1 wire=<payload bytes on the wire>                     per message compressed
//   CLOSE <code> <reason>                                                    when it has closed
// Serves /echo: every message is echoed as it came (text as text, binary as binary). Messages up to
// 32 MiB. Exits when its stdin is closed. Run by io.duplex.interop.NodeWsDeflateServerInteropTest.
//
// The 'message' event does not say whether a message arrived compressed, so the script wraps the
// dataMessage step of ws's Receiver and the compress method of its PerMessageDeflate (both exported
// by ws), which see every data message on its way in and every compressed one on its way out.
'use strict';

const { WebSocketServer, PerMessageDeflate } = require('ws');
const peer = require('./peer_common');

const NAME = 'ws_deflate_server.js';

const MAX_PAYLOAD = 32 << 20;

const MODES = {
  takeover: true,
  'no-context-takeover': { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 0 },
  'window-10': { serverMaxWindowBits: 10, clientMaxWindowBits: 10 },
};

const mode = process.argv[2];
if (process.argv.length !== 3 || !(mode in MODES)) {
  console.error(`usage: node ws_deflate_server.js {${Object.keys(MODES).join('|')}}`);
  process.exit(2);
}

// ------------------------------------------------------------------ the frames, as the wire carries them

peer.recordIncomingWire();
const originalCompress = PerMessageDeflate.prototype.compress;
if (typeof originalCompress !== 'function') {
  throw new Error('ws internals changed: PerMessageDeflate.prototype.compress is gone; update the hook');
}
PerMessageDeflate.prototype.compress = function recordingCompress(data, fin, callback) {
  // ws sends each echo as one frame, so one call is one message: its size, and what it became.
  const size = Buffer.byteLength(data);
  return originalCompress.call(this, data, fin, (err, result) => {
    if (!err && fin) console.log(`SENT ${size} rsv1=1 wire=${result.length}`);
    callback(err, result);
  });
};

// ------------------------------------------------------------------ the server

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  path: '/echo',
  maxPayload: MAX_PAYLOAD,
  perMessageDeflate: MODES[mode],
});

wss.on('listening', () => peer.printPort(wss));
wss.on('error', peer.exitOnServerError(NAME));

// The answer's header lines, just before they are written; 'connection' follows for the same request.
wss.on('headers', (headers, req) => {
  const line = headers.find((h) => /^sec-websocket-extensions:/i.test(h));
  req.duplexExtensions = line ? line.slice(line.indexOf(':') + 1).trim() : '-';
});

wss.on('connection', (ws, req) => {
  console.log(`OPEN ${req.duplexExtensions}`);
  ws.on('message', (data, isBinary) => {
    // The receiver recorded this message's frames just before emitting it.
    const records = peer.wireRecords(ws);
    const wire = records ? records.shift() : { rsv1: false, wire: -1 };
    console.log(`MSG ${isBinary ? 'binary' : 'text'} ${data.length} rsv1=${wire.rsv1 ? 1 : 0} wire=${wire.wire}`);
    ws.send(data, { binary: isBinary });
  });
  peer.logConnectionEnd(ws, NAME);
});

peer.exitWhenStdinEnds(wss);
