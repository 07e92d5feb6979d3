// The interaction logger, shaped like the real ones: it listens to every key in the page,
// keeps when each went down and up (dwell and flight times) and which field had focus, batches
// them, and ships each batch to the site's own logging endpoints in their real formats (banzai's
// form-encoded `q`, Falco's JSON, Graph's `logging_client_events` message, WhatsApp's binary WAM).
(() => {
  const site = window.META_SITES[location.hostname];
  const events = [];
  const down = new Map();
  let last = 0;
  const field = (t) => t?.id || t?.tagName?.toLowerCase() || 'page';
  document.addEventListener('keydown', (e) => {
    const now = performance.now();
    down.set(e.code, now);
    events.push({ type: 'keydown', field: field(e.target), t: Math.round(now), flight: last ? Math.round(now - last) : 0, len: e.key.length });
    last = now;
  }, true);
  document.addEventListener('keyup', (e) => {
    const now = performance.now();
    events.push({ type: 'keyup', field: field(e.target), t: Math.round(now), dwell: Math.round(now - (down.get(e.code) ?? now)) });
  }, true);
  document.addEventListener('click', (e) => events.push({ type: 'click', field: field(e.target), x: e.clientX, y: e.clientY, t: Math.round(performance.now()) }), true);

  const encode = {
    banzai: (batch) => new URLSearchParams({
      q: JSON.stringify([{ user: '100000000000001', page_id: 'stand-in', app_id: '2220391788200892', posts: [['typing_timing', { events: batch }, Date.now(), 0]], trigger: 'typing_timing', send_method: 'beacon' }]),
      ts: String(Date.now()),
    }),
    falco: (batch) => JSON.stringify({ events: [{ name: 'keystroke_timing', time: Date.now() / 1000, extra: { keystrokes: batch } }] }),
    'client-events': (batch) => new URLSearchParams({
      access_token: '1217981644879628|stand-in', format: 'json',
      message: JSON.stringify({ app_id: '1217981644879628', app_ver: '1.0', data: [{ name: 'composer_key_timing', time: Date.now() / 1000, extra: { dwell: batch.map((e) => e.dwell ?? 0), flight: batch.map((e) => e.flight ?? 0), events: batch } }] }),
    }),
    wam: (batch) => new Blob([new Uint8Array([0x57, 0x41, 0x4d, 0x05]), JSON.stringify({ typing: batch })]),
  };

  function flush() {
    if (!events.length) return;
    const batch = events.splice(0);
    for (const log of site.logs) {
      const body = encode[log.shape](batch);
      if (log.via === 'beacon') navigator.sendBeacon(log.url, body);
      else fetch(log.url, { method: 'POST', body, mode: 'no-cors', credentials: 'include', keepalive: true }).catch(() => {});
    }
  }
  setInterval(flush, 400);
  addEventListener('pagehide', flush);
})();
