// A WebSocket to the page's own server that comes back by itself. When the connection drops (the
// server restarts, the network blinks), it retries with exponential backoff and jitter, so that a
// restarted server is not hit by every page at the same instant, and calls onOpen again on each
// new connection: that is where a page re-joins its room or asks again for what it follows.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;

/** The ws: or wss: URL of a path on the server this page came from. */
export function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/**
 * The wait before retry number `attempt` (0, 1, 2 ...): doubling from 0.5 s up to 8 s, and a random
 * half of it on top of the other half ("equal jitter"), so that waits spread but never collapse to 0.
 */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A JSON WebSocket that reconnects. Status: connecting, open, reconnecting, closed. */
export class ReconnectingSocket {
  constructor(path, { onOpen = () => {}, onMessage = () => {}, onStatus = () => {} } = {}) {
    this.url = socketUrl(path);
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = false;
    this.open('connecting');
  }

  /** Whether messages can be sent now. */
  get isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends an object as JSON; false when not connected (the caller keeps its intent for onOpen). */
  send(message) {
    if (!this.isOpen) {
      return false;
    }
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good: no more retries. */
  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) {
      this.socket.close(1000, 'page closed');
    }
    this.onStatus('closed');
  }

  open(status) {
    this.onStatus(status);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.onStatus('open');
      this.onOpen();
    });
    socket.addEventListener('message', event => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        console.warn('not JSON, ignored:', event.data);
        return;
      }
      this.onMessage(message);
    });
    // A failed attempt fires error then close: retrying on close alone covers both.
    socket.addEventListener('close', () => {
      if (this.socket === socket && !this.stopped) {
        this.retry();
      }
    });
  }

  retry() {
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.onStatus('reconnecting', delay);
    this.timer = setTimeout(() => this.open('reconnecting'), delay);
  }
}

const STATUS_TEXT = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
};

/**
 * A status handler that shows the connection's state in an element, as text and as data-status
 * (which the stylesheet colours), and tells the page through `then(status)`.
 */
export function showStatus(element, then = () => {}) {
  return (status, delay) => {
    element.dataset.status = status;
    element.textContent = status === 'reconnecting' && delay !== undefined
      ? `Reconnecting in ${Math.max(1, Math.round(delay / 1000))} s…`
      : STATUS_TEXT[status];
    then(status);
  };
}

/** The element with this id. */
export function byId(id) {
  return document.getElementById(id);
}

/** A time of day as HH:MM:SS in the reader's locale, from epoch milliseconds. */
export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
