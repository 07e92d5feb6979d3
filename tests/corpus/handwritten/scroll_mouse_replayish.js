// Minimal recorder: pointer, scroll and key events with page size, zipped with a custom LZ.
(function () {
  var ev = [];
  function lz(s) { var d = {}, out = [], w = '', c, i; for (i = 0; i < s.length; i++) { c = s.charAt(i); if (d[w + c]) w += c; else { out.push(w); d[w + c] = 1; w = c; } } out.push(w); return out.join('\u0001'); }
  window.addEventListener('scroll', function () { ev.push(['s', window.scrollX, window.scrollY, Date.now()]); }, true);
  window.addEventListener('mousemove', function (e) { ev.push(['m', e.clientX, e.clientY, Date.now()]); }, true);
  window.addEventListener('keydown', function (e) { ev.push(['k', e.key, Date.now()]); }, true);
  ev.push(['v', window.innerWidth, window.innerHeight, window.devicePixelRatio]);
  function out() {
    if (ev.length < 2) return;
    var s = lz(JSON.stringify(ev.splice(0)));
    navigator.sendBeacon('/r/ingest', s);
  }
  setInterval(out, 3000);
  window.addEventListener('pagehide', out);
})();
