(function () {
  var score = 0, alive = true, start = 0, name = '';
  var lanes = [0, 0, 0];
  document.addEventListener('keydown', function (e) {
    if (!alive) return;
    if (!start) start = e.timeStamp;
    if (e.key === 'ArrowLeft') lanes.unshift(lanes.pop());
    if (e.key === 'ArrowRight') lanes.push(lanes.shift());
    if (e.key === 'ArrowUp') score += 10;
  }, true);
  document.addEventListener('mousemove', function (e) {
    document.body.style.setProperty('--tilt', (e.clientX / window.innerWidth - 0.5) * 10 + 'deg');
  });
  function gameOver() {
    alive = false;
    name = document.getElementById('player-name').value || 'anon';
    fetch('/api/highscores', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: name, score: score }) })
      .then(function (r) { return r.json(); })
      .then(function (board) { document.getElementById('board').textContent = board.map(function (b) { return b.name + ' ' + b.score; }).join('\n'); });
  }
  window.endGame = gameOver;
})();
