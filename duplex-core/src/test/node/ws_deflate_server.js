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

const { WebSocketServer, Receiver, PerMessageDeflate } = require('ws');

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

const kWire = Symbol('duplex-wire');
const originalDataMessage = Receiver.prototype.dataMessage;
const originalCompress = PerMessageDeflate.prototype.compress;
if (typeof originalDataMessage !== 'function' || typeof originalCompress !== 'function') {
  throw new Error('ws internals changed: Receiver#dataMessage or PerMessageDeflate#compress is gone; update the hooks');
}
Receiver.prototype.dataMessage = function recordingDataMessage(...args) {
  // Called at the end of every data frame; at the last one, _compressed is the message's RSV1 and
  // _totalPayloadLength the payload bytes of all its frames, before ws resets both.
  if (this._fin) {
    if (!this[kWire]) this[kWire] = [];
    this[kWire].push({ rsv1: Boolean(this._compressed), wire: this._totalPayloadLength });
  }
  return originalDataMessage.apply(this, args);
};
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

wss.on('listening', () => {
  console.log(`PORT ${wss.address().port}`);
});

wss.on('error', (err) => {
  console.error(`ws_deflate_server.js: server error: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});

// The answer's header lines, just before they are written; 'connection' follows for the same request.
wss.on('headers', (headers, req) => {
  const line = headers.find((h) => /^sec-websocket-extensions:/i.test(h));
  req.duplexExtensions = line ? line.slice(line.indexOf(':') + 1).trim() : '-';
});

wss.on('connection', (ws, req) => {
  console.log(`OPEN ${req.duplexExtensions}`);
  ws.on('message', (data, isBinary) => {
    // The receiver recorded this message's frames just before emitting it.
    const wire = ws._receiver[kWire] ? ws._receiver[kWire].shift() : { rsv1: false, wire: -1 };
    console.log(`MSG ${isBinary ? 'binary' : 'text'} ${data.length} rsv1=${wire.rsv1 ? 1 : 0} wire=${wire.wire}`);
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', (err) => {
    // ws closes the connection itself (with 1002, 1007, 1009 ...); 'close' follows.
    console.error(`ws_deflate_server.js: connection error: ${err && err.message ? err.message : err}`);
  });
  ws.on('close', (code, reason) => {
    console.log(`CLOSE ${code} ${reason.toString('utf8')}`);
  });
});

// Serve until stdin is closed (the test's way of stopping us).
function stop() {
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
