// What the Node `ws` peer scripts of Duplex's interop tests share; required by the scripts beside it
// (ws_client.js, ws_deflate_client.js, ws_server.js, ws_deflate_server.js) as './peer_common'.
//
// Clients: report() prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, and runChecks() runs
// a scenario under a time limit and ends with the "done" line and the exit code, as
// io.duplex.interop.ExternalPeer reads them; connect() opens a connection with queues of what arrives.
//
// Servers: the handlers that print the transcript io.duplex.interop.ExternalServer reads ("PORT
// <port>", "CLOSE <code> <reason>") and stop the server when the test closes our stdin.
//
// permessage-deflate: recordIncomingWire() makes ws's Receiver note what each incoming message was on
// the wire (the 'message' event does not say), and wireRecords() hands those notes out.
'use strict';

const fs = require('fs');
const path = require('path');
const WebSocket = require('ws');

// ------------------------------------------------------------------ the checks of a client

let failures = 0;

function report(check, ok, detail = {}) {
  if (!ok) failures++;
  console.log(JSON.stringify({ check, ok: Boolean(ok), ...detail }));
}

// The detail of the "peer" check: Node's version and that of the ws package installed here.
function peerDetail() {
  const wsPackage = path.join(__dirname, 'node_modules', 'ws', 'package.json');
  const version = JSON.parse(fs.readFileSync(wsPackage, 'utf8')).version;
  return `node ${process.version} ws ${version}`;
}

// Runs scenario() (async) for at most totalTimeoutMs; an error it throws is one more failed check.
// Ends with the "done" check and exits: 0 when no check failed. The limit ends the process even when
// the scenario hangs, below the Java test's own (120 s), so that the checks so far are still read.
async function runChecks(scenario, totalTimeoutMs) {
  const total = setTimeout(() => {
    report('error', false, { error: `the scenario did not finish within ${totalTimeoutMs} ms` });
    report('done', false, { failures });
    process.exit(1);
  }, totalTimeoutMs);
  try {
    await scenario();
  } catch (e) {
    report('error', false, { error: String(e && e.stack ? e.stack : e) });
  }
  clearTimeout(total);
  report('done', failures === 0, { failures });
  process.exit(failures === 0 ? 0 : 1);
}

