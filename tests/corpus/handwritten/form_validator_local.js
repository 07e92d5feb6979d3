// Client-side validation only: the form posts itself the normal way.
document.querySelectorAll('form[data-validate]').forEach(function (form) {
  var rules = {
    email: function (v) { return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v) || 'Enter a valid e-mail'; },
    phone: function (v) { return /^[+0-9 ()-]{7,}$/.test(v) || 'Enter a phone number'; },
    required: function (v) { return v.trim().length > 0 || 'Required'; }
  };
  function check(input) {
    var kinds = (input.dataset.rules || '').split(' ').filter(Boolean);
    for (var i = 0; i < kinds.length; i++) {
      var res = rules[kinds[i]](input.value);
      if (res !== true) { input.setCustomValidity(res); input.nextElementSibling.textContent = res; return false; }
    }
    input.setCustomValidity(''); input.nextElementSibling.textContent = '';
    return true;
  }
  form.addEventListener('input', function (e) { if (e.target.matches('input, textarea')) check(e.target); });
  form.addEventListener('blur', function (e) { if (e.target.matches('input, textarea')) check(e.target); }, true);
  form.addEventListener('keydown', function (e) { if (e.key === 'Enter' && e.target.tagName === 'INPUT') { e.preventDefault(); } });
  form.addEventListener('submit', function (e) {
    var ok = true;
    form.querySelectorAll('input, textarea').forEach(function (i) { ok = check(i) && ok; });
    if (!ok) e.preventDefault();
  });
});
