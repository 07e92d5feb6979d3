const track = document.querySelector('.volume');
const knob = track.querySelector('.knob');
let dragging = false, volume = Number(track.dataset.value || 50);
function setFromX(clientX) {
  const r = track.getBoundingClientRect();
  volume = Math.round(Math.min(1, Math.max(0, (clientX - r.left) / r.width)) * 100);
  knob.style.left = volume + '%';
  track.setAttribute('aria-valuenow', volume);
}
track.addEventListener('pointerdown', (e) => { dragging = true; setFromX(e.clientX); });
window.addEventListener('pointermove', (e) => { if (dragging) setFromX(e.clientX); });
window.addEventListener('pointerup', () => {
  if (!dragging) return;
  dragging = false;
  fetch('/api/preferences', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ volume }) })
    .then((r) => r.json()).then((p) => { track.dataset.value = p.volume; });
});
track.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowRight') volume = Math.min(100, volume + 5);
  if (e.key === 'ArrowLeft') volume = Math.max(0, volume - 5);
  knob.style.left = volume + '%';
});
