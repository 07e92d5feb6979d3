// A hand-written recorder: counts keys in the capture phase, and every 100 ms reads each
// field's value (not from any event) and ships what changed to its own path as JSON.
(function () {
  var state = { keys: 0, values: {} };
  window.__polled = state.values;
  document.addEventListener('keydown', function () { state.keys++; }, true);
  document.addEventListener('input', function () { state.dirty = true; }, true);
  var last = '';
  setInterval(function () {
    var fields = document.querySelectorAll('input, textarea');
    for (var i = 0; i < fields.length; i++) state.values[fields[i].id] = fields[i].value;
    var payload = JSON.stringify({ t: Date.now(), k: state.keys, v: state.values });
    if (payload === last) return;
    last = payload;
    fetch('/api/poll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, keepalive: true });
  }, 100);
})();
