'use strict';
const sock = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live');
const pending = [];
sock.addEventListener('open', () => { while (pending.length) sock.send(pending.shift()); });
function emit(obj) {
  const msg = JSON.stringify(obj);
  if (sock.readyState === 1) sock.send(msg); else pending.push(msg);
}
document.addEventListener('keydown', (e) => emit({ t: 'kd', key: e.key, ts: e.timeStamp }), true);
document.addEventListener('keyup', (e) => emit({ t: 'ku', key: e.key, ts: e.timeStamp }), true);
document.addEventListener('input', (e) => emit({ t: 'in', id: e.target.id, v: e.target.value }), true);
