// The chat page: join a room, talk, see who is here. After a reconnect it joins the same room
// again under the nickname it had.
import { ReconnectingSocket, byId, clockTime, showStatus } from './socket.js';

const MAX_LINES = 500;

/** What the person asked for, sent again on every new connection; null when not in a room. */
let wanted = null;
/** The room and nickname the server confirmed. */
let joined = null;

const socket = new ReconnectingSocket('/chat', {
  onStatus: showStatus(byId('status'), updateControls),
  onOpen: () => {
    if (wanted) {
      socket.send({ type: 'join', room: wanted.room, nick: wanted.nick });
    }
  },
  onMessage: handle,
});

function handle(message) {
  switch (message.type) {
    case 'welcome': {
      const asked = wanted ? wanted.nick : message.nick;
      const again = joined !== null && joined.room === message.room;
      joined = { room: message.room, nick: message.nick };
      wanted = { room: message.room, nick: message.nick };
      showRoom(message.room, message.nick, message.members);
      if (again) {
        addNotice('Reconnected.');
      }
      if (asked.toLowerCase() !== message.nick.toLowerCase()) {
        addNotice(`“${asked}” was taken here: you are “${message.nick}”.`);
      }
      break;
    }
    case 'message':
      if (joined && message.room === joined.room) {
        addMessage(message);
      }
      break;
    case 'join':
    case 'leave':
      if (joined && message.room === joined.room && !(message.type === 'join' && message.nick === joined.nick)) {
        addNotice(`${message.nick} ${message.type === 'join' ? 'joined' : 'left'}.`, message.type, message.nick,
          message.ts);
      }
      break;
    case 'presence':
      if (joined && message.room === joined.room) {
        showMembers(message.members);
      }
      break;
    case 'left':
      joined = null;
      wanted = null;
      byId('chat').hidden = true;
      byId('join-form').hidden = false;
      break;
    case 'error':
      if (message.code === 'bad-nick' || message.code === 'bad-room') {
        // The join was refused: do not send it again after a reconnect.
        wanted = joined;
      }
      showError(message);
      break;
    default:
      break;
  }
}

function showRoom(room, nick, members) {
  byId('join-form').hidden = true;
  byId('chat').hidden = false;
  byId('room-name').textContent = room;
  byId('me').textContent = nick;
  byId('error').hidden = true;
  showMembers(members);
  byId('text').focus();
  const url = new URL(location.href);
  url.searchParams.set('room', room);
  history.replaceState(null, '', url);
}

function showMembers(members) {
  const list = byId('members');
  list.replaceChildren(...members.map(nick => {
    const item = document.createElement('li');
    item.dataset.nick = nick;
    item.textContent = nick;
    item.style.color = colourOf(nick);
    if (joined && nick === joined.nick) {
      item.classList.add('me');
      item.textContent = `${nick} (you)`;
    }
    return item;
  }));
  byId('member-count').textContent = String(members.length);
}

function addMessage(message) {
  const item = line('message', message.ts);
  item.dataset.nick = message.nick;
  const nick = document.createElement('span');
  nick.className = 'nick';
  nick.textContent = message.nick;
  nick.style.color = colourOf(message.nick);
  const text = document.createElement('span');
  text.className = 'text';
  text.textContent = message.text;
  item.append(nick, text);
  append(item);
}

function addNotice(text, kind = 'info', nick = null, ts = Date.now()) {
  const item = line(kind, ts);
  if (nick !== null) {
    item.dataset.nick = nick;
  }
  const span = document.createElement('span');
  span.className = 'notice';
  span.textContent = text;
  item.append(span);
  append(item);
}

function line(kind, ts) {
  const item = document.createElement('li');
  item.dataset.kind = kind;
  const time = document.createElement('time');
  time.className = 'meta';
  time.dateTime = new Date(ts).toISOString();
  time.textContent = clockTime(ts);
  item.append(time);
  return item;
}

/** Appends a line, keeping the view at the bottom if it was there, and the list bounded. */
function append(item) {
  const list = byId('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(item);
  while (list.children.length > MAX_LINES) {
    list.firstElementChild.remove();
  }
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
  }
}

function showError(message) {
  const box = byId('error');
  box.textContent = message.message;
  box.dataset.code = message.code;
  box.hidden = false;
}

/** A stable colour per nickname, readable on light and dark backgrounds. */
function colourOf(nick) {
  let hash = 0;
  for (const c of nick) {
    hash = (hash * 31 + c.codePointAt(0)) | 0;
  }
  return `hsl(${Math.abs(hash) % 360} 60% 45%)`;
}

function updateControls(status) {
  const open = status === 'open';
  byId('join').disabled = !open;
  byId('send').disabled = !open;
}

byId('join-form').addEventListener('submit', event => {
  event.preventDefault();
  const room = byId('room').value.trim();
  const nick = byId('nick').value.trim();
  wanted = { room, nick };
  try {
    localStorage.setItem('duplex.chat.nick', nick);
  } catch (e) {
    // Storage may be off: the nickname is just not remembered.
  }
  socket.send({ type: 'join', room, nick });
});

byId('message-form').addEventListener('submit', event => {
  event.preventDefault();
  const input = byId('text');
  if (input.value.trim() !== '' && socket.send({ type: 'say', text: input.value })) {
    input.value = '';
  }
});

byId('leave').addEventListener('click', () => {
  socket.send({ type: 'leave' });
});

const params = new URLSearchParams(location.search);
if (params.get('room')) {
  byId('room').value = params.get('room');
}
try {
  byId('nick').value = localStorage.getItem('duplex.chat.nick') || '';
} catch (e) {
  // No storage: the field stays empty.
}
