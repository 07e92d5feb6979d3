// Runs in: the page's MAIN world, at document_start, in every frame the browser lets it reach.
// It must run there to see which page script registers which input listener and to stand
// between a recorder and the events it receives; but it shares that world with the page, so
// it holds no privilege, asks nothing synchronously, and everything it says the bridge treats
// as a claim made by a hostile page. It decides nothing: the policy (which script gets
// `block`, `fuzz` or `allow`, which events count as input, the noise itself) comes from the
// Rust core through the bridge, and the hook only looks it up at dispatch time.
(() => {
  'use strict';
  // --- built-ins, captured before any page script can replace them ---
  const { apply, defineProperty, getOwnPropertyDescriptor, deleteProperty, ownKeys } = Reflect;
  const ErrorCtor = Error;
  const CustomEventCtor = CustomEvent;
  const EventTargetProto = EventTarget.prototype;
  const addListener = EventTargetProto.addEventListener;
  const dispatch = EventTargetProto.dispatchEvent;
  const stopImmediate = Event.prototype.stopImmediatePropagation;
  const composedPathOf = Event.prototype.composedPath;
  const mathMax = Math.max;
  const setTimeoutFn = setTimeout;
  const perf = performance;
  const perfNow = Performance.prototype.now;
  const performanceNow = () => apply(perfNow, perf, []);
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const WeakMapCtor = WeakMap;
  const MapCtor = Map;
  const SetCtor = Set;
  const ProxyCtor = Proxy;
  const StringCtor = String;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const wmGet = WeakMap.prototype.get;
  const wmSet = WeakMap.prototype.set;
  const wmHas = WeakMap.prototype.has;
  const strIndexOf = String.prototype.indexOf;
  const strSlice = String.prototype.slice;
  const strSplit = String.prototype.split;
  const codePointAt = String.prototype.codePointAt;
  const arrJoin = Array.prototype.join;
  const arrPush = Array.prototype.push;
  const regExec = RegExp.prototype.exec;
  const isArray = Array.isArray;
  const KeyboardEventCtor = KeyboardEvent;
  const MouseEventCtor = MouseEvent;
  const InputEventCtor = InputEvent;
  const instanceOf = (v, C) => { try { return v instanceof C; } catch { return false; } };
  const win = window;
  const doc = document;
  const valueDesc = {
    input: getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value'),
    textarea: getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value'),
  };
  const HTMLInputCtor = HTMLInputElement;
  const HTMLTextAreaCtor = HTMLTextAreaElement;

  /** DOM events between the hook and the bridge; payloads travel as JSON strings. */
  const OUT = 'keyveil:observe';
  const IN = 'keyveil:policy';
  const EXTENSION_URL = /^(?:chrome|moz)-extension:\/\//;
  const SCRIPT_URL = /((?:https?|file|blob):\/\/[^\s)]+?|(?:chrome|moz)-extension:\/\/[^\s)]+?)(?::\d+){1,2}\)?$/;
  /** Largest payload excerpt sent for leak checks; the core caps again on its side. */
  const MAX_BODY_CHARS = 64 * 1024;

  // --- the policy, as the core resolved it for this page; empty until the bridge sends it ---
  let policy = { scripts: new MapCtor(), unknown: 'allow', events: new SetCtor(), timed: new SetCtor(), strip: new SetCtor() };
  let keys = new MapCtor(); // character -> the character a recorder is shown instead
  let codes = new MapCtor(); // real `code` -> {code, key_code} of the fake physical key
  let timing = []; // ms by which to delay a timed event for a fuzzed recorder, cycled
  let pointer = []; // dx, dy pairs, cycled
  let timingAt = 0;
  let pointerAt = 0;

  function actionFor(script) {
    const a = apply(mapGet, policy.scripts, [script]);
    return a === undefined ? policy.unknown : a;
  }

  // Our wrappers, mapped to the originals they stand for: toString answers for the original.
  const originals = new WeakMapCtor();

  /**
   * Replaces the function at obj[prop] (or its getter/setter, with `part`) by a Proxy of it that
   * runs `onCall(original, this, args)`. A Proxy keeps `name`, `length` and the prototype.
   */
  function wrap(obj, prop, onCall, part = 'value') {
    const desc = getOwnPropertyDescriptor(obj, prop);
    if (!desc || typeof desc[part] !== 'function') return;
    const original = desc[part];
    const proxy = new ProxyCtor(original, {
      apply(target, thisArg, args) {
        return onCall(target, thisArg, args);
      },
    });
    apply(wmSet, originals, [proxy, original]);
    defineProperty(obj, prop, { ...desc, [part]: proxy });
  }

  wrap(Function.prototype, 'toString', (target, thisArg, args) => {
    const shown = apply(wmHas, originals, [thisArg]) ? apply(wmGet, originals, [thisArg]) : thisArg;
    return apply(target, shown, args);
  });

  // --- attribution: which script is calling ---
  /** The URL of the first page script on the current stack, or the page URL / '' if none. */
  function callerScript() {
    const stack = new ErrorCtor().stack || '';
    const lines = apply(strSplit, stack, ['\n']);
    for (let i = 0; i < lines.length; i++) {
      const m = apply(regExec, SCRIPT_URL, [lines[i]]);
      if (!m) continue;
      let url = m[1];
      if (apply(regExec, EXTENSION_URL, [url])) continue; // our own frames
      const at = apply(strIndexOf, url, ['@']);
      if (at >= 0 && at < 8) url = apply(strSlice, url, [at + 1]); // Firefox "fn@url"
      return url;
    }
    const current = doc.currentScript;
    return (current && current.src) || '';
  }

  function targetKind(t) {
    if (t === win) return 'window';
    if (t === doc) return 'document';
    return 'element';
  }

  // --- observations, batched, sent to the bridge ---
  const seen = new SetCtor();
  let batch = [];
  let scheduled = false;
  const counts = new MapCtor(); // "action|script" -> events handled since the last flush
  function flush() {
    scheduled = false;
    const out = batch;
    batch = [];
    counts.forEach((n, key) => {
      const bar = apply(strIndexOf, key, ['|']);
      apply(arrPush, out, [{ kind: 'handled', action: apply(strSlice, key, [0, bar]), script: apply(strSlice, key, [bar + 1]), count: n }]);
    });
    counts.clear();
    if (out.length) apply(dispatch, win, [new CustomEventCtor(OUT, { detail: stringify(out) })]);
  }
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      setTimeoutFn(flush, 0);
    }
  }
  function observe(o, dedupeKey) {
    if (dedupeKey !== undefined) {
      if (apply(setHas, seen, [dedupeKey])) return;
      apply(setAdd, seen, [dedupeKey]);
    }
    apply(arrPush, batch, [o]);
    schedule();
  }
  function count(action, script) {
    const key = action + '|' + script;
    apply(mapSet, counts, [key, (apply(mapGet, counts, [key]) || 0) + 1]);
    schedule();
  }

  // --- fuzzing: what a recorder's callback reads is false, for the duration of that call ---
  function substitute(text) {
    let out = '';
    for (const ch of StringCtor(text)) {
      const k = apply(mapGet, keys, [ch]);
      out += k === undefined ? ch : k;
    }
    return out;
  }
  function nextTiming() {
    if (!timing.length) return 0;
    const v = timing[timingAt];
    timingAt = (timingAt + 1) % timing.length;
    return v;
  }
  function nextPointer() {
    if (pointer.length < 2) return [0, 0];
    const dx = pointer[pointerAt];
    const dy = pointer[pointerAt + 1];
    pointerAt = (pointerAt + 2) % (pointer.length - (pointer.length % 2));
    return [dx, dy];
  }

  /**
   * What a recorder will be shown of `event`: false keys, coordinates and field value, computed
   * now (at dispatch) so that a delivery delayed for timing jitter still describes this event.
   */
  function falsify(event, currentTarget) {
    const props = [];
    const put = (name, value) => apply(arrPush, props, [[name, value]]);
    if (instanceOf(event, KeyboardEventCtor)) {
      const to = apply(mapGet, keys, [event.key]);
      if (to !== undefined) {
        const c = apply(mapGet, codes, [event.code]);
        const charCode = apply(codePointAt, to, [0]);
        const keyCode = c ? c.key_code : event.keyCode;
        const press = event.type === 'keypress';
        put('key', to);
        put('code', c ? c.code : event.code);
        put('keyCode', press ? charCode : keyCode);
        put('which', press ? charCode : keyCode);
        put('charCode', press ? charCode : 0);
      }
    }
    if (instanceOf(event, MouseEventCtor)) { // PointerEvent and WheelEvent too
      const [dx, dy] = nextPointer();
      for (const p of ['clientX', 'pageX', 'screenX', 'x', 'offsetX', 'layerX']) put(p, event[p] + dx);
      for (const p of ['clientY', 'pageY', 'screenY', 'y', 'offsetY', 'layerY']) put(p, event[p] + dy);
    }
    if (instanceOf(event, InputEventCtor) && typeof event.data === 'string') put('data', substitute(event.data));
    const path = apply(composedPathOf, event, []);
    put('composedPath', function composedPath() { return path; });
    put('currentTarget', currentTarget);
    const t = event.target;
    const d = instanceOf(t, HTMLInputCtor) ? valueDesc.input : instanceOf(t, HTMLTextAreaCtor) ? valueDesc.textarea : null;
    const value = d ? substitute(apply(d.get, t, [])) : null;
    return { props, target: d ? t : null, value, setter: d && d.set, timeStamp: event.timeStamp };
  }

  /**
   * Shadows the event's (and its target's) properties with own properties holding the false
   * values, and returns the function that restores them. The same objects stay in place, so a
   * recorder's node mirror and `isTrusted` checks keep working; the page's own listeners,
   * called outside this window, see the truth.
   */
  function shadow(event, fake, delay) {
    const undo = [];
    const own = (obj, prop, desc) => {
      const before = getOwnPropertyDescriptor(obj, prop);
      if (before && !before.configurable) return;
      if (!defineProperty(obj, prop, { configurable: true, enumerable: true, ...desc })) return;
      apply(arrPush, undo, [() => (before ? defineProperty(obj, prop, before) : deleteProperty(obj, prop))]);
    };
    own(event, 'timeStamp', { value: fake.timeStamp + delay });
    for (let i = 0; i < fake.props.length; i++) own(event, fake.props[i][0], { value: fake.props[i][1] });
    if (fake.target) {
      const { target, setter, value } = fake;
      own(target, 'value', { get() { return value; }, set(v) { apply(setter, target, [v]); } });
    }
    return () => { for (let i = undo.length - 1; i >= 0; i--) undo[i](); };
  }

  // --- listeners: wrapped at registration, decided at dispatch ---
  const wrappers = new WeakMapCtor(); // listener -> Map("type|capture" -> wrapper)

  function callListener(listener, thisArg, event) {
    if (typeof listener === 'function') return apply(listener, thisArg, [event]);
    const handle = listener && listener.handleEvent;
    return typeof handle === 'function' ? apply(handle, listener, [event]) : undefined;
  }

  const lastDue = new MapCtor(); // script -> when its last delayed delivery is due

  function makeWrapper(listener, script) {
    return function (event) {
      const type = event && event.type;
      if (!apply(setHas, policy.events, [type])) return callListener(listener, this, event);
      const action = actionFor(script);
      if (action === 'block') { count('blocked', script); return undefined; }
      if (action !== 'fuzz') return callListener(listener, this, event);
      count('fuzzed', script);
      const fake = falsify(event, this);
      const thisArg = this;
      const deliver = (delay) => {
        const restore = shadow(event, fake, delay);
        try {
          return callListener(listener, thisArg, event);
        } finally {
          restore();
        }
      };
      if (!apply(setHas, policy.timed, [type])) return deliver(0);
      // Recorders time keys with Date.now(), not event.timeStamp: jitter by delivering late,
      // never out of order for one script.
      const now = performanceNow();
      const due = mathMax(now + nextTiming(), (apply(mapGet, lastDue, [script]) || 0) + 1);
      apply(mapSet, lastDue, [script, due]);
      setTimeoutFn(() => { deliver(due - now); }, due - now);
      return undefined;
    };
  }

  function captureOf(options) {
    return options === true || (options !== null && typeof options === 'object' && !!options.capture);
  }

  function wrapperFor(listener, type, capture, create, script) {
    let byKey = apply(wmGet, wrappers, [listener]);
    const key = type + '|' + capture;
    let w = byKey && apply(mapGet, byKey, [key]);
    if (!w && create) {
      if (!byKey) { byKey = new MapCtor(); apply(wmSet, wrappers, [listener, byKey]); }
      w = makeWrapper(listener, script);
      apply(mapSet, byKey, [key, w]);
    }
    return w;
  }

  wrap(EventTargetProto, 'addEventListener', (target, thisArg, args) => {
    const [type, listener, options] = args;
    if (typeof type !== 'string' || type === IN || type === OUT || listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
      return apply(target, thisArg, args);
    }
    const capture = captureOf(options);
    const script = callerScript();
    observe({ kind: 'listener', event: type, target: targetKind(thisArg), capture, script }, 'l|' + type + '|' + targetKind(thisArg) + '|' + capture + '|' + script);
    const w = wrapperFor(listener, type, capture, true, script);
    const rest = [type, w];
    for (let i = 2; i < args.length; i++) rest[i] = args[i];
    return apply(target, thisArg, rest);
  });

  wrap(EventTargetProto, 'removeEventListener', (target, thisArg, args) => {
    const [type, listener, options] = args;
    const w = (listener !== null && (typeof listener === 'function' || typeof listener === 'object'))
      ? wrapperFor(listener, StringCtor(type), captureOf(options), false) : undefined;
    if (!w) return apply(target, thisArg, args);
    const rest = [type, w];
    for (let i = 2; i < args.length; i++) rest[i] = args[i];
    return apply(target, thisArg, rest);
  });

  // `on*` handler properties: the setter stores our wrapper, the getter gives back the original.
  const handlerOf = new WeakMapCtor(); // wrapper -> page's handler
  function wrapHandlerProperty(proto, prop) {
    const desc = getOwnPropertyDescriptor(proto, prop);
    if (!desc || typeof desc.set !== 'function' || typeof desc.get !== 'function') return;
    const type = apply(strSlice, prop, [2]);
    wrap(proto, prop, (set, thisArg, args) => {
      const fn = args[0];
      if (typeof fn !== 'function') return apply(set, thisArg, args);
      const script = callerScript();
      observe({ kind: 'listener', event: type, target: targetKind(thisArg), capture: false, script }, 'h|' + type + '|' + targetKind(thisArg) + '|' + script);
      const w = makeWrapper(fn, script);
      apply(wmSet, handlerOf, [w, fn]);
      return apply(set, thisArg, [w]);
    }, 'set');
    wrap(proto, prop, (get, thisArg, args) => {
      const v = apply(get, thisArg, args);
      return (v && apply(wmHas, handlerOf, [v])) ? apply(wmGet, handlerOf, [v]) : v;
    }, 'get');
  }
  for (const proto of [HTMLElement.prototype, Document.prototype, Window.prototype]) {
    for (const prop of ownKeys(proto)) {
      if (typeof prop === 'string' && apply(strIndexOf, prop, ['on']) === 0) wrapHandlerProperty(proto, prop);
    }
  }

  // --- the ways data leaves a page: observed for leak proof, rewritten for fuzz-mode scripts ---
  function excerpt(body) {
    if (body === undefined || body === null) return '';
    if (typeof body === 'string') return apply(strSlice, body, [0, MAX_BODY_CHARS]);
    if (instanceOf(body, URLSearchParams)) return apply(strSlice, StringCtor(body), [0, MAX_BODY_CHARS]);
    if (instanceOf(body, FormData)) {
      const parts = [];
      body.forEach((v, k) => { if (typeof v === 'string') apply(arrPush, parts, [encodeURIComponent(k) + '=' + encodeURIComponent(v)]); });
      return apply(strSlice, apply(arrJoin, parts, ['&']), [0, MAX_BODY_CHARS]);
    }
    return ''; // Blob / ArrayBuffer bodies: the background reads those from webRequest
  }
  /** Removes the policy's identity parameters from a URL string; returns it unchanged if none. */
  function stripUrl(url) {
    if (!policy.strip.size) return url;
    try {
      const u = new URL(StringCtor(url), doc.baseURI);
      let changed = false;
      for (const name of [...u.searchParams.keys()]) {
        if (apply(setHas, policy.strip, [name])) { u.searchParams.delete(name); changed = true; }
      }
      return changed ? u.href : url;
    } catch { return url; }
  }
  function stripBody(body) {
    if (!policy.strip.size || (typeof body !== 'string' && !instanceOf(body, URLSearchParams))) return body;
    const params = new URLSearchParams(StringCtor(body));
    let changed = false;
    for (const name of [...params.keys()]) {
      if (apply(setHas, policy.strip, [name])) { params.delete(name); changed = true; }
    }
    return changed ? (typeof body === 'string' ? StringCtor(params) : params) : body;
  }
  /** Reports one send; returns the action of the sending script so callers can apply it. */
  function sent(sink, url, body) {
    const script = callerScript();
    observe({ kind: 'send', sink, url: apply(strSlice, StringCtor(url), [0, 8192]), body: excerpt(body), script });
    return actionFor(script);
  }

  wrap(Navigator.prototype, 'sendBeacon', (target, thisArg, args) => {
    const action = sent('beacon', args[0], args[1]);
    if (action === 'block') { count('blocked', callerScript()); return true; }
    if (action === 'fuzz') return apply(target, thisArg, [stripUrl(args[0]), stripBody(args[1])]);
    return apply(target, thisArg, args);
  });
  wrap(win, 'fetch', (target, thisArg, args) => {
    const [input, init] = args;
    const url = typeof input === 'string' || instanceOf(input, URL) ? StringCtor(input) : (input && input.url) || '';
    sent('fetch', url, init && init.body);
    return apply(target, thisArg, args);
  });
  const xhrUrl = new WeakMapCtor();
  wrap(XMLHttpRequest.prototype, 'open', (target, thisArg, args) => {
    apply(wmSet, xhrUrl, [thisArg, StringCtor(args[1])]);
    return apply(target, thisArg, args);
  });
  wrap(XMLHttpRequest.prototype, 'send', (target, thisArg, args) => {
    sent('xhr', apply(wmGet, xhrUrl, [thisArg]) || '', args[0]);
    return apply(target, thisArg, args);
  });
  wrap(WebSocket.prototype, 'send', (target, thisArg, args) => {
    const action = sent('websocket', thisArg.url, args[0]);
    if (action === 'block') return undefined;
    return apply(target, thisArg, args);
  });
  wrap(HTMLImageElement.prototype, 'src', (set, thisArg, args) => {
    const action = sent('image', args[0], '');
    if (action === 'block') return undefined;
    return apply(set, thisArg, action === 'fuzz' ? [stripUrl(args[0])] : args);
  }, 'set');

  // --- the policy from the bridge: first listener on window, so the page never sees it ---
  apply(addListener, win, [IN, (event) => {
    apply(stopImmediate, event, []);
    let msg;
    try { msg = parse(event.detail); } catch { return; }
    if (!msg || typeof msg !== 'object') return;
    const p = msg.policy;
    if (p && typeof p === 'object') {
      const scripts = new MapCtor();
      for (const url in p.scripts) apply(mapSet, scripts, [url, StringCtor(p.scripts[url])]);
      policy = {
        scripts,
        unknown: p.paused ? 'allow' : StringCtor(p.unknown || 'allow'),
        events: new SetCtor(isArray(p.input_events) ? p.input_events : []),
        timed: new SetCtor(isArray(p.timed_events) ? p.timed_events : []),
        strip: new SetCtor(isArray(p.strip_params) ? p.strip_params : []),
      };
      if (p.paused) policy.scripts = new MapCtor();
    }
    const table = msg.keys;
    if (table && typeof table.from === 'string' && typeof table.to === 'string' && table.from.length === table.to.length) {
      // Both strings are in the BMP, one UTF-16 unit per character (the core guarantees it).
      const k = new MapCtor();
      for (let i = 0; i < table.from.length; i++) apply(mapSet, k, [table.from[i], table.to[i]]);
      const c = new MapCtor();
      for (const code in table.codes) apply(mapSet, c, [code, table.codes[code]]);
      keys = k;
      codes = c;
    }
    if (isArray(msg.timing)) { timing = msg.timing; timingAt = 0; }
    if (isArray(msg.pointer)) { pointer = msg.pointer; pointerAt = 0; }
  }, true]);
})();
