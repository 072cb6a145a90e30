#!/usr/bin/env node
// Node `ws` (8.x) against Duplex's /echo endpoint.
//
// Usage: node ws_client.js ws://127.0.0.1:PORT/echo
//        DUPLEX_TEST_CA=ca.pem node ws_client.js wss://localhost:PORT/echo
//
// Prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, ends with a "done" line and exits
// non-zero when any check failed. Run by io.duplex.interop.NodeWsInteropTest, which also asserts
// what the server saw of the client's close (4000 "node-bye"), and over TLS by NodeWsTlsInteropTest.
//
// For a wss:// URL the server's certificate is verified, chain and host name, by Node's tls
// (OpenSSL) against the CA in the PEM file named by DUPLEX_TEST_CA, given to ws as its `ca` option
// (Node's own CAs when it is not set), and one more check, "tls", reports the protocol version and
// cipher agreed. The variable is ignored for ws:// URLs.
//
// The echo endpoint echoes text and binary messages and, on the text "close-me:CODE:REASON", closes
// the connection with that code and reason.
'use strict';

const fs = require('fs');
const path = require('path');
const WebSocket = require('ws');

const SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20];
const STEP_TIMEOUT_MS = 30_000;
const TOTAL_TIMEOUT_MS = 100_000; // the Java test kills us at 120 s

let failures = 0;

