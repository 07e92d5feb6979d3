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

// `?early`: the person types while the page is still loading (EARLY, not in the URL, which
// recorders send anyway), into the field that has
// the focus: the first half at DOMContentLoaded, the rest 150 ms later while an image holds
// the load open. Typed as a browser types: a key event, then the editing command (which fires
// the field's own `beforeinput` and `input` events and calls no page setter).
const early = new URLSearchParams(location.search).has('early') ? 'Walrus harbour 86' : null;
if (early) {
  const img = document.createElement('img');
  img.src = '/sdks/slow.gif';
  img.alt = '';
  document.body.appendChild(img);
  const typeInto = (text) => {
    notes.focus();
    for (const ch of text) {
      notes.dispatchEvent(new KeyboardEvent('keydown', { key: ch, code: /[a-z]/i.test(ch) ? `Key${ch.toUpperCase()}` : '', bubbles: true }));
      document.execCommand('insertText', false, ch);
      notes.dispatchEvent(new KeyboardEvent('keyup', { key: ch, bubbles: true }));
    }
  };
  const half = Math.ceil(early.length / 2);
  document.addEventListener('DOMContentLoaded', () => {
    typeInto(early.slice(0, half));
    setTimeout(() => typeInto(early.slice(half)), 150);
  });
}
