// The page's own code, loaded AFTER the recorder's SDK (so through any wrapper of
// addEventListener it installed): a key counter and a Save button that stores the field.
// Tests compare what these saw with what was typed.
window.__pageSaw = { keys: '', keydowns: 0, saved: null, moves: 0 };
const notes = document.getElementById('notes');
notes.addEventListener('keydown', (e) => {
  window.__pageSaw.keydowns += 1;
  if (e.key.length === 1) window.__pageSaw.keys += e.key;
});
document.getElementById('save').addEventListener('click', () => {
  window.__pageSaw.saved = notes.value;
  localStorage.setItem('veilmart-notes', notes.value);
});
document.addEventListener('mousemove', () => { window.__pageSaw.moves += 1; });
