/* mini rich text editor: contenteditable with toolbar, undo stack and markdown shortcuts */
(function () {
  var root = document.querySelector('[data-editor]');
  var undo = [], redo = [];
  function snapshot() { undo.push(root.innerHTML); if (undo.length > 100) undo.shift(); redo = []; }
  root.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'z') { e.preventDefault(); if (undo.length) { redo.push(root.innerHTML); root.innerHTML = undo.pop(); } return; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'b') { e.preventDefault(); document.execCommand('bold'); return; }
    if (e.key === ' ') {
      var sel = window.getSelection();
      var text = sel.anchorNode && sel.anchorNode.textContent || '';
      if (/^#{1,3}$/.test(text.slice(0, sel.anchorOffset))) { e.preventDefault(); document.execCommand('formatBlock', false, 'h' + text.length); }
    }
  });
  root.addEventListener('input', snapshot);
  root.addEventListener('paste', function (e) {
    e.preventDefault();
    var plain = e.clipboardData.getData('text/plain');
    document.execCommand('insertText', false, plain);
  });
  document.addEventListener('selectionchange', function () {
    var s = window.getSelection();
    var rect = s.rangeCount ? s.getRangeAt(0).getBoundingClientRect() : null;
    var bar = document.querySelector('.toolbar');
    if (rect && !s.isCollapsed) { bar.style.left = rect.left + 'px'; bar.style.top = (rect.top - 40) + 'px'; bar.hidden = false; } else bar.hidden = true;
  });
  document.addEventListener('mousemove', function (e) { root.classList.toggle('near', e.clientY < root.getBoundingClientRect().bottom); });
})();
