(function(){
  var max = 0, marks = [25, 50, 75, 100], sent = {};
  function depth(){ var h = document.documentElement.scrollHeight - window.innerHeight; return h > 0 ? Math.round(window.scrollY / h * 100) : 100; }
  window.addEventListener('scroll', function(){
    max = Math.max(max, depth());
    marks.forEach(function(m){
      if (max >= m && !sent[m]) { sent[m] = 1; navigator.sendBeacon('/a/depth', 'p=' + encodeURIComponent(location.pathname) + '&d=' + m); }
    });
  }, { passive: true });
  document.addEventListener('keydown', function(e){ if (e.key === 'PageDown' || e.key === ' ') max = Math.max(max, depth()); });
})();
