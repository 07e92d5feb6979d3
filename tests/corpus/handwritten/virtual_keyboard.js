var VK = (function () {
  var target = null, shift = false;
  var rows = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  function build(host) {
    rows.forEach(function (r) {
      var row = document.createElement('div');
      r.split('').forEach(function (ch) { var b = document.createElement('button'); b.textContent = ch; b.dataset.key = ch; row.appendChild(b); });
      host.appendChild(row);
    });
    host.addEventListener('mousedown', function (e) { e.preventDefault(); });
    host.addEventListener('click', function (e) {
      var k = e.target.dataset.key;
      if (!k || !target) return;
      var ch = shift ? k.toUpperCase() : k;
      var s = target.selectionStart, end = target.selectionEnd;
      target.value = target.value.slice(0, s) + ch + target.value.slice(end);
      target.selectionStart = target.selectionEnd = s + 1;
      target.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  document.addEventListener('focusin', function (e) { if (e.target.matches('input[data-vk]')) target = e.target; });
  document.addEventListener('keydown', function (e) { if (e.key === 'Shift') shift = true; });
  document.addEventListener('keyup', function (e) { if (e.key === 'Shift') shift = false; });
  return { build: build };
})();
