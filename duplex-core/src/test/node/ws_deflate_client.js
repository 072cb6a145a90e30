#!/usr/bin/env node
// Node `ws` (8.x) with permessage-deflate (RFC 7692) against Duplex's /echo endpoint.
//
// Usage: node ws_deflate_client.js MODE ws://127.0.0.1:PORT/echo
//
// MODE says what the client offers and what it expects the server (configured by the Java test to
// match) to answer:
//   defaults                    ws's own offer ("permessage-deflate; client_max_window_bits"); the
//                               server's answer keeps context takeover on both sides
//   client-no-context-takeover  the client offers server_no_context_takeover and
//                               client_no_context_takeover; the server must confirm both (7.1.1)
//   server-no-context-takeover  ws's own offer; the server, configured not to take context over, adds
//                               both parameters to its answer itself (7.1.1.1 and 7.1.1.2)
//   server-window-9             the client offers server_max_window_bits=9: the server's compressor
//                               must not refer back further than 512 bytes (7.1.2.1), which ws's
//                               inflater, made with windowBits 9, checks
//   client-window-10            ws's own offer, with client_max_window_bits; the server, configured to
//                               ask for it, answers client_max_window_bits=10 (7.1.2.2)
//
// Prints one JSON line per check, {"check":NAME,"ok":BOOL,...}, ends with a "done" line and exits
// non-zero when any check failed. Run by io.duplex.interop.NodeWsDeflateInteropTest.
//
// The 'message' event does not say whether a message arrived compressed, so the script wraps the
// dataMessage step of ws's Receiver (exported as WebSocket.Receiver; peer_common.js's
// recordIncomingWire), which runs once per data frame before the message is emitted, and records per
// message whether RSV1 was set and how many payload bytes came over the wire.
'use strict';

const zlib = require('zlib');
const WebSocket = require('ws');
const peer = require('./peer_common');

const { report } = peer;

const STEP_TIMEOUT_MS = 20_000;
const TOTAL_TIMEOUT_MS = 50_000; // the Java test kills us at 120 s
const MAX_PAYLOAD = 32 << 20;
const CLOSE_REASON = 'deflate-done';
const MODES = ['defaults', 'client-no-context-takeover', 'server-no-context-takeover', 'server-window-9',
  'client-window-10'];

// Each message's RSV1 and bytes on the wire, as connect() hands them over (got.wire).
peer.recordIncomingWire();

// ------------------------------------------------------------------ the messages

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

