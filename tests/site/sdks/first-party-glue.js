// The site's own glue, bundled after rrweb in one hashed file: it records the page and ships
// gzip-compressed batches to its own origin, as a self-hosted replay stack does. Nothing in
// the file names a vendor; only what it does (listen, serialise, ship) says what it is.
(function () {
  var queue = [];
  rrweb.record({ emit: function (e) { queue.push(e); } });
  function gzip(text) {
    var stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Response(stream).arrayBuffer();
  }
  setInterval(function () {
    if (!queue.length) return;
    var batch = queue; queue = [];
    gzip(JSON.stringify({ v: 2, e: batch })).then(function (body) {
      fetch('/api/events', { method: 'POST', body: body, headers: { 'content-type': 'application/octet-stream' } });
    });
  }, 500);
})();