function withTimeout(promise, what, timeoutMs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A deterministic generator (mulberry32), so that every run sends the same data.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// n bytes from rng(seed).
function randomBytes(n, seed) {
  const next = rng(seed);
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = Math.floor(next() * 256);
  return data;
}

// A client connection with queues of what arrives: messages ({ data, isBinary, wire }, wire being
// the message's record when recordIncomingWire is on), pongs, and the close. protocols ([] for none)
// and options go to ws; every wait of take() is bounded by stepTimeoutMs, and so is the handshake.
// conn.offered and conn.accepted are the Sec-WebSocket-Extensions of the request and of the answer;
// conn.tls, for wss://, what the handshake agreed.
function connect(url, protocols, options, stepTimeoutMs) {
  const conn = { messages: [], pongs: [], waiters: [], offered: null, accepted: null, error: null, tls: null };
  const ws = new WebSocket(url, protocols, {
    ...options,
    handshakeTimeout: stepTimeoutMs,
    // Only to see the request as sent (the offer); ws then expects us to end it.
    finishRequest: (req) => {
      conn.offered = req.getHeader('sec-websocket-extensions') ?? null;
      req.end();
    },
  });
  conn.ws = ws;
  const wake = () => {
    const waiters = conn.waiters;
    conn.waiters = [];
    waiters.forEach((w) => w());
  };
  ws.on('upgrade', (res) => {
    conn.accepted = res.headers['sec-websocket-extensions'] ?? null;
    if (typeof res.socket.getProtocol === 'function') {
      conn.tls = { version: res.socket.getProtocol(), cipher: res.socket.getCipher().name,
        authorized: res.socket.authorized, servername: res.socket.servername };
    }
  });
  ws.on('message', (data, isBinary) => {
    // With recordIncomingWire, the receiver recorded this message's frames just before emitting it.
    const records = wireRecords(ws);
    conn.messages.push({ data, isBinary, wire: records ? records.shift() : undefined });
    wake();
  });
  ws.on('pong', (data) => { conn.pongs.push(data); wake(); });
  ws.on('error', (err) => { conn.error = err; wake(); });
  conn.closed = new Promise((resolve) => {
    ws.on('close', (code, reason) => { resolve({ code, reason: reason.toString('utf8') }); wake(); });
  });
  conn.opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  conn.take = (queue, what) => withTimeout(new Promise((resolve, reject) => {
    const poll = () => {
      if (conn[queue].length > 0) resolve(conn[queue].shift());
      else if (conn.error) reject(conn.error);
      else if (ws.readyState === WebSocket.CLOSED) reject(new Error(`closed while waiting for ${what}`));
      else conn.waiters.push(poll);
    };
    poll();
  }), what, stepTimeoutMs);
  conn.send = (data, sendOptions) => new Promise((resolve, reject) => {
    ws.send(data, sendOptions, (err) => (err ? reject(err) : resolve()));
  });
  return conn;
}

// ------------------------------------------------------------------ the transcript of a server

// Prints "PORT <port>", the test's cue that the server listens.
function printPort(server) {
  console.log(`PORT ${server.address().port}`);
}

// A handler for a server's 'error': said on stderr, and the process ends (the test sees no port, or
// its connections fail).
function exitOnServerError(name) {
  return (err) => {
    console.error(`${name}: server error: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  };
}

// What every echo server prints of a connection: an error on stderr (ws closes the connection itself,
// with 1002, 1007, 1009 ...; 'close' follows), and "CLOSE <code> <reason>" once it has closed.
function logConnectionEnd(ws, name) {
  ws.on('error', (err) => {
    console.error(`${name}: connection error: ${err && err.message ? err.message : err}`);
  });
  ws.on('close', (code, reason) => {
    console.log(`CLOSE ${code} ${reason.toString('utf8')}`);
  });
}

// Serve until stdin is closed (the test's way of stopping us): then every connection is ended, the
// servers closed, and the process exits, within 5 s in any case. wss.close() leaves a server it was
// given open: pass that one as ownServer to have it closed too.
function exitWhenStdinEnds(wss, ownServer = null) {
  const stop = () => {
    for (const client of wss.clients) client.terminate();
    if (ownServer) ownServer.close();
    wss.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

// ------------------------------------------------------------------ what arrives, as the wire carried it

const kWire = Symbol('duplex-wire');

// Wraps the dataMessage step of ws's Receiver, which runs once per data frame before the message is
// emitted, to record per message whether RSV1 was set and how many payload bytes came over the wire.
function recordIncomingWire() {
  const originalDataMessage = WebSocket.Receiver.prototype.dataMessage;
  if (typeof originalDataMessage !== 'function') {
    throw new Error('ws internals changed: Receiver.prototype.dataMessage is gone; update the hook');
  }
  WebSocket.Receiver.prototype.dataMessage = function recordingDataMessage(...args) {
    // Called at the end of every data frame; at the last one, _compressed is the message's RSV1 and
    // _totalPayloadLength the payload bytes of all its frames, before ws resets both.
    if (this._fin) {
      if (!this[kWire]) this[kWire] = [];
      this[kWire].push({ rsv1: Boolean(this._compressed), wire: this._totalPayloadLength });
    }
    return originalDataMessage.apply(this, args);
  };
}

// The records ({ rsv1, wire }) of the messages the connection received and nobody took yet, oldest
// first; undefined when none was recorded.
function wireRecords(ws) {
  return ws._receiver ? ws._receiver[kWire] : undefined;
}

module.exports = {
  report, peerDetail, runChecks, withTimeout, rng, randomBytes, connect,
  printPort, exitOnServerError, logConnectionEnd, exitWhenStdinEnds,
  recordIncomingWire, wireRecords,
};
