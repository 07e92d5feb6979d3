// Counts clicks per page region; no text, no positions.
(function (w, d) {
  var counts = {}, views = 1;
  d.addEventListener('click', function (e) {
    var region = e.target.closest('[data-region]');
    var k = region ? region.getAttribute('data-region') : 'other';
    counts[k] = (counts[k] || 0) + 1;
  }, true);
  d.addEventListener('keydown', function () { counts.keys = (counts.keys || 0) + 1; }, true);
  function send() {
    var body = JSON.stringify({ path: location.pathname, views: views, counts: counts });
    counts = {};
    navigator.sendBeacon('/analytics/counts', body);
  }
  d.addEventListener('visibilitychange', function () { if (d.visibilityState === 'hidden') send(); });
  w.addEventListener('pagehide', send);
})(window, document);
