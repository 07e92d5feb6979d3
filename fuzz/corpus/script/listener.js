// A hand-written hotkey helper: listens to keys on document, reads them, sends nothing.
var bindings = {};
document.addEventListener("keydown", function (e) {
  var combo = (e.ctrlKey ? "ctrl+" : "") + e.key.toLowerCase();
  if (bindings[combo] && e.keyCode !== 229) { e.preventDefault(); bindings[combo](e); }
}, true);
export function bind(combo, fn) { bindings[combo] = fn; }
