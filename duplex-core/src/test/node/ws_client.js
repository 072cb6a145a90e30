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
const peer = require('./peer_common');

const { report } = peer;

const SIZES = [0, 1, 125, 126, 65535, 65536, 1 << 20, 16 << 20];
const STEP_TIMEOUT_MS = 30_000;
const TOTAL_TIMEOUT_MS = 100_000; // the Java test kills us at 120 s

// A text whose UTF-8 encoding is exactly n bytes: 1- to 4-byte characters, seeded by n.
function textOfSize(n) {
  const next = peer.rng(n + 1);
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
  return peer.randomBytes(n, n + 7);
}

function withTimeout(promise, what) {
  return peer.withTimeout(promise, what, STEP_TIMEOUT_MS);
}

// A connection with the subprotocol "chat" offered: see peer_common's connect.
function connect(url) {
  // perMessageDeflate is left at its default (true): ws offers permessage-deflate, and the server,
  // which runs without compression, must decline the offer.
  // For wss:// only: ws hands `ca` to tls.connect, which then trusts that CA alone and still checks
  // the host name (rejectUnauthorized stays at its default, true).
  const secure = url.startsWith('wss://') && process.env.DUPLEX_TEST_CA
    ? { ca: fs.readFileSync(process.env.DUPLEX_TEST_CA) } : {};
  return peer.connect(url, ['chat'], { ...secure, maxPayload: 32 << 20 }, STEP_TIMEOUT_MS);
}

async function scenario(url) {
  report('peer', true, { detail: peer.peerDetail() });

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

function main() {
  const url = process.argv[2];
  if (!url || process.argv.length !== 3) {
    console.error('usage: [DUPLEX_TEST_CA=ca.pem] node ws_client.js ws[s]://host:port/echo');
    process.exit(2);
  }
  peer.runChecks(() => scenario(url), TOTAL_TIMEOUT_MS);
}

main();
