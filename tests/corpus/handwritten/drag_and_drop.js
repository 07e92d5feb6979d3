(function () {
  var dragging = null, offX = 0, offY = 0, startT = 0;
  document.addEventListener('pointerdown', function (e) {
    var el = e.target.closest('.draggable');
    if (!el) return;
    dragging = el; startT = e.timeStamp;
    var r = el.getBoundingClientRect();
    offX = e.clientX - r.left; offY = e.clientY - r.top;
    el.setPointerCapture(e.pointerId);
  }, true);
  document.addEventListener('pointermove', function (e) {
    if (!dragging) return;
    dragging.style.transform = 'translate(' + (e.pageX - offX) + 'px,' + (e.pageY - offY) + 'px)';
  }, true);
  document.addEventListener('pointerup', function (e) {
    if (!dragging) return;
    var quick = e.timeStamp - startT < 200;
    dragging.classList.toggle('flicked', quick);
    dragging = null;
  }, true);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && dragging) { dragging.style.transform = ''; dragging = null; } });
})();
