const text = document.querySelector('#passage').textContent;
let pos = 0, errors = 0, startedAt = 0;
const times = [];
document.addEventListener('keydown', (e) => {
  if (e.key.length !== 1) return;
  if (!startedAt) startedAt = e.timeStamp;
  times.push(e.timeStamp);
  if (e.key === text[pos]) pos++; else errors++;
  const minutes = (e.timeStamp - startedAt) / 60000;
  document.querySelector('#wpm').textContent = minutes > 0 ? Math.round(pos / 5 / minutes) : 0;
  document.querySelector('#acc').textContent = Math.round(100 * pos / (pos + errors)) + '%';
  if (pos === text.length) document.querySelector('#done').hidden = false;
}, true);
