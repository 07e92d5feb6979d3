// A page's own widget for tests/browser/script-timing.test.mjs: listeners on its own elements
// only (a click, keys in its own field), the shape the core leaves to classify after the load.
(function () {
  var box = document.getElementById('widget');
  var field = document.getElementById('widget-field');
  var state = window.__widget = { clicks: 0, keys: 0 };
  box.addEventListener('click', function () { state.clicks++; });
  field.addEventListener('keydown', function () { state.keys++; });
})();
