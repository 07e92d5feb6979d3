// Signs the person out after 15 minutes without input.
(function () {
  var LIMIT = 15 * 60 * 1000, last = Date.now(), warned = false;
  ['keydown', 'mousemove', 'mousedown', 'touchstart', 'scroll'].forEach(function (name) {
    document.addEventListener(name, function () { last = Date.now(); warned = false; }, { capture: true, passive: true });
  });
  setInterval(function () {
    var idle = Date.now() - last;
    if (idle > LIMIT - 60000 && !warned) { warned = true; document.getElementById('idle-warning').hidden = false; }
    if (idle > LIMIT) {
      var x = new XMLHttpRequest();
      x.open('POST', '/account/logout');
      x.onload = function () { location.href = '/login?reason=idle'; };
      x.send();
    }
  }, 10000);
})();
