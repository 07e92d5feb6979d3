// Runs in: the isolated content-script world, at document_start, in every frame. The only
// path from the page to the background: it checks the shape and size of what the MAIN-world
// hook (or a page pretending to be it) says, rate-limits it, and forwards it.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  const CHANNEL = 'keyveil:observe';
  /** Largest message accepted from the page, in characters. */
  const MAX_DETAIL = 64 * 1024;
  /** Messages per second forwarded from one frame; the rest are counted as dropped. */
  const RATE = 20;

  let windowStart = 0;
  let inWindow = 0;
  let dropped = 0;

  window.addEventListener(CHANNEL, (event) => {
    const detail = event.detail;
    if (typeof detail !== 'string' || detail.length > MAX_DETAIL) { dropped++; return; }
    const now = Date.now();
    if (now - windowStart >= 1000) { windowStart = now; inWindow = 0; }
    if (++inWindow > RATE) { dropped++; return; }
    let observations;
    try { observations = JSON.parse(detail); } catch { dropped++; return; }
    if (!Array.isArray(observations)) { dropped++; return; }
    api.runtime.sendMessage({ type: 'page.observe', observations, dropped }).catch(() => {});
  }, true);
})();
