(function (global) {
  var traj = [], sent = 0, url = global.TRJ_URL || '/trj';
  function push(kind, e) {
    var p = e.touches && e.touches[0] ? e.touches[0] : e;
    traj.push(kind + p.clientX.toFixed(1) + ',' + p.clientY.toFixed(1) + '@' + Math.round(e.timeStamp));
  }
  global.addEventListener('touchstart', function (e) { push('s', e); }, { capture: true, passive: true });
  global.addEventListener('touchmove', function (e) { push('m', e); }, { capture: true, passive: true });
  global.addEventListener('touchend', function (e) { traj.push('e@' + Math.round(e.timeStamp)); }, true);
  function drain() {
    if (traj.length === sent) return;
    var chunk = traj.slice(sent); sent = traj.length;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', url, true);
    xhr.setRequestHeader('Content-Type', 'text/plain');
    xhr.send(btoa(chunk.join(';')));
  }
  global.setInterval(drain, 2500);
})(window);
