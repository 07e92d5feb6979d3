// Tiny hotkey binder: "ctrl+k", "g i", "?" ...
(function (global) {
  var map = {}, seq = [], seqTimer = 0;
  function norm(e) {
    var parts = [];
    if (e.ctrlKey) parts.push('ctrl');
    if (e.altKey) parts.push('alt');
    if (e.shiftKey && e.key.length > 1) parts.push('shift');
    if (e.metaKey) parts.push('meta');
    parts.push((e.key || String.fromCharCode(e.which || e.keyCode)).toLowerCase());
    return parts.join('+');
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    var combo = norm(e);
    seq.push(combo);
    clearTimeout(seqTimer);
    seqTimer = setTimeout(function () { seq = []; }, 800);
    var hit = map[seq.join(' ')] || map[combo];
    if (hit) { e.preventDefault(); seq = []; hit.call(null, e, combo); }
  }, true);
  global.hotkeys = { bind: function (k, fn) { map[k] = fn; }, unbind: function (k) { delete map[k]; } };
})(window);
