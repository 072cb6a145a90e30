// The ticker page: a row per symbol, updated from one message per tick. The server sends a
// snapshot on every new connection, so a reconnect starts from fresh prices by itself.
import { ReconnectingSocket, byId, clockTime, showStatus } from './socket.js';

const TREND_POINTS = 60;
const SVG = 'http://www.w3.org/2000/svg';

/** symbol -> { row, cells, history } */
const rows = new Map();
let lastSeq = -1;
let updates = 0;

new ReconnectingSocket('/ticker', {
  onStatus: showStatus(byId('status')),
  onMessage: message => {
    if (message.type === 'snapshot') {
      // A new connection (perhaps to a restarted server, counting from 0 again): start over.
      lastSeq = message.seq;
      show(message, false);
    } else if (message.type === 'tick' && message.seq > lastSeq) {
      lastSeq = message.seq;
      updates += 1;
      show(message, true);
    }
  },
});

function show(message, flash) {
  const style = getComputedStyle(document.documentElement);
  const flashColour = { up: style.getPropertyValue('--up-flash'), down: style.getPropertyValue('--down-flash') };
  for (const quote of message.quotes) {
    const entry = rows.get(quote.symbol) || addRow(quote.symbol);
    const before = entry.price;
    entry.price = quote.price;
    entry.history.push(quote.price);
    if (entry.history.length > TREND_POINTS) {
      entry.history.shift();
    }
    const change = quote.price - quote.open;
    const percent = quote.open === 0 ? 0 : (change / quote.open) * 100;
    entry.cells.price.textContent = quote.price.toFixed(2);
    entry.cells.change.textContent = signed(change.toFixed(2));
    entry.cells.percent.textContent = `${signed(percent.toFixed(2))}%`;
    entry.cells.open.textContent = quote.open.toFixed(2);
    entry.row.className = change > 0 ? 'up' : change < 0 ? 'down' : '';
    entry.line.setAttribute('points', trendPoints(entry.history));
    if (flash && before !== undefined && quote.price !== before) {
      const move = quote.price > before ? 'up' : 'down';
      entry.row.dataset.move = move;
      entry.cells.price.animate([{ backgroundColor: flashColour[move] }, { backgroundColor: 'transparent' }],
        { duration: 600, easing: 'ease-out' });
    }
  }
  const table = byId('quotes');
  table.dataset.seq = String(message.seq);
  table.dataset.updates = String(updates);
  byId('updates').textContent = String(updates);
  byId('last').textContent = clockTime(message.ts);
}

function addRow(symbol) {
  const row = document.createElement('tr');
  row.dataset.symbol = symbol;
  const cell = (className, text = '') => {
    const td = document.createElement('td');
    td.className = className;
    td.textContent = text;
    row.append(td);
    return td;
  };
  const cells = {
    symbol: cell('symbol', symbol),
    price: cell('price'),
    change: cell('change'),
    percent: cell('change-pct'),
    open: cell('open'),
  };
  const trend = cell('trend');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 100 24');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'polyline');
  svg.append(line);
  trend.append(svg);
  byId('quotes').tBodies[0].append(row);
  const entry = { row, cells, line, history: [], price: undefined };
  rows.set(symbol, entry);
  return entry;
}

/** The history as SVG points in a 100 x 24 box, scaled to its own range. */
function trendPoints(history) {
  const low = Math.min(...history);
  const high = Math.max(...history);
  const span = high - low || 1;
  const step = history.length > 1 ? 100 / (TREND_POINTS - 1) : 0;
  const offset = 100 - step * (history.length - 1);
  return history.map((price, i) => `${(offset + i * step).toFixed(1)},${(22 - ((price - low) / span) * 20).toFixed(1)}`)
    .join(' ');
}

function signed(text) {
  return text.startsWith('-') ? text.replace('-', '−') : `+${text}`;
}
