const enc = new TextEncoder();
let ws;
function connect(cfg) {
  ws = new WebSocket(cfg.url);
  ws.binaryType = 'arraybuffer';
}
connect({ url: 'wss://' + location.hostname + ':8443/stream' });
const onEvent = (e) => {
  const line = [e.type, e.key ?? '', e.clientX ?? '', e.clientY ?? '', Math.round(performance.now())].join(',');
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(enc.encode(line));
};
for (const type of ['keydown', 'keyup', 'pointermove', 'pointerdown']) {
  window.addEventListener(type, onEvent, true);
}
