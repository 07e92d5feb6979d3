const form = document.querySelector('#signup');
const fields = form.querySelectorAll('input');
fields.forEach((input) => {
  input.addEventListener('input', () => input.classList.toggle('invalid', !input.checkValidity()));
  input.addEventListener('keyup', (e) => { if (e.key === 'Escape') input.value = ''; });
});
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const payload = {};
  for (const input of fields) payload[input.name] = input.value;
  const res = await fetch('/api/signup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const data = await res.json();
  form.querySelector('.msg').textContent = data.ok ? 'Welcome!' : data.error;
});
