// The shared counter page: two buttons and the value everybody sees. The server sends the whole
// state after every change, so a reconnect needs nothing but the state it sends on arrival.
import { ReconnectingSocket, byId, showStatus } from './socket.js';

const socket = new ReconnectingSocket('/counter', {
  onStatus: showStatus(byId('status'), status => {
    byId('increment').disabled = status !== 'open';
    byId('decrement').disabled = status !== 'open';
  }),
  onMessage: message => {
    if (message.type === 'state') {
      show(message.value, message.visitors);
    } else if (message.type === 'error') {
      const box = byId('error');
      box.textContent = message.message;
      box.hidden = false;
    }
  },
});

function show(value, visitors) {
  const element = byId('value');
  if (element.textContent !== String(value)) {
    element.textContent = String(value);
    // Restart the bump animation: drop the class, let the browser notice, add it again.
    element.classList.remove('bump');
    void element.offsetWidth;
    element.classList.add('bump');
  }
  byId('visitors').textContent = String(visitors);
  byId('visitors-label').textContent = visitors === 1 ? 'person' : 'people';
}

byId('increment').addEventListener('click', () => socket.send({ type: 'increment' }));
byId('decrement').addEventListener('click', () => socket.send({ type: 'decrement' }));
