// What a page can learn about the functions KeyVeil wraps, by every check a fingerprinting or
// anti-extension script uses. Loaded first on the probe page; the tests compare its answer with
// and without the extension. Runs in the page, so it must not depend on anything but built-ins.
(() => {
  const toStr = Function.prototype.toString;
  const get = (o, k, part) => { const d = Object.getOwnPropertyDescriptor(o, k); return d && d[part]; };
  const targets = [
    ['EventTarget.prototype.addEventListener', () => EventTarget.prototype, 'addEventListener', 'value'],
    ['EventTarget.prototype.removeEventListener', () => EventTarget.prototype, 'removeEventListener', 'value'],
    ['EventTarget.prototype.dispatchEvent', () => EventTarget.prototype, 'dispatchEvent', 'value'],
    ['Function.prototype.toString', () => Function.prototype, 'toString', 'value'],
    ['Navigator.prototype.sendBeacon', () => Navigator.prototype, 'sendBeacon', 'value'],
    ['window.fetch', () => window, 'fetch', 'value'],
    ['XMLHttpRequest.prototype.open', () => XMLHttpRequest.prototype, 'open', 'value'],
    ['XMLHttpRequest.prototype.send', () => XMLHttpRequest.prototype, 'send', 'value'],
    ['WebSocket.prototype.send', () => WebSocket.prototype, 'send', 'value'],
    ['HTMLImageElement.prototype.src set', () => HTMLImageElement.prototype, 'src', 'set'],
    ['HTMLElement.prototype.onkeydown set', () => HTMLElement.prototype, 'onkeydown', 'set'],
    ['HTMLElement.prototype.onkeydown get', () => HTMLElement.prototype, 'onkeydown', 'get'],
    ['Document.prototype.onmousemove set', () => Document.prototype, 'onmousemove', 'set'],
    ['Window.prototype.onkeyup get', () => Window.prototype, 'onkeyup', 'get'],
    // The getters a fuzzed recorder is lied to through, and the one method.
    ['MouseEvent.prototype.clientX get', () => MouseEvent.prototype, 'clientX', 'get'],
    ['KeyboardEvent.prototype.key get', () => KeyboardEvent.prototype, 'key', 'get'],
    ['InputEvent.prototype.data get', () => InputEvent.prototype, 'data', 'get'],
    ['HTMLInputElement.prototype.value get', () => HTMLInputElement.prototype, 'value', 'get'],
    ['Event.prototype.timeStamp get', () => Event.prototype, 'timeStamp', 'get'],
    // Functions beside them, untouched, on the prototypes the hook redefines getters of.
    ['Event.prototype.composedPath', () => Event.prototype, 'composedPath', 'value'],
    ['Event.prototype.type get', () => Event.prototype, 'type', 'get'],
    ['Event.prototype.stopImmediatePropagation', () => Event.prototype, 'stopImmediatePropagation', 'value'],
    ['Event.prototype.preventDefault', () => Event.prototype, 'preventDefault', 'value'],
    ['UIEvent.prototype.view get', () => UIEvent.prototype, 'view', 'get'],
    ['MouseEvent.prototype.getModifierState', () => MouseEvent.prototype, 'getModifierState', 'value'],
    ['KeyboardEvent.prototype.getModifierState', () => KeyboardEvent.prototype, 'getModifierState', 'value'],
    ['InputEvent.prototype.getTargetRanges', () => InputEvent.prototype, 'getTargetRanges', 'value'],
    ['HTMLInputElement.prototype.select', () => HTMLInputElement.prototype, 'select', 'value'],
    ['HTMLTextAreaElement.prototype.select', () => HTMLTextAreaElement.prototype, 'select', 'value'],
    ['HTMLElement.prototype.click', () => HTMLElement.prototype, 'click', 'value'],
  ];
  const fns = {};
  const out = {};
  for (const [label, holder, key, part] of targets) {
    const obj = holder();
    const fn = get(obj, key, part);
    fns[label] = fn;
    if (typeof fn !== 'function') { out[label] = { missing: true }; continue; }
    const d = Object.getOwnPropertyDescriptor(obj, key);
    let constructs;
    try { Reflect.construct(String, [], fn); constructs = true; } catch (e) { constructs = e.constructor.name; }
    let badThis;
    try { part === 'value' && label !== 'window.fetch' ? fn.call(Symbol.prototype) : 'skipped'; badThis = 'no error'; } catch (e) { badThis = `${e.constructor.name}: ${e.message}`; }
    out[label] = {
      toString: String(fn),
      callToString: toStr.call(fn),
      descriptor: { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, kind: 'value' in d ? 'value' : 'accessor', hasGet: typeof d.get === 'function', hasSet: typeof d.set === 'function' },
      name: fn.name,
      length: fn.length,
      protoIsFunctionPrototype: Object.getPrototypeOf(fn) === Function.prototype,
      instanceofFunction: fn instanceof Function,
      typeof: typeof fn,
      ownKeys: Reflect.ownKeys(fn).map(String),
      nameDescriptor: Object.getOwnPropertyDescriptor(fn, 'name'),
      lengthDescriptor: Object.getOwnPropertyDescriptor(fn, 'length'),
      hasPrototype: 'prototype' in fn,
      newTarget: constructs,
      badThis,
      toStringOfToString: String(fn.toString),
    };
  }
  out['Function.prototype.toString.toString()'] = { text: Function.prototype.toString.toString() };
  out['EventTarget.prototype own keys'] = { keys: Reflect.ownKeys(EventTarget.prototype).map(String) };
  out['HTMLElement.prototype key order'] = { keys: Reflect.ownKeys(HTMLElement.prototype).map(String).join(',').length };
  // Loose timing: many add/remove pairs of a listener.
  const t = document.createElement('div');
  const f = () => {};
  const n = 20000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) { t.addEventListener('keydown', f); t.removeEventListener('keydown', f); }
  const addRemoveMs = performance.now() - t0;
  // Loose timing: the page's own listener, called through whatever stands in between.
  let hits = 0;
  t.addEventListener('keydown', () => { hits++; });
  const ev = new KeyboardEvent('keydown', { key: 'a' });
  const t1 = performance.now();
  for (let i = 0; i < n; i++) t.dispatchEvent(ev);
  const dispatchMs = performance.now() - t1;
  window.__probe = { out, addRemoveNs: (addRemoveMs * 1e6) / n, dispatchNs: (dispatchMs * 1e6) / n, hits };
  window.__probeFns = fns;
})();
