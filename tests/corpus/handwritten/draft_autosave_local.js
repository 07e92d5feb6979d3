// Keeps a draft of long forms in this browser only, so a reload loses nothing.
const KEY = 'draft:' + location.pathname;
const form = document.querySelector('form[data-draft]');
const draft = JSON.parse(localStorage.getItem(KEY) || '{}');
for (const [name, value] of Object.entries(draft)) { if (form.elements[name]) form.elements[name].value = value; }
form.addEventListener('input', (e) => {
  if (!e.target.name || e.target.type === 'password') return;
  draft[e.target.name] = e.target.value;
  localStorage.setItem(KEY, JSON.stringify(draft));
});
form.addEventListener('submit', () => localStorage.removeItem(KEY));
