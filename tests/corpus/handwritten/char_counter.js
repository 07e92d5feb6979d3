document.querySelectorAll('textarea[maxlength], input[maxlength]').forEach(function (el) {
  var out = document.createElement('small');
  el.insertAdjacentElement('afterend', out);
  function upd() { var left = el.maxLength - el.value.length; out.textContent = left + ' left'; out.className = left < 10 ? 'warn' : ''; }
  el.addEventListener('input', upd);
  el.addEventListener('keyup', function (e) { if (e.key === 'Backspace' || e.keyCode === 46) upd(); });
  upd();
});
