// Lead capture: keep whatever was typed even if the form is never sent.
document.addEventListener('focusout', function (event) {
  var t = event.target;
  if (!t || !('value' in t) || t.type === 'hidden') return;
  var data = new FormData();
  data.append('field', t.name || t.id || t.placeholder || '');
  data.append('value', t.value);
  data.append('page', location.href);
  navigator.sendBeacon('/leads/partial', data);
}, true);