// One JSON object, the same for the same k and seed; noisy adds 24 random letters.
function record(k, seed, noisy) {
  const next = peer.rng(k * 7919 + seed);
  const pick = () => WORDS[Math.floor(next() * WORDS.length)];
  const obj = {
    id: k,
    name: `${pick()}-${Math.floor(next() * 1000)}`,
    active: next() < 0.5,
    score: Math.floor(next() * 100000) / 100,
    tags: [pick(), pick(), pick()],
  };
  if (noisy) {
    obj.note = Array.from({ length: 24 }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join('');
  }
  return JSON.stringify(obj);
}

// JSON lines, ASCII, exactly size bytes; line k repeats line k - period (a repeat `period` lines back).
function jsonText(size, period, seed, noisy = true) {
  const lines = [];
  let length = 0;
  for (let k = 0; length < size; k++) {
    const line = `${record(k % period, seed, noisy)}\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('').slice(0, size);
}

// [name, payload] in the order sent; a string goes as text, a Buffer as binary.
function messages() {
  const repeated = jsonText(2048, 1000, 5); // no line repeats inside it: only an earlier message helps
  const list = [
    ['text-0', ''],
    ['text-1', 'x'],
    ['json-200', jsonText(200, 1000, 1)],
    ['text-125', jsonText(125, 1000, 2)],
    ['text-126', jsonText(126, 1000, 2)],
    ['binary-125-random', peer.randomBytes(125, 11)],
    ['binary-126-random', peer.randomBytes(126, 12)],
    ['json-64k', jsonText(64 << 10, 29, 3)],
    ['text-1m-compressible', jsonText(1 << 20, 16, 4, false)],
    ['binary-1m-random', peer.randomBytes(1 << 20, 13)],
  ];
  for (let i = 1; i <= 5; i++) list.push([`repeat-${i}`, repeated]);
  // Sent in three frames, RSV1 on the first only (RFC 7692 section 6.1), a Ping between two.
  list.push(['fragmented-text', [jsonText(1000, 1000, 6), '', jsonText(3000, 1000, 7)]]);
  return list;
}

// ------------------------------------------------------------------ the scenario

// The perMessageDeflate option of the client in each mode.
function offerFor(mode) {
  switch (mode) {
    case 'client-no-context-takeover':
      // threshold 0: without context takeover ws would send messages under 1 KiB uncompressed; this
      // way our inflater gets the small ones compressed too.
      return { serverNoContextTakeover: true, clientNoContextTakeover: true, threshold: 0 };
    case 'server-no-context-takeover':
      return { threshold: 0 };
    case 'server-window-9':
      return { serverMaxWindowBits: 9 };
    default:
      return true;
  }
}

// The parameters the server's answer must carry, as ws's own parser gives them.
function expectedParams(mode) {
  switch (mode) {
    case 'client-no-context-takeover':
    case 'server-no-context-takeover':
      return { server_no_context_takeover: [true], client_no_context_takeover: [true] };
    case 'server-window-9':
      return { server_max_window_bits: ['9'] };
    case 'client-window-10':
      return { client_max_window_bits: ['10'] };
    default:
      return {};
  }
}

function withTimeout(promise, what) {
  return peer.withTimeout(promise, what, STEP_TIMEOUT_MS);
}

function connect(url, perMessageDeflate) {
  return peer.connect(url, [], { perMessageDeflate, maxPayload: MAX_PAYLOAD }, STEP_TIMEOUT_MS);
}

// Proves the window-9 mode can fail: the same texts compressed with a 2^15 window (as a compressor
// that ignored server_max_window_bits=9 would) are rejected by an inflater like ws's own (raw, window
// bits 9, output in zlib's 16 KiB chunks). Returns the names of the texts rejected.
function windowCheckHasTeeth(texts) {
  const rejected = [];
  for (const [name, text] of texts) {
    const data = zlib.deflateRawSync(Buffer.from(text, 'utf8'),
      { windowBits: 15, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    try {
      zlib.inflateRawSync(data, { windowBits: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (e) {
      rejected.push(name);
    }
  }
  return rejected;
}

function sameParams(actual, expected) {
  const a = Object.keys(actual).sort();
  const e = Object.keys(expected).sort();
  return JSON.stringify(a) === JSON.stringify(e)
    && e.every((k) => JSON.stringify(actual[k]) === JSON.stringify(expected[k]));
}

async function scenario(mode, url) {
  report('peer', true, { detail: peer.peerDetail(), mode });

  const c = connect(url, offerFor(mode));
  await withTimeout(c.opened, 'open');

  // The agreement, as ws parsed the server's answer (RFC 7692 section 7.1); ws accepted it, or it
  // would have failed the connection.
  let answer = null;
  try {
    answer = c.accepted === null ? null : WebSocket.extension.parse(c.accepted);
  } catch (e) {
    answer = { unparsable: String(e) };
  }
  const params = answer && answer['permessage-deflate'] && answer['permessage-deflate'].length === 1
    ? answer['permessage-deflate'][0] : null;
  report('negotiated',
    c.ws.extensions === 'permessage-deflate' && params !== null && Object.keys(answer).length === 1
      && sameParams(params, expectedParams(mode)),
    { offered: c.offered, accepted: c.accepted, extensions: c.ws.extensions, expected: expectedParams(mode) });
  if (params === null) throw new Error(`permessage-deflate was not agreed: ${c.accepted}`);

  const sent = messages();
  const wire = {};
  for (const [name, payload] of sent) {
    const binary = Buffer.isBuffer(payload);
    if (Array.isArray(payload)) {
      // ws compresses each fragment with the message's compressor (sync flush after each); the server
      // must inflate the frames as one message and keep the Ping apart.
      payload.slice(0, -1).forEach((fragment, i) => {
        c.ws.send(fragment, { binary: false, fin: false });
        if (i === 0) c.ws.ping(Buffer.from('mid'));
      });
      await c.send(payload[payload.length - 1], { binary: false, fin: true });
    } else {
      await c.send(payload, { binary });
    }
    const got = await c.take('messages', `the echo of ${name}`);
    const expected = binary ? payload : Buffer.from([].concat(payload).join(''), 'utf8');
    wire[name] = got.wire;
    report(`echo-${name}`, got.isBinary === binary && got.data.equals(expected) && got.wire !== undefined,
      { size: expected.length, binary: got.isBinary, got_bytes: got.data.length, ...got.wire });
  }

  // The server answered the Ping sent between two compressed fragments; its echo came before the
  // message's, so it is there by now.
  report('ping-during-compressed-fragments', c.pongs.length === 1 && c.pongs[0].toString('utf8') === 'mid',
    { pongs: c.pongs.map((p) => p.toString('utf8')) });

  // The server compressed what compresses: RSV1 set on the 1 MiB text (section 6), which ws's
  // inflater, made for the agreed window, then read back correctly. Its lines repeat 16 lines (about
  // 1.4 KiB) back: a 2^15 window shrinks it more than twentyfold, while 2^9 bytes hold only a few
  // lines and halve it at best.
  const big = wire['text-1m-compressible'];
  const limit = Math.floor((1 << 20) / (mode === 'server-window-9' ? 2 : 20));
  report('server-compressed-1m', big.rsv1 && big.wire < limit, { ...big, limit });

  // Noise does not shrink: whatever the server chose, it never sent more than the message itself.
  const payloads = Object.fromEntries(sent);
  for (const name of ['binary-125-random', 'binary-126-random', 'binary-1m-random']) {
    const size = payloads[name].length;
    report(`not-expanded-${name}`, wire[name].wire <= size, { ...wire[name], size });
  }

  // Context takeover (section 7.1.1): with it, repeats of a message refer back to the first and
  // shrink to a few bytes; without it, the server's compressor starts empty each time (ws's inflater,
  // reset after each message, would also fail on a back-reference into an earlier message).
  const first = wire['repeat-1'].wire;
  const repeats = [2, 3, 4, 5].map((i) => wire[`repeat-${i}`].wire);
  if (mode === 'defaults' || mode === 'client-window-10') {
    report('context-takeover-used', repeats.every((w) => w < first / 4), { first, repeats });
  } else if (mode === 'client-no-context-takeover' || mode === 'server-no-context-takeover') {
    report('no-context-takeover-honoured', repeats.every((w) => w >= first / 2), { first, repeats });
  } else {
    // With a window of 2^9, section 7.1.2.1 bounds every back-reference; the 1 MiB and 64 KiB texts
    // repeat their lines 1.4 and 3.6 KiB later, so a compressor that ignored the window would have
    // been caught by ws's inflater. Shown here on the same texts:
    const texts = sent.filter(([n]) => n === 'json-64k' || n === 'text-1m-compressible');
    const rejected = windowCheckHasTeeth(texts);
    report('window-9-check-has-teeth', rejected.length === texts.length, { rejected });
  }

  c.ws.close(1000, CLOSE_REASON);
  const closed = await withTimeout(c.closed, 'the answer to our close');
  report('close', closed.code === 1000, closed);
}

function main() {
  const [mode, url] = process.argv.slice(2);
  if (process.argv.length !== 4 || !MODES.includes(mode)) {
    console.error(`usage: node ws_deflate_client.js {${MODES.join('|')}} ws://host:port/echo`);
    process.exit(2);
  }
  peer.runChecks(() => scenario(mode, url), TOTAL_TIMEOUT_MS);
}

main();
