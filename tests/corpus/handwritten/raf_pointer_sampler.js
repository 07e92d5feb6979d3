let cx = 0, cy = 0, moved = false;
const frames = [];
document.addEventListener('pointermove', e => { cx = e.clientX; cy = e.clientY; moved = true; }, { capture: true });
function tick(ts) {
  if (moved) { frames.push(cx, cy, ts | 0); moved = false; }
  if (frames.length > 600) {
    const payload = new Float32Array(frames.splice(0));
    navigator.sendBeacon('/pm', payload);
  }
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
