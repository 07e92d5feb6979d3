(function(){
  var tip = document.createElement('div');
  tip.className = 'tip'; document.body.appendChild(tip);
  document.addEventListener('mouseover', function(e){
    var t = e.target.closest('[data-tip]');
    if (!t) { tip.style.display = 'none'; return; }
    tip.textContent = t.getAttribute('data-tip'); tip.style.display = 'block';
  });
  document.addEventListener('mousemove', function(e){
    tip.style.left = (e.pageX + 12) + 'px';
    tip.style.top = (e.pageY + 12) + 'px';
  }, true);
  document.addEventListener('keydown', function(e){ if (e.key === 'Escape') tip.style.display = 'none'; });
  document.addEventListener('focusin', function(e){ var t = e.target.closest('[data-tip]'); if (t) { var r = t.getBoundingClientRect(); tip.textContent = t.dataset.tip; tip.style.left = r.left + 'px'; tip.style.top = r.bottom + 'px'; } });
})();
