export function carousel(el) {
  let x0 = null, t0 = 0, idx = 0;
  const n = el.children.length;
  const go = (i) => { idx = Math.max(0, Math.min(n - 1, i)); el.style.transform = `translateX(${-idx * 100}%)`; };
  el.addEventListener('touchstart', (e) => { x0 = e.touches[0].clientX; t0 = e.timeStamp; }, { passive: true });
  el.addEventListener('touchmove', (e) => { if (x0 !== null) el.style.transform = `translateX(calc(${-idx * 100}% + ${e.touches[0].clientX - x0}px))`; }, { passive: true });
  el.addEventListener('touchend', (e) => {
    const dx = e.changedTouches[0].clientX - x0, fast = e.timeStamp - t0 < 250;
    if (Math.abs(dx) > 50 || fast) go(idx + (dx < 0 ? 1 : -1)); else go(idx);
    x0 = null;
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'ArrowLeft') go(idx - 1); if (e.key === 'ArrowRight') go(idx + 1); });
  return { go };
}