function report(check, ok, detail = {}) {
  if (!ok) failures++;
  console.log(JSON.stringify({ check, ok: Boolean(ok), ...detail }));
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

// A text whose UTF-8 encoding is exactly n bytes: 1- to 4-byte characters, seeded by n.
function textOfSize(n) {
  const next = rng(n + 1);
  const alphabet = Array.from('abcxyz0129 ~éßж€中😀𝄞');
  const chars = [];
  for (let i = 0; i < 4096; i++) chars.push(alphabet[Math.floor(next() * alphabet.length)]);
  const block = chars.join('');
  const blockBytes = Buffer.byteLength(block);
  const reps = Math.floor(n / blockBytes);
  let rest = n - reps * blockBytes;
  let tail = '';
  for (const ch of chars) {
    const size = Buffer.byteLength(ch);
    if (size > rest) break;
    tail += ch;
    rest -= size;
  }
  const text = block.repeat(reps) + tail + 'a'.repeat(rest);
  if (Buffer.byteLength(text) !== n) throw new Error(`textOfSize(${n}) is ${Buffer.byteLength(text)} bytes`);
  return text;
}

function bytesOfSize(n) {
  const next = rng(n + 7);
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = Math.floor(next() * 256);
  return data;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// A connection with queues of what arrives: messages, pongs, and the close.
function connect(url) {
  // perMessageDeflate is left at its default (true): ws offers permessage-deflate, and the server,
  // which runs without compression, must decline the offer.
  const conn = { messages: [], pongs: [], waiters: [], offered: null, accepted: null, error: null, tls: null };
  // For wss:// only: ws hands `ca` to tls.connect, which then trusts that CA alone and still checks
  // the host name (rejectUnauthorized stays at its default, true).
  const secure = url.startsWith('wss://') && process.env.DUPLEX_TEST_CA
    ? { ca: fs.readFileSync(process.env.DUPLEX_TEST_CA) } : {};
  const ws = new WebSocket(url, ['chat'], {
    ...secure,
    maxPayload: 32 << 20,
    handshakeTimeout: STEP_TIMEOUT_MS,
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
  ws.on('message', (data, isBinary) => { conn.messages.push({ data, isBinary }); wake(); });
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
  }), what);
  conn.send = (data, options) => new Promise((resolve, reject) => {
    ws.send(data, options, (err) => (err ? reject(err) : resolve()));
  });
  return conn;
}

async function scenario(url) {
  const wsPackage = path.join(__dirname, 'node_modules', 'ws', 'package.json');
  const version = JSON.parse(fs.readFileSync(wsPackage, 'utf8')).version;
  report('peer', true, { detail: `node ${process.version} ws ${version}` });

  let c = connect(url);
  await withTimeout(c.opened, 'open');
  if (url.startsWith('wss://')) {
    report('tls', c.tls !== null && c.tls.authorized === true && ['TLSv1.3', 'TLSv1.2'].includes(c.tls.version),
      c.tls ?? {});
  }
  report('subprotocol', c.ws.protocol === 'chat', { got: c.ws.protocol });
  report('deflate-declined',
    typeof c.offered === 'string' && c.offered.includes('permessage-deflate') && c.accepted === null
      && c.ws.extensions === '',
    { offered: c.offered, accepted: c.accepted, extensions: c.ws.extensions });

  for (const size of SIZES) {
    const text = textOfSize(size);
    await c.send(text, { binary: false });
    let got = await c.take('messages', `text echo of ${size} B`);
    report(`text-echo-${size}`, !got.isBinary && got.data.equals(Buffer.from(text, 'utf8')),
      { binary: got.isBinary, got_bytes: got.data.length });

    const data = bytesOfSize(size);
    await c.send(data, { binary: true });
    got = await c.take('messages', `binary echo of ${size} B`);
    report(`binary-echo-${size}`, got.isBinary && got.data.equals(data),
      { binary: got.isBinary, got_bytes: got.data.length });
  }

  // A fragmented text message, with a Ping sent between two fragments. The Pong may come before or
  // after the message: the server answers the Ping at once.
  c.ws.send('frag', { binary: false, fin: false });
  c.ws.ping(Buffer.from('mid'));
  c.ws.send('', { binary: false, fin: false });
  await c.send('mented €', { binary: false, fin: true });
  let got = await c.take('messages', 'fragmented text');
  report('fragmented-text', !got.isBinary && got.data.toString('utf8') === 'fragmented €',
    { got: got.data.toString('utf8') });
  try {
    const p = await c.take('pongs', 'pong during fragments');
    report('ping-during-fragments', p.toString('utf8') === 'mid', { got: p.toString('utf8') });
  } catch (e) {
    report('ping-during-fragments', false, { error: String(e) });
  }

  // A fragmented binary message.
  c.ws.send(Buffer.from([0, 1]), { binary: true, fin: false });
  c.ws.send(Buffer.alloc(0), { binary: true, fin: false });
  await c.send(Buffer.from([2, 255]), { binary: true, fin: true });
  got = await c.take('messages', 'fragmented binary');
  report('fragmented-binary', got.isBinary && got.data.equals(Buffer.from([0, 1, 2, 255])),
    { got: got.data.toString('hex') });

  // Ping with a 125-byte payload (the largest a control frame may carry).
  const payload = Buffer.from(Array.from({ length: 125 }, (_, i) => i));
  c.ws.ping(payload);
  try {
    const p = await c.take('pongs', 'pong');
    report('ping-pong', p.equals(payload), { got_bytes: p.length });
  } catch (e) {
    report('ping-pong', false, { error: String(e) });
  }

  // Close started by the client; the server answers with a Close (echoing the code).
  c.ws.close(4000, 'node-bye');
  let closed = await withTimeout(c.closed, 'close answered');
  report('client-close', closed.code === 4000, closed);

  // Close started by the server.
  c = connect(url);
  await withTimeout(c.opened, 'open');
  await c.send('close-me:4001:bye', { binary: false });
  closed = await withTimeout(c.closed, 'close from the server');
  report('server-close', closed.code === 4001 && closed.reason === 'bye' && c.messages.length === 0,
    { ...closed, messages: c.messages.length });
}

async function main() {
  const url = process.argv[2];
  if (!url || process.argv.length !== 3) {
    console.error('usage: [DUPLEX_TEST_CA=ca.pem] node ws_client.js ws[s]://host:port/echo');
    process.exit(2);
  }
  const total = setTimeout(() => {
    report('error', false, { error: `the scenario did not finish within ${TOTAL_TIMEOUT_MS} ms` });
    report('done', false, { failures });
    process.exit(1);
  }, TOTAL_TIMEOUT_MS);
  try {
    await scenario(url);
  } catch (e) {
    report('error', false, { error: String(e && e.stack ? e.stack : e) });
  }
  clearTimeout(total);
  report('done', failures === 0, { failures });
  process.exit(failures === 0 ? 0 : 1);
}

main();
