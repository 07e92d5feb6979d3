// Search suggestions: asks the site's own search API as the person types.
(function () {
  var box = document.getElementById('q');
  var list = document.getElementById('suggest');
  var timer = null, active = -1, lastQuery = '';
  box.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (q.length < 2 || q === lastQuery) return;
      lastQuery = q;
      fetch('/search/suggest?q=' + encodeURIComponent(q))
        .then(function (r) { return r.json(); })
        .then(function (items) {
          list.innerHTML = items.map(function (it) { return '<li>' + it.title + '</li>'; }).join('');
          active = -1;
        });
    }, 150);
  });
  box.addEventListener('keydown', function (e) {
    var n = list.children.length;
    if (e.key === 'ArrowDown') active = (active + 1) % n;
    else if (e.key === 'ArrowUp') active = (active - 1 + n) % n;
    else if (e.key === 'Enter' && active >= 0) { box.value = list.children[active].textContent; list.innerHTML = ''; }
    for (var i = 0; i < n; i++) list.children[i].classList.toggle('on', i === active);
  });
})();
