// The bridge's body (built into content/bridge.js by tools/content-scripts.mjs, after channel.js).
  const api = globalThis.browser ?? globalThis.chrome;
  const SINK_NAMES = new Set(SINKS);
  /** Largest check accepted from the page, in characters (a 192 KiB body in base64, and more). */
  const MAX_CHECK = 320 * 1024;
  /** Checks per second forwarded from one frame at once; the rest wait their turn, in order. */
  const CHECK_RATE = 100;
  /** Checks waiting beyond the rate; past this a page flooding us has its sends stopped. */
  const MAX_CHECK_QUEUE = 1000;
  /** Largest message accepted from the page, in characters. */
  const MAX_DETAIL = 256 * 1024;
  /** Messages per second forwarded from one frame; the rest are counted as dropped. */
  const RATE = 20;
  /** Fields whose latest value is kept for leak checks. */
  const MAX_FIELDS = 16;
  /** Longest time typed values wait before they go to the background. */
  const VALUES_DEBOUNCE_MS = 100;
  let valuesTimer = null;

  let windowStart = 0;
  let inWindow = 0;
  let dropped = 0;
  /** Events the page dispatched to look like ours (old channel on window, a second hello). */
  let forged = 0;
  let countsTimer = null;

  // --- values typed into fields, latest per field ---
  const values = new Map(); // element -> { field, value }
  function describe(el) {
    const cut = (s) => String(s ?? '').slice(0, 128);
    return { tag: el.localName, type: cut(el.type), name: cut(el.name), id: cut(el.id), autocomplete: cut(el.autocomplete) };
  }
  function remember(event) {
    const el = event.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
    values.delete(el);
    if (el.value) values.set(el, { field: describe(el), value: el.value });
    while (values.size > MAX_FIELDS) values.delete(values.keys().next().value);
    // The background checks every outgoing request against these; send them before the page
    // can send them anywhere else, debounced so a burst of keys is one message.
    // A `change` (the field is done) goes at once: scripts that hash a field send on change.
    // At most VALUES_DEBOUNCE_MS after the first change not yet sent, even while the person
    // keeps typing: a logger's first batch is checked against what was typed by then.
    if (event.type === 'change') sendValues();
    else if (valuesTimer === null) valuesTimer = setTimeout(sendValues, VALUES_DEBOUNCE_MS);
  }
  function sendValues() {
    clearTimeout(valuesTimer);
    valuesTimer = null;
    api.runtime.sendMessage({ type: 'page.values', values: [...values.values()] }).catch(() => {});
  }
  document.addEventListener('input', remember, true);
  document.addEventListener('change', remember, true);

  // --- the private channel: a node in no document that only the hook and the bridge hold ---
  let channel = null;
  let waiting = null; // a policy that came before the channel did
  function onHookHello(event) {
    const node = event.relatedTarget;
    if (channel || !node || typeof node.addEventListener !== 'function') { forged++; countsSoon(); return; }
    channel = node;
    channel.addEventListener(OUT, onObservations);
    channel.addEventListener(CHECK, onCheck);
    channel.dispatchEvent(new CustomEvent(READY));
    if (waiting !== null) toHook(waiting);
  }
  window.addEventListener(HOOK_HELLO, onHookHello, true);
  // The old channel was window itself: whatever arrives there now is the page's own doing.
  window.addEventListener(OUT, () => { forged++; countsSoon(); }, true);
  window.addEventListener(IN, () => { forged++; countsSoon(); }, true);
  window.dispatchEvent(new CustomEvent(BRIDGE_HELLO));

  // --- policy in: from the background to the hook ---
  function toHook(payload) {
    if (!channel) { waiting = payload; return; }
    waiting = null;
    channel.dispatchEvent(new CustomEvent(IN, { detail: JSON.stringify(payload) }));
  }
  api.runtime.onMessage.addListener((msg, sender) => {
    if (sender.id !== api.runtime.id || sender.tab) return; // only the background speaks here
    if (msg?.type === 'policy' && msg.payload) toHook(msg.payload);
  });
  api.runtime.sendMessage({ type: 'page.hello', url: location.href })
    .then((answer) => { if (answer?.result) toHook(answer.result); })
    .catch(() => {});

  // --- observations out: from the hook to the background ---
  function send(observations) {
    api.runtime.sendMessage({ type: 'page.observe', url: location.href, observations, dropped, forged }).catch(() => {});
  }
  /** The counts alone, a second after a drop or a forgery, so a flood that ends is still told. */
  function countsSoon() {
    if (countsTimer !== null) return;
    countsTimer = setTimeout(() => { countsTimer = null; send([]); }, 1000);
  }
  // --- held payloads: to the background for the core's word, and the word back ---
  let checkWindow = 0;
  let checksInWindow = 0;
  const checkQueue = [];
  let checkTimer = null;
  function decided(id, action, replacement, url) {
    const d = { id, action };
    if (typeof replacement === 'string') d.replacement = replacement;
    if (typeof url === 'string') d.url = url;
    channel.dispatchEvent(new CustomEvent(DECIDED, { detail: JSON.stringify(d) }));
  }
  function forward(c) {
    // A payload is judged against what was typed until now: values still waiting for their
    // debounce go first (messages from one page arrive in the order sent).
    if (valuesTimer !== null) sendValues();
    api.runtime.sendMessage({ type: 'page.check', ...c })
      .then((answer) => decided(c.id, answer?.result?.action ?? 'allow', answer?.result?.replacement, answer?.result?.url), () => decided(c.id, 'allow'));
  }
  function drainChecks() {
    checkTimer = null;
    const now = Date.now();
    if (now - checkWindow >= 1000) { checkWindow = now; checksInWindow = 0; }
    while (checkQueue.length && checksInWindow < CHECK_RATE) { checksInWindow++; forward(checkQueue.shift()); }
    if (checkQueue.length) checkTimer = setTimeout(drainChecks, checkWindow + 1000 - now);
  }
  function onCheck(event) {
    const detail = event.detail;
    let c;
    try { c = typeof detail === 'string' && detail.length <= MAX_CHECK ? JSON.parse(detail) : null; } catch { c = null; }
    if (!c || !Number.isSafeInteger(c.id)) { forged++; countsSoon(); return; }
    const clean = {
      id: c.id,
      sink: SINK_NAMES.has(c.sink) ? c.sink : 'fetch',
      url: typeof c.url === 'string' ? c.url.slice(0, 8192) : '',
      script: typeof c.script === 'string' ? c.script.slice(0, 2048) : '',
    };
    if (typeof c.b64 === 'string') clean.b64 = c.b64; else clean.body = typeof c.body === 'string' ? c.body : '';
    if (checkQueue.length >= MAX_CHECK_QUEUE) { dropped++; countsSoon(); decided(c.id, 'block'); return; }
    checkQueue.push(clean);
    if (checkTimer === null) drainChecks();
  }

  function onObservations(event) {
    const detail = event.detail;
    const drop = () => { dropped++; countsSoon(); };
    if (typeof detail !== 'string' || detail.length > MAX_DETAIL) { drop(); return; }
    const now = Date.now();
    if (now - windowStart >= 1000) { windowStart = now; inWindow = 0; }
    if (++inWindow > RATE) { drop(); return; }
    let observations;
    try { observations = JSON.parse(detail); } catch { drop(); return; }
    if (!Array.isArray(observations)) { drop(); return; }
    send(observations);
  }
