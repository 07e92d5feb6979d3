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
  const removeListener = EventTargetProto.removeEventListener;
  const dispatch = EventTargetProto.dispatchEvent;
  const isPrototypeOf = Object.prototype.isPrototypeOf;
  const getterOf = (obj, prop) => { const d = getOwnPropertyDescriptor(obj, prop); return d && d.get; };
  // Read through the originals: a page may replace these getters to watch what the hook reads.
  const detailOf = getterOf(CustomEvent.prototype, 'detail');
  const ownerDocumentOf = getterOf(Node.prototype, 'ownerDocument');
  const defaultViewOf = getterOf(Document.prototype, 'defaultView');
  const currentScriptOf = getterOf(Document.prototype, 'currentScript');
  const documentUrlOf = getterOf(Document.prototype, 'URL');
  const scriptSrcOf = getterOf(HTMLScriptElement.prototype, 'src');
  // Firefox formats `stack` in an accessor on Error.prototype, which a page can replace; V8
  // keeps it on each error and formats it through Error.prepareStackTrace (see rawStack).
  const stackOf = getterOf(Error.prototype, 'stack');
  const createElement = Document.prototype.createElement;
  const stopImmediate = Event.prototype.stopImmediatePropagation;
  const composedPathOf = Event.prototype.composedPath;
  const mathMax = Math.max;
  const mathMin = Math.min;
  const setTimeoutFn = setTimeout;
  const perf = performance;
  const perfNow = Performance.prototype.now;
  const performanceNow = () => apply(perfNow, perf, []);
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const WeakMapCtor = WeakMap;
  const WeakSetCtor = WeakSet;
  const wsHas = WeakSet.prototype.has;
  const wsAdd = WeakSet.prototype.add;
  const MapCtor = Map;
  const SetCtor = Set;
  const ProxyCtor = Proxy;
  const StringCtor = String;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapForEach = Map.prototype.forEach;
  const mapClear = Map.prototype.clear;
  const mapDelete = Map.prototype.delete;
  const wmGet = WeakMap.prototype.get;
  const wmSet = WeakMap.prototype.set;
  const wmHas = WeakMap.prototype.has;
  const strIndexOf = String.prototype.indexOf;
  const strSlice = String.prototype.slice;
  const strSplit = String.prototype.split;
  const codePointAt = String.prototype.codePointAt;
  const arrJoin = Array.prototype.join;
  const arrPush = Array.prototype.push;
  const arrSlice = Array.prototype.slice;
  const arrShift = Array.prototype.shift;
  const arrIndexOf = Array.prototype.indexOf;
  const regExec = RegExp.prototype.exec;
  const isArray = Array.isArray;
  const MouseEventCtor = MouseEvent;
  const getPrototypeOf = Reflect.getPrototypeOf;
  const EventProto = Event.prototype;
  const MouseProto = MouseEvent.prototype;
  const KeyboardProto = KeyboardEvent.prototype;
  const InputEventProto = InputEvent.prototype;
  const InputProto = HTMLInputElement.prototype;
  const TextAreaProto = HTMLTextAreaElement.prototype;
  const instanceOf = (v, C) => { try { return v instanceof C; } catch { return false; } };
  const win = window;
  const doc = document;
  const inputValueOf = getterOf(InputProto, 'value');
  const textAreaValueOf = getterOf(TextAreaProto, 'value');

  /** DOM events between the hook and the bridge, on the private channel; payloads are JSON strings. */
  const OUT = 'keyveil:observe';
  const IN = 'keyveil:policy';
  /** The handshake that hands the channel over, on window, while both content scripts start. */
  const HOOK_HELLO = 'keyveil:hook';
  const BRIDGE_HELLO = 'keyveil:bridge';
  const READY = 'keyveil:ready';
  const EXTENSION_URL = /^(?:chrome|moz)-extension:\/\//;
  const OUR_FRAME = '@<anonymous code>:';
  // A script run from a blob: URL is named by it whole ("blob:https://site/uuid").
  const SCRIPT_URL = /((?:blob:)?(?:https?|file):\/\/[^\s)]+?|(?:chrome|moz)-extension:\/\/[^\s)]+?)(?::\d+){1,2}\)?$/;
  /** Largest part of a payload the core is shown (its signatures and leak proof read the start). */
  const MAX_BODY_CHARS = 192 * 1024;

  // --- the policy, as the core resolved it for this page; empty until the bridge sends it ---
  // Until the background's first answer: the core's boot policy, written in here by the build
  // (tools/boot-policy.mjs): which events are input, and `hold` for a listener with a
  // recorder's shape whose script is not judged yet (its input waits for the first policy).
  const BOOT = /*@BOOT*/null;
  let policy = { scripts: new MapCtor(), unknown: 'allow', pending: 'allow', pendingTargets: new SetCtor(), pendingInline: false, events: new SetCtor(), timed: new SetCtor(), strip: new SetCtor() };
  if (BOOT !== null && typeof BOOT === 'object') {
    policy.pending = StringCtor(BOOT.pending);
    policy.pendingTargets = new SetCtor(BOOT.pending_targets);
    policy.pendingInline = BOOT.pending_inline === true;
    policy.events = new SetCtor(BOOT.input_events);
    policy.timed = new SetCtor(BOOT.timed_events);
  }
  let booted = false;
  let keys = new MapCtor(); // character -> the character a recorder is shown instead
  let proven = new SetCtor(); // hosts a typed value already went to from this page
  let codes = new MapCtor(); // real `code` -> {code, key_code} of the fake physical key
  // The page's key-event release schedule (the core's cadence plan): how late a keydown is
  // released given the key pressed before it, and a keyup given its key.
  let cadence = null; // { plan, slots, slotOf: Map(code -> slot) }
  let prevSlot = 0;
  let lastDue = -Infinity;
  const dueOf = new WeakMapCtor(); // event -> its release time, the same for every recorder
  let pointer = []; // dx, dy pairs, cycled
  let pointerAt = 0;

  function actionFor(script) {
    const a = apply(mapGet, policy.scripts, [script]);
    return a === undefined ? policy.unknown : a;
  }
  /** The action for a listener at dispatch: a not-yet-judged script's with a recorder's shape gets `pending`. */
  function listenerAction(script, kind, capture) {
    const a = apply(mapGet, policy.scripts, [script]);
    if (a !== undefined) return a;
    if (!capture || !apply(setHas, policy.pendingTargets, [kind])) return policy.unknown;
    if (!policy.pendingInline && (script === '' || script === apply(documentUrlOf, doc, []))) return policy.unknown;
    return policy.pending;
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
    return proxy;
  }

  const FunctionProto = Function.prototype;
  /**
   * The other windows of this tab the hook can look into: its ancestors and the frames under
   * the top one (a few levels, a few dozen at most; cross-origin ones throw when used).
   */
  function windowsNear() {
    const found = [];
    const add = (w) => {
      if (!w || w === win || found.length >= 64 || apply(arrIndexOf, found, [w]) >= 0) return false;
      apply(arrPush, found, [w]);
      return true;
    };
    const down = (w, depth) => {
      let n = 0;
      try { n = w.length; } catch { return; }
      for (let i = 0; i < n && depth < 4; i++) {
        let child = null;
        try { child = w[i]; } catch { continue; }
        add(child);
        if (child) down(child, depth + 1);
      }
    };
    let top = win;
    for (let w = win; ;) {
      let up = null;
      try { up = w.parent; } catch { break; }
      if (!up || up === w) break;
      add(up);
      top = w = up;
    }
    down(top, 0);
    return found;
  }

  /**
   * toString of another realm's function as that realm's hook answers it: each frame's hook
   * keeps its own map of wrappers, so a page asking one frame's toString about another frame's
   * wrapper would otherwise see a Proxy's text. (Firefox hands the hook other realms' functions
   * in wrappers its prototype checks do not see through, so every near realm is asked, and the
   * first answer that differs from this realm's is its owner's.)
   */
  function foreignToString(fn, args, local) {
    const near = windowsNear();
    for (let i = 0; i < near.length; i++) {
      const r = forward(near[i], 'Function', 'toString', 'value', fn, args);
      if (typeof r === 'string' && r !== local) return r;
    }
    return local;
  }

  wrap(FunctionProto, 'toString', (target, thisArg, args) => {
    if (apply(wmHas, originals, [thisArg])) return apply(target, apply(wmGet, originals, [thisArg]), args);
    const local = apply(target, thisArg, args);
    if (forwarding || apply(isPrototypeOf, FunctionProto, [thisArg])) return local;
    try { return foreignToString(thisArg, args, local); } catch { return local; }
  });

  // --- attribution: which script is calling ---
  /** Frames enough to pass the hook's own and reach the calling script (V8's default). */
  const STACK_LIMIT = 10;
  const HAS_LIMIT = getOwnPropertyDescriptor(ErrorCtor, 'stackTraceLimit') !== undefined;
  /**
   * The current stack as text. V8 formats it through `Error.prepareStackTrace` and cuts it at
   * `Error.stackTraceLimit`, both page-writable: a recorder could set the limit to 0 or return a
   * benign script's URL. For the capture they are set to V8's own behaviour and put back as the
   * page left them (redefined in place, so their order among Error's keys does not move).
   */
  function rawStack() {
    const prep = getOwnPropertyDescriptor(ErrorCtor, 'prepareStackTrace');
    const limit = getOwnPropertyDescriptor(ErrorCtor, 'stackTraceLimit');
    const undo = [];
    let tampered = false;
    if (!limit && HAS_LIMIT) { // deleted: V8 then records no stack at all
      if (defineProperty(ErrorCtor, 'stackTraceLimit', { value: STACK_LIMIT, writable: true, enumerable: true, configurable: true })) {
        apply(arrPush, undo, [() => deleteProperty(ErrorCtor, 'stackTraceLimit')]);
      } else tampered = true;
    }
    const set = (name, before, value) => {
      if (before.configurable ? defineProperty(ErrorCtor, name, { value, writable: true, enumerable: before.enumerable, configurable: true })
        : ('value' in before && before.writable && defineProperty(ErrorCtor, name, { value }))) {
        apply(arrPush, undo, [() => defineProperty(ErrorCtor, name, before)]);
        return true;
      }
      return false;
    };
    if (prep && !('value' in prep && prep.value === undefined) && !set('prepareStackTrace', prep, undefined)) tampered = true;
    if (limit && !('value' in limit && typeof limit.value === 'number' && limit.value >= STACK_LIMIT) && !set('stackTraceLimit', limit, STACK_LIMIT)) tampered = true;
    let stack = '';
    try {
      const e = new ErrorCtor();
      stack = stackOf ? apply(stackOf, e, []) : e.stack;
    } catch { tampered = true; } finally {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
    }
    if (typeof stack !== 'string') { stack = ''; tampered = true; }
    if (tampered) evasion('stack-hidden');
    return stack;
  }

  /**
   * The script frames of the current stack, innermost first: `{url, pos, ours}`, where `pos`
   * is the frame's exact place (URL, line and column) and `ours` marks the extension's own.
   */
  function stackFrames() {
    const lines = apply(strSplit, rawStack(), ['\n']);
    const out = [];
    for (let i = 0; i < lines.length; i++) {
      const m = apply(regExec, SCRIPT_URL, [lines[i]]);
      if (!m) {
        // Firefox names the frames of a MAIN-world content script (this hook) so.
        if (apply(strIndexOf, lines[i], [OUR_FRAME]) >= 0) apply(arrPush, out, [{ url: '', pos: '', ours: true }]);
        continue;
      }
      let url = m[1];
      const ours = !!apply(regExec, EXTENSION_URL, [url]);
      const at = apply(strIndexOf, url, ['@']);
      if (at >= 0 && at < 8) url = apply(strSlice, url, [at + 1]); // Firefox "fn@url"
      apply(arrPush, out, [{ url, pos: m[0], ours }]);
    }
    return out;
  }

  /** The script the browser is running when the stack names none (the page URL / ''). */
  function currentScriptUrl() {
    const current = currentScriptOf ? apply(currentScriptOf, doc, []) : null;
    return (current && scriptSrcOf && instanceOf(current, HTMLScriptElement) && apply(scriptSrcOf, current, [])) || '';
  }

  /** The URL of the first page script on the current stack, or the page URL / '' if none. */
  function callerScript() {
    const f = stackFrames();
    for (let i = 0; i < f.length; i++) if (!f[i].ours) return f[i].url;
    return currentScriptUrl();
  }

  // --- attribution through the page's own wrappers of addEventListener ---
  // Error trackers and some recorders replace `addEventListener` with a function of theirs that
  // calls on to ours; every listener the page registers afterwards then reaches the hook from
  // inside that file. A listener belongs to the script whose code registered it, so the frames
  // of such a wrapper are learned and passed over. They are learned by calling the wrapper once
  // ourselves, with a harmless event type on a detached element: every page frame between that
  // call and our own function is the wrapper's (a chain of wrappers included), and only frames at
  // exactly those places are passed over, so a recorder's own registrations elsewhere in the same
  // file stay its own.
  const PROBE_TYPE = 'keyveil-probe';
  const wrapperSites = new SetCtor(); // "url:line:col" of frames inside a page's wrapper
  const probed = new WeakSetCtor(); // the page functions already probed
  let probing = false;
  let probeFrames = null;
  const noop = () => {};
  /** The `prop` function `t` would call: the first one on its prototype chain. */
  function installed(t, prop) {
    try {
      for (let p = t; p !== null && p !== undefined; p = getPrototypeOf(p)) {
        const d = getOwnPropertyDescriptor(p, prop);
        if (d) return d.value;
      }
    } catch { /* a page's Proxy: nothing learned */ }
    return undefined;
  }
  function learnWrapper(fn) {
    if (typeof fn !== 'function' || fn === wrapped[0] || apply(wsHas, probed, [fn])) return;
    apply(wsAdd, probed, [fn]);
    probing = true;
    probeFrames = null;
    try { apply(fn, apply(createElement, doc, ['div']), [PROBE_TYPE, noop]); } catch { /* the wrapper's own error */ } finally { probing = false; }
    const f = probeFrames;
    probeFrames = null;
    if (!f) return; // it did not call through (yet): nothing to pass over
    let i = 0;
    while (i < f.length && f[i].ours) i++;
    for (; i < f.length && !f[i].ours; i++) apply(setAdd, wrapperSites, [f[i].pos]);
  }
  /**
   * Who registers a listener on `t`: `{script, via}`, `via` being the wrapper the call came
   * through when that is another script (its own listeners are `script`).
   */
  function attribute(t) {
    learnWrapper(installed(t, 'addEventListener'));
    const f = stackFrames();
    let first = -1;
    let chosen = -1;
    for (let i = 0; i < f.length; i++) {
      if (f[i].ours) continue;
      if (first < 0) first = i;
      if (!apply(setHas, wrapperSites, [f[i].pos])) { chosen = i; break; }
    }
    if (first < 0) return { script: currentScriptUrl(), via: '' };
    if (chosen < 0) chosen = first; // nothing but the wrapper: the wrapper's own doing
    const script = f[chosen].url;
    return { script, via: f[first].url !== script ? f[first].url : '' };
  }

  function targetKind(t) {
    if (t === win) return 'window';
    if (t === doc) return 'document';
    return 'element';
  }

  // --- observations, batched, sent to the bridge ---
  // At most one message per FLUSH_MS and MAX_BATCH observations a message: a page whose 300
  // scripts each register in their own task is a few messages, not hundreds (the bridge drops
  // what passes its rate, and a dropped registration is a recorder left unclassified).
  const FLUSH_MS = 100;
  const MAX_BATCH = 200;
  /** Characters per message, under the bridge's limit (256 Ki) with room for the counts. */
  const MAX_MESSAGE_CHARS = 192 * 1024;
  const seen = new SetCtor();
  let batch = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  const counts = new MapCtor(); // script -> { blocked, fuzzed }: events handled since the last flush
  function flush() {
    scheduled = false;
    lastFlush = performanceNow();
    checkWrappers();
    const parts = [];
    let chars = 2;
    apply(mapForEach, counts, [(n, script) => {
      const put = (action, count) => {
        if (!count) return;
        const part = stringify({ kind: 'handled', action, script, count });
        apply(arrPush, parts, [part]);
        chars += part.length + 1;
      };
      put('blocked', n.blocked);
      put('fuzzed', n.fuzzed);
    }]);
    apply(mapClear, counts, []);
    // By count and by size: the bridge refuses a message over its size limit whole, and a few
    // large payloads must not take a script's listener registrations down with them.
    let taken = 0;
    while (taken < batch.length && taken < MAX_BATCH) {
      const part = stringify(batch[taken]);
      if (taken > 0 && chars + part.length + 1 > MAX_MESSAGE_CHARS) break;
      apply(arrPush, parts, [part]);
      chars += part.length + 1;
      taken++;
    }
    batch = apply(arrSlice, batch, [taken]);
    if (batch.length) schedule();
    if (parts.length) apply(dispatch, channel, [new CustomEventCtor(OUT, { detail: '[' + apply(arrJoin, parts, [',']) + ']' })]);
  }
  function schedule() {
    if (!scheduled) {
      scheduled = true;
      setTimeoutFn(flush, mathMax(0, lastFlush + FLUSH_MS - performanceNow()));
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
  /**
   * Reports a way the page got around, or tried to get around, the hook: a fact for the
   * person to see, decided nothing on here. Once per kind and script.
   */
  function evasion(how, script) {
    const s = script === undefined ? '' : script;
    observe({ kind: 'evasion', how, script: s }, 'e|' + how + '|' + s);
  }
  // Per event: keyed by the script's own string (its hash is cached), no string built.
  function count(action, script) {
    let n = apply(mapGet, counts, [script]);
    if (n === undefined) { n = { blocked: 0, fuzzed: 0 }; apply(mapSet, counts, [script, n]); }
    n[action]++;
    schedule();
  }

  // --- fuzzing: what a recorder's callback reads is false, for the duration of that call ---
  function substitute(text) {
    let out = '';
    // By index, not for-of: a page can replace the string iterator, and this is the true value.
    // (The table is of BMP characters; a surrogate half maps to nothing and stays.)
    const s = StringCtor(text);
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      const k = apply(mapGet, keys, [ch]);
      out += k === undefined ? ch : k;
    }
    return out;
  }
  /**
   * When a timed event is released to fuzzed recorders: decided once per event, on one page
   * timeline shared by every recorder script, from the true key code and the key before it.
   * Never early, never out of order, never more than the plan's bound late.
   */
  function dueFor(event) {
    let due = apply(wmGet, dueOf, [event]);
    if (due !== undefined) return due;
    const now = performanceNow();
    let late = 0;
    if (cadence !== null) {
      const plan = cadence.plan;
      const c = isA(KeyboardProto, event) ? apply(mapGet, cadence.slotOf, [read(event, 'code')]) : undefined;
      const slot = c === undefined ? cadence.slots - 1 : c;
      if (event.type === 'keydown') { late = plan.down_ms[prevSlot * cadence.slots + slot]; prevSlot = slot; } else if (event.type === 'keyup') late = plan.up_ms[slot];
      if (typeof late !== 'number') late = 0;
    }
    const floor = mathMax(now, lastDue);
    const bound = cadence !== null ? cadence.plan.max_delay_ms : 0;
    due = mathMin(mathMax(now + late, floor), mathMax(now + bound, floor));
    lastDue = due;
    apply(wmSet, dueOf, [event, due]);
    return due;
  }
  // The getters a recorder reads are wrapped once, on their prototypes, and tell the truth to
  // everyone but the one delivery in progress (`lie`): that event, and the field it happened
  // in, while a fuzzed listener's callback runs. Nothing is defined on the event or the field,
  // so a fuzzed delivery costs a few assignments, the same objects stay in place (a recorder's
  // node mirror and `isTrusted` checks keep working), and the page's own listeners, called
  // outside that window, see the truth.
  let lie = null;
  const TRUTH = {}; // a fake's answer when this read is not one to lie about
  // Whether the page's policy stops or fuzzes any script: reads outside a delivery are then
  // checked too. `typedFields`: the text fields that received input (any input, trusted or
  // not: a page that marks a field itself only makes recorders read fakes from it).
  let guarded = false;
  const typedFields = new WeakSetCtor();
  const isA = (proto, v) => v !== null && typeof v === 'object' && apply(isPrototypeOf, proto, [v]);
  /** The original getter of `prop` on the first prototype of `proto`'s chain that has one. */
  function ownerOf(proto, prop) {
    for (let p = proto; p !== null; p = getPrototypeOf(p)) {
      const d = getOwnPropertyDescriptor(p, prop);
      if (d) return typeof d.get === 'function' ? { proto: p, get: d.get } : null;
    }
    return null;
  }
  // SpiderMonkey (its Error.prototype has the `stack` accessor; V8 puts `stack` on each error)
  // makes a native's `name` and `length` when first asked, so their order as own keys follows
  // the page's own questions: only a Proxy of the native itself answers the same. V8's are
  // made in one order up front, which a plain function has too.
  const LAZY_NATIVES = typeof stackOf === 'function';
  const truth = {}; // prop -> original getter, for reading an event as it is
  const read = (obj, prop) => apply(truth[prop], obj, []);
  /**
   * Wraps `prop`'s getter: during a delivery, `fake(l, obj, get)` may answer instead (or TRUTH);
   * outside one, while the page has a stopped or fuzzed script, `outside(obj, get)` may.
   */
  function lieAbout(proto, prop, fake, outside = null) {
    const o = ownerOf(proto, prop);
    if (!o) return;
    if (!truth[prop]) truth[prop] = o.get;
    const get = o.get;
    // The check is written out in both getters, not shared: a shared closure cost the page's
    // own listeners 50-125 ns per event in V8 (events bench, side by side; BENCHMARKS).
    if (LAZY_NATIVES) {
      wrap(o.proto, prop, (original, thisArg, args) => {
        const l = lie;
        if (l !== null && (thisArg === l.event || (thisArg === l.field && thisArg !== null)) && (l.liar === '' || callerScript() === l.liar)) {
          const v = fake(l, thisArg, original);
          if (v !== TRUTH) return v;
        }
        if (guarded && outside !== null) {
          const v = outside(thisArg, original);
          if (v !== TRUTH) return v;
        }
        return apply(original, thisArg, args);
      }, 'get');
      return;
    }
    // V8: a plain getter, not wrap()'s Proxy: it runs on every read of the page's own
    // listeners too, and a Proxy's call costs several times a function's. A method getter has
    // the native's name ("get clientX"), length 0, no prototype, and cannot be constructed;
    // toString answers for the original.
    const d = getOwnPropertyDescriptor({
      get [prop]() {
        const l = lie;
        if (l !== null && (this === l.event || (this === l.field && this !== null)) && (l.liar === '' || callerScript() === l.liar)) {
          const v = fake(l, this, get);
          if (v !== TRUTH) return v;
        }
        if (guarded && outside !== null) {
          const v = outside(this, get);
          if (v !== TRUTH) return v;
        }
        return apply(get, this, []);
      },
    }, prop);
    apply(wmSet, originals, [d.get, get]);
    defineProperty(o.proto, prop, { ...getOwnPropertyDescriptor(o.proto, prop), get: d.get });
  }
  const shifted = (axis) => (l, obj, get) => (l.mouse && obj === l.event ? apply(get, obj, []) + l[axis] : TRUTH);
  for (const p of ['clientX', 'pageX', 'screenX', 'x', 'offsetX', 'layerX']) lieAbout(MouseProto, p, shifted('dx'));
  for (const p of ['clientY', 'pageY', 'screenY', 'y', 'offsetY', 'layerY']) lieAbout(MouseProto, p, shifted('dy'));
  for (const p of ['key', 'code', 'keyCode', 'which', 'charCode']) {
    lieAbout(KeyboardProto, p, (l, obj) => (l.kb !== null && obj === l.event ? l.kb[p] : TRUTH));
  }
  lieAbout(InputEventProto, 'data', (l, obj, get) => {
    if (!l.data || obj !== l.event) return TRUTH;
    const d = apply(get, obj, []);
    return typeof d === 'string' ? substitute(d) : d;
  });
  const fieldValue = (l, obj, get) => (obj !== l.field ? TRUTH : l.late ? l.value : substitute(apply(get, obj, [])));
  // Outside any delivery: a recorder that reads what was typed on its own timer or observer
  // (polling every field's `value`), not in an input listener, reads the same fakes its
  // listeners were fed, when it is a script the page's policy stops or fuzzes. Only fields the
  // person typed into, and only while the page has such a script: a stack per read then.
  const polledValue = (obj, get) => {
    if (!apply(wsHas, typedFields, [obj])) return TRUTH;
    const a = actionFor(callerScript());
    return a === 'fuzz' || a === 'block' ? substitute(apply(get, obj, [])) : TRUTH;
  };
  lieAbout(InputProto, 'value', fieldValue, polledValue);
  lieAbout(TextAreaProto, 'value', fieldValue, polledValue);
  const targetOf = getterOf(EventProto, 'target');
  // Registered before any page script, on window in the capture phase: the first to hear input.
  apply(addListener, win, ['input', (event) => {
    const t = apply(composedPathOf, event, [])[0]; // the field itself, inside a shadow root too
    if (isA(InputProto, t) || isA(TextAreaProto, t)) apply(wsAdd, typedFields, [t]);
  }, true]);
  const eventPhaseOf = getterOf(EventProto, 'eventPhase');
  const timeStampOf = getterOf(EventProto, 'timeStamp');
  // A late key's time stamp, moved by its delay, through Event.prototype's own getter: no
  // truer stamp is to be had through that getter or by deleting a shadowing property.
  if (LAZY_NATIVES) {
    // SpiderMonkey makes a native method's `name` and `length` when first asked, and redefining
    // a property of Event.prototype makes them for its methods there and then, in another
    // order than a page asking would (found by hostile-probe: composedPath's keys). Ask each
    // method once first, as a page's first question (its own keys) would.
    const names = ownKeys(EventProto);
    for (let i = 0; i < names.length; i++) {
      const d = getOwnPropertyDescriptor(EventProto, names[i]);
      if (d && typeof d.value === 'function') ownKeys(d.value);
    }
  }
  lieAbout(EventProto, 'timeStamp', (l, obj) => (l.late && obj === l.event ? l.timeStamp + l.delay : TRUTH));

  /**
   * A late delivery (timing jitter) happens after the dispatch is over, when the event's
   * currentTarget is null, its phase none and its path empty: for the length of the call, own
   * properties give them as they were (the time stamp, moved by the delay as Date.now() moves,
   * comes from Event.prototype's getter). Only keys are delivered late, a few a second.
   * Returns the names to delete after the call.
   */
  function shadowLate(event, l) {
    const done = [];
    const put = (name, value) => {
      if (getOwnPropertyDescriptor(event, name)) return; // the page's own: left alone
      if (defineProperty(event, name, { value, writable: true, enumerable: false, configurable: true })) apply(arrPush, done, [name]);
    };
    put('currentTarget', l.current);
    put('eventPhase', l.phase);
    put('composedPath', l.composedPath);
    return done;
  }

  /**
   * What a recorder will be shown of `event`, fixed now (at dispatch), so that a delivery
   * delayed for timing jitter still describes this event. Reads go through the originals.
   */
  function falsify(event, currentTarget, late) {
    const l = { event, mouse: false, dx: 0, dy: 0, kb: null, data: false, field: null, value: '', late, delay: 0, current: null, phase: 0, timeStamp: 0, composedPath: null, liar: '' };
    if (isA(MouseProto, event)) { // PointerEvent, WheelEvent and DragEvent too
      l.mouse = true;
      if (pointer.length >= 2) {
        l.dx = pointer[pointerAt];
        l.dy = pointer[pointerAt + 1];
        pointerAt = (pointerAt + 2) % (pointer.length - (pointer.length % 2));
      }
    } else if (isA(KeyboardProto, event)) {
      const to = apply(mapGet, keys, [read(event, 'key')]);
      if (to !== undefined) {
        const code = read(event, 'code');
        const c = apply(mapGet, codes, [code]);
        const charCode = apply(codePointAt, to, [0]);
        const keyCode = c ? c.key_code : read(event, 'keyCode');
        const press = event.type === 'keypress';
        l.kb = { key: to, code: c ? c.code : code, keyCode: press ? charCode : keyCode, which: press ? charCode : keyCode, charCode: press ? charCode : 0 };
      }
    } else if (isA(InputEventProto, event)) l.data = true;
    const t = targetOf ? apply(targetOf, event, []) : null;
    if (isA(InputProto, t) || isA(TextAreaProto, t)) {
      l.field = t;
      if (late) l.value = substitute(apply(isA(InputProto, t) ? inputValueOf : textAreaValueOf, t, []));
    }
    if (late) {
      const path = apply(composedPathOf, event, []);
      l.composedPath = function composedPath() { return apply(arrSlice, path, []); };
      l.current = currentTarget;
      l.phase = apply(eventPhaseOf, event, []);
      l.timeStamp = apply(timeStampOf, event, []);
    }
    return l;
  }

  // --- listeners: wrapped at registration, decided at dispatch ---
  const wrappers = new WeakMapCtor(); // listener -> Map("type|capture" -> wrapper)
  const inputTypes = new MapCtor(); // script -> the event types it registered listeners for
  function noteType(script, type) {
    let types = apply(mapGet, inputTypes, [script]);
    if (types === undefined) { types = []; apply(mapSet, inputTypes, [script, types]); }
    if (types.length < 64 && apply(arrIndexOf, types, [type]) < 0) apply(arrPush, types, [type]);
  }

  function callListener(listener, thisArg, event) {
    if (typeof listener === 'function') return apply(listener, thisArg, [event]);
    const handle = listener && listener.handleEvent;
    return typeof handle === 'function' ? apply(handle, listener, [event]) : undefined;
  }

  // Late deliveries, one queue for the page with one timer at a time: timers alone do not keep
  // order (Firefox fired two keys due 1 ms apart the wrong way round), and one timeline for
  // every recorder script (a recorder split over several scripts gets no second draw).
  const pageQueue = { items: [], armed: false }; // items: [{due, deliver}] in release order
  function arm(q) {
    q.armed = true;
    setTimeoutFn(() => {
      q.armed = false;
      const next = apply(arrShift, q.items, []);
      if (q.items.length) arm(q); // first: a listener that throws must not stop the queue
      next.deliver();
    }, mathMax(0, q.items[0].due - performanceNow()));
  }

  /**
   * A listener the page registered through a recorder's wrapper (`via`) is the page's: it runs,
   * and the page's code in it reads the truth. The wrapper's code runs in the same call, so for
   * that call every read made from the wrapper's file is a fuzzed one (`liar`); its uploads are
   * the sinks' business.
   */
  function deliverShared(listener, thisArg, event, via) {
    count('fuzzed', via);
    const l = falsify(event, thisArg, false);
    l.liar = via;
    const outer = lie;
    lie = l;
    try {
      return callListener(listener, thisArg, event);
    } finally {
      lie = outer;
    }
  }

  // --- input held before the first policy ---
  let held = []; // [{listener, thisArg, event, l, at, script, kind, capture}]
  let holdTimer = false;
  function hold(listener, thisArg, event, script, kind, capture) {
    apply(arrPush, held, [{ listener, thisArg, event, l: falsify(event, thisArg, true), at: performanceNow(), script, kind, capture }]);
    if (!holdTimer) { holdTimer = true; setTimeoutFn(flushHeld, BOOT && BOOT.hold_ms > 0 ? BOOT.hold_ms : 1500); }
    return undefined;
  }
  /**
   * Delivers what was held, in order, as the policy now says: dropped (`block`), fakes
   * (`fuzz`, the page's noise now known) or the truth; late, like a fuzzed key, with the
   * event's target, phase, path and time as they were. Without a policy in time: the truth.
   */
  function flushHeld() {
    const items = held;
    held = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      let a = listenerAction(it.script, it.kind, it.capture);
      if (a === 'hold') a = 'allow';
      if (a === 'block') { count('blocked', it.script); continue; }
      const l = it.l;
      if (a === 'fuzz') {
        const now = falsify(it.event, it.thisArg, false); // with the noise the policy brought
        l.kb = now.kb; l.mouse = now.mouse; l.dx = now.dx; l.dy = now.dy; l.data = now.data;
        l.value = substitute(l.value);
        count('fuzzed', it.script);
      } else { l.kb = null; l.mouse = false; l.data = false; }
      l.delay = performanceNow() - it.at;
      const outer = lie;
      lie = l;
      const own = shadowLate(it.event, l);
      try {
        callListener(it.listener, it.thisArg, it.event);
      } catch (e) {
        setTimeoutFn(() => { throw e; }, 0); // reported as the page's own error, not ours
      } finally {
        lie = outer;
        for (let j = 0; j < own.length; j++) deleteProperty(it.event, own[j]);
      }
    }
  }

  function makeWrapper(listener, script, via, kind, capture) {
    return function (event) {
      const type = event && event.type;
      if (!apply(setHas, policy.events, [type])) return callListener(listener, this, event);
      const action = listenerAction(script, kind, capture);
      if (action === 'hold') return hold(listener, this, event, script, kind, capture);
      if (action === 'block') { count('blocked', script); return undefined; }
      if (action !== 'fuzz') {
        if (via !== '' && actionFor(via) !== 'allow') return deliverShared(listener, this, event, via);
        return callListener(listener, this, event);
      }
      count('fuzzed', script);
      const thisArg = this;
      const late = apply(setHas, policy.timed, [type]);
      const l = falsify(event, thisArg, late);
      const deliver = () => {
        const outer = lie; // a callback may dispatch another event to another fuzzed listener
        lie = l;
        const own = l.late ? shadowLate(event, l) : null;
        try {
          return callListener(listener, thisArg, event);
        } finally {
          lie = outer;
          if (own) for (let i = 0; i < own.length; i++) deleteProperty(event, own[i]);
        }
      };
      if (!late) return deliver();
      // Recorders time keys with Date.now(), not event.timeStamp: released late, on the
      // page's cadence, in order.
      const now = performanceNow();
      const due = dueFor(event);
      l.delay = due - now;
      apply(arrPush, pageQueue.items, [{ due, deliver }]);
      if (!pageQueue.armed) arm(pageQueue);
      return undefined;
    };
  }

  function captureOf(options) {
    return options === true || (options !== null && typeof options === 'object' && !!options.capture);
  }

  function wrapperFor(listener, type, capture, create, script, via, kind) {
    let byKey = apply(wmGet, wrappers, [listener]);
    const key = type + '|' + capture;
    let w = byKey && apply(mapGet, byKey, [key]);
    if (!w && create) {
      if (!byKey) { byKey = new MapCtor(); apply(wmSet, wrappers, [listener, byKey]); }
      w = makeWrapper(listener, script, via, kind, capture);
      apply(mapSet, byKey, [key, w]);
    }
    return w;
  }

  // --- another realm's functions on this realm's nodes ---
  // A page can take addEventListener from a fresh iframe (hooked too, but with that frame's
  // policy, which never arrives if the frame is removed at once) and call it on this page's
  // document. A call on a target of another realm is handed to that realm's own function, so
  // the hook of the realm the target lives in decides, as if the page had called it there.
  const NOT_FORWARDED = {};
  let forwarding = false;
  /** The same-origin window whose realm `t` comes from, when it is not this one; else null. */
  function foreignWindow(t) {
    if (t === null || typeof t !== 'object' || apply(isPrototypeOf, EventTargetProto, [t])) return null;
    try {
      const owner = apply(ownerDocumentOf, t, []);
      const view = apply(defaultViewOf, owner === null ? t : owner, []);
      return view && view !== win ? view : null;
    } catch { /* not a Node */ }
    try { return t.window === t && t !== win ? t : null; } catch { return null; }
  }
  /** Calls `ctor.prototype[prop]` (its `part`) of window `w` on `thisArg`; NOT_FORWARDED if it cannot. */
  function forward(w, ctor, prop, part, thisArg, args) {
    if (forwarding) return NOT_FORWARDED; // that realm's function led back here: decide here
    let fn;
    try {
      const d = getOwnPropertyDescriptor(w[ctor].prototype, prop);
      fn = d && d[part];
    } catch { return NOT_FORWARDED; }
    if (typeof fn !== 'function') return NOT_FORWARDED;
    forwarding = true;
    try { return apply(fn, thisArg, args); } finally { forwarding = false; }
  }

  const wrapped = [];
  wrapped[0] = wrap(EventTargetProto, 'addEventListener', (target, thisArg, args) => {
    if (probing && args[0] === PROBE_TYPE) { probeFrames = stackFrames(); return undefined; }
    const fw = foreignWindow(thisArg);
    if (fw) {
      const r = forward(fw, 'EventTarget', 'addEventListener', 'value', thisArg, args);
      if (r !== NOT_FORWARDED) return r;
      evasion('foreign-realm', callerScript());
    }
    // By index, not destructuring: a page can replace the array iterator to hide the listener.
    const type = args[0];
    const listener = args[1];
    const options = args[2];
    if (typeof type !== 'string' || type === IN || type === OUT || listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
      return apply(target, thisArg, args);
    }
    const capture = captureOf(options);
    const who = attribute(thisArg);
    const script = who.script;
    const o = { kind: 'listener', event: type, target: targetKind(thisArg), capture, script };
    if (who.via) o.via = who.via;
    observe(o, 'l|' + type + '|' + targetKind(thisArg) + '|' + capture + '|' + script + '|' + who.via);
    noteType(script, type);
    const w = wrapperFor(listener, type, capture, true, script, who.via, targetKind(thisArg));
    const rest = [type, w];
    for (let i = 2; i < args.length; i++) rest[i] = args[i];
    return apply(target, thisArg, rest);
  });

  wrapped[1] = wrap(EventTargetProto, 'removeEventListener', (target, thisArg, args) => {
    const fw = foreignWindow(thisArg);
    if (fw) {
      const r = forward(fw, 'EventTarget', 'removeEventListener', 'value', thisArg, args);
      if (r !== NOT_FORWARDED) return r;
    }
    const type = args[0];
    const listener = args[1];
    const options = args[2];
    const w = (listener !== null && (typeof listener === 'function' || typeof listener === 'object'))
      ? wrapperFor(listener, StringCtor(type), captureOf(options), false) : undefined;
    if (!w) return apply(target, thisArg, args);
    const rest = [type, w];
    for (let i = 2; i < args.length; i++) rest[i] = args[i];
    return apply(target, thisArg, rest);
  });

  // `on*` handler properties: the setter stores our wrapper, the getter gives back the original.
  const handlerOf = new WeakMapCtor(); // wrapper -> page's handler
  function wrapHandlerProperty(proto, ctor, prop) {
    const desc = getOwnPropertyDescriptor(proto, prop);
    if (!desc || typeof desc.set !== 'function' || typeof desc.get !== 'function') return;
    const type = apply(strSlice, prop, [2]);
    wrap(proto, prop, (set, thisArg, args) => {
      const fw = foreignWindow(thisArg);
      if (fw) {
        const r = forward(fw, ctor, prop, 'set', thisArg, args);
        if (r !== NOT_FORWARDED) return r;
        evasion('foreign-realm', callerScript());
      }
      const fn = args[0];
      if (typeof fn !== 'function') return apply(set, thisArg, args);
      const script = callerScript();
      noteType(script, type);
      observe({ kind: 'listener', event: type, target: targetKind(thisArg), capture: false, script }, 'h|' + type + '|' + targetKind(thisArg) + '|' + script);
      const w = makeWrapper(fn, script, '', targetKind(thisArg), false);
      apply(wmSet, handlerOf, [w, fn]);
      return apply(set, thisArg, [w]);
    }, 'set');
    wrap(proto, prop, (get, thisArg, args) => {
      const fw = foreignWindow(thisArg);
      if (fw) {
        const r = forward(fw, ctor, prop, 'get', thisArg, args);
        if (r !== NOT_FORWARDED) return r;
      }
      const v = apply(get, thisArg, args);
      return (v && apply(wmHas, handlerOf, [v])) ? apply(wmGet, handlerOf, [v]) : v;
    }, 'get');
  }
  for (const [proto, ctor] of [[HTMLElement.prototype, 'HTMLElement'], [Document.prototype, 'Document'], [Window.prototype, 'Window']]) {
    for (const prop of ownKeys(proto)) {
      if (typeof prop === 'string' && apply(strIndexOf, prop, ['on']) === 0) wrapHandlerProperty(proto, ctor, prop);
    }
  }

  /** Reports, once, that the page replaced or removed the listener wrappers (seen at a flush). */
  let replacedSeen = false;
  function checkWrappers() {
    if (replacedSeen) return;
    const a = getOwnPropertyDescriptor(EventTargetProto, 'addEventListener');
    const r = getOwnPropertyDescriptor(EventTargetProto, 'removeEventListener');
    if ((a && a.value) === wrapped[0] && (r && r.value) === wrapped[1]) return;
    replacedSeen = true;
    apply(arrPush, batch, [{ kind: 'evasion', how: 'wrapper-replaced', script: '' }]);
  }

  // --- the ways data leaves a page: observed for leak proof, rewritten for fuzz-mode scripts ---
  // URL and URLSearchParams as they were before any page script, for reading and stripping
  // what leaves: a pixel that replaced `URLSearchParams.prototype.delete` (or `window.URL`)
  // would otherwise keep its identity fields in the rewritten beacon.
  const URLCtor = URL;
  const SearchParamsCtor = URLSearchParams;
  const SearchParamsProto = URLSearchParams.prototype;
  const searchParamsOf = getterOf(URL.prototype, 'searchParams');
  const hrefOf = getterOf(URL.prototype, 'href');
  const baseURIOf = getterOf(Node.prototype, 'baseURI');
  const paramsKeys = SearchParamsProto.keys;
  const paramsDelete = SearchParamsProto.delete;
  const paramsToString = SearchParamsProto.toString;
  const paramsIteratorNext = getPrototypeOf(apply(paramsKeys, new SearchParamsCtor(), [])).next;
  function excerpt(body) {
    if (body === undefined || body === null) return '';
    if (typeof body === 'string') return apply(strSlice, body, [0, MAX_BODY_CHARS]);
    if (isA(SearchParamsProto, body)) return apply(strSlice, apply(paramsToString, body, []), [0, MAX_BODY_CHARS]);
    if (instanceOf(body, FormData)) {
      const parts = [];
      body.forEach((v, k) => { if (typeof v === 'string') apply(arrPush, parts, [encodeURIComponent(k) + '=' + encodeURIComponent(v)]); });
      return apply(strSlice, apply(arrJoin, parts, ['&']), [0, MAX_BODY_CHARS]);
    }
    return ''; // Blob / ArrayBuffer bodies: the background reads those from webRequest
  }
  /** Deletes the policy's identity parameters from `params`; true when one was there. */
  function stripParams(params) {
    const names = [];
    const it = apply(paramsKeys, params, []);
    for (let r = apply(paramsIteratorNext, it, []); !r.done; r = apply(paramsIteratorNext, it, [])) apply(arrPush, names, [r.value]);
    let changed = false;
    for (let i = 0; i < names.length; i++) {
      if (apply(setHas, policy.strip, [names[i]])) { apply(paramsDelete, params, [names[i]]); changed = true; }
    }
    return changed;
  }
  /** Removes the policy's identity parameters from a URL string; returns it unchanged if none. */
  function stripUrl(url) {
    if (!policy.strip.size) return url;
    try {
      const u = new URLCtor(StringCtor(url), apply(baseURIOf, doc, []));
      return stripParams(apply(searchParamsOf, u, [])) ? apply(hrefOf, u, []) : url;
    } catch { return url; }
  }
  function stripBody(body) {
    const isParams = isA(SearchParamsProto, body);
    if (!policy.strip.size || (typeof body !== 'string' && !isParams)) return body;
    try {
      const params = new SearchParamsCtor(isParams ? apply(paramsToString, body, []) : body);
      if (!stripParams(params)) return body;
      return isParams ? params : apply(paramsToString, params, []);
    } catch { return body; }
  }
  // --- payloads held for the core's word (one enforcement, whatever found the recorder) ---
  // A payload the hook can read is held until the core has decided on it: in Chrome no rule
  // sees a body, so a recording known only by its shape, or sent by a page's glue code on a
  // recorder's behalf, would otherwise leave. A known recorder's own sends are decided at once
  // from the policy. A stopped send answers the page as an empty success (fetch: 204, XHR: an
  // empty 200 from a data: URL, sendBeacon: true, WebSocket: nothing), so SDKs neither retry
  // nor pile their batches up in memory (docs/enforcement.md).
  const CHECK = 'keyveil:check';
  const DECIDED = 'keyveil:decided';
  const PromiseCtor = Promise;
  const promiseThen = Promise.prototype.then;
  const ResponseCtor = Response;
  const Uint8ArrayCtor = Uint8Array;
  const ArrayBufferCtor = ArrayBuffer;
  const isView = ArrayBuffer.isView;
  const blobBytes = Blob.prototype.arrayBuffer;
  const RequestCtor = Request;
  const requestClone = Request.prototype.clone;
  const requestBytes = Request.prototype.arrayBuffer;
  const requestMethodOf = getterOf(Request.prototype, 'method');
  const requestUrlOf = getterOf(Request.prototype, 'url');
  const fromCharCode = String.fromCharCode;
  const toBase64 = btoa;
  const xhrOpen = XMLHttpRequest.prototype.open;
  const xhrSend = XMLHttpRequest.prototype.send;
  const socketUrlOf = getterOf(WebSocket.prototype, 'url');
  /** Longest a payload waits for the core; then it goes as the page sent it (and is counted). */
  let checkTimeoutMs = 2000;
  let checkSeq = 0;
  const awaiting = new MapCtor(); // id -> resolve
  const then = (p, f, failed) => apply(promiseThen, p, failed ? [f, failed] : [f]);

  /** What the core is shown of a body: `{body}` as text or `{b64}`, or a promise of it. */
  function bodyOf(body) {
    if (body === undefined || body === null) return { body: '' };
    if (typeof body === 'string') return { body: apply(strSlice, body, [0, MAX_BODY_CHARS]) };
    if (isA(SearchParamsProto, body) || instanceOf(body, FormData)) return { body: excerpt(body) };
    if (instanceOf(body, ArrayBufferCtor)) return { b64: base64(new Uint8ArrayCtor(body, 0, mathMin(body.byteLength, MAX_BODY_CHARS))) };
    if (isView(body)) return { b64: base64(new Uint8ArrayCtor(body.buffer, body.byteOffset, mathMin(body.byteLength, MAX_BODY_CHARS))) };
    if (instanceOf(body, Blob)) return then(apply(blobBytes, body, []), (buf) => bodyOf(buf));
    return null; // a stream: unread, it goes as it is (Firefox's request observer still sees it)
  }
  function base64(bytes) {
    let bin = '';
    for (let i = 0; i < bytes.length; i += 8192) bin += apply(fromCharCode, null, apply(arrSlice, bytes, [i, i + 8192]));
    return toBase64(bin);
  }

  /**
   * Asks the core about one payload; resolves to `{action, body}`: `block` (send nothing),
   * else send, with `body` (a string) in place of the page's when the core rewrote it.
   * `allow` when it cannot answer in time.
   */
  function ask(sink, url, body, script) {
    return new PromiseCtor((resolve) => {
      const id = ++checkSeq;
      let done = false;
      const finish = (action, replacement, newUrl) => {
        if (done) return;
        done = true;
        apply(mapDelete, awaiting, [id]);
        resolve({ action, body: replacement, url: newUrl });
      };
      apply(mapSet, awaiting, [id, finish]);
      setTimeoutFn(() => finish('allow'), checkTimeoutMs);
      const send = (b) => {
        if (b === null) { finish('allow'); return; }
        const msg = { id, sink, url: apply(strSlice, absolute(url), [0, 8192]), script };
        if (b.b64 !== undefined) msg.b64 = b.b64; else msg.body = b.body;
        apply(dispatch, channel, [new CustomEventCtor(CHECK, { detail: stringify(msg) })]);
      };
      const b = bodyOf(body);
      if (instanceOf(b, PromiseCtor)) then(b, send, () => send(null)); else send(b);
    });
  }
  const hostnameOf = getterOf(URL.prototype, 'hostname');
  /** True when `url` goes to a host a typed value already went to (held even without a body). */
  function toProven(url) {
    if (!proven.size) return false;
    try { return apply(setHas, proven, [apply(hostnameOf, new URLCtor(StringCtor(url), apply(baseURIOf, doc, [])), [])]); } catch { return false; }
  }
  /**
   * `url` resolved against the document, as the request will go: a page's own uploads name
   * relative paths ('/api/events'), which the core could neither classify nor file.
   */
  function absolute(url) {
    try { return apply(hrefOf, new URLCtor(StringCtor(url), apply(baseURIOf, doc, [])), []); } catch { return StringCtor(url); }
  }
  /** The action for a send by `script` before any question: a known recorder's is its own. */
  function sendAction(script) {
    const a = actionFor(script);
    return a === 'allow' || !connected ? null : a;
  }
  /**
   * A known recorder's send, stopped at once: the core is still told, so that it files the
   * request as blocked (its answer changes nothing here).
   */
  function stopped(sink, url, body, script) { ask(sink, url, body, script); }

  // Calls the page cannot make (a wrong `this`, missing arguments) go to the native as they
  // are, so they fail with the browser's own error, never succeed through a held path.
  const userAgentOf = getterOf(Navigator.prototype, 'userAgent');
  const readyStateOf = getterOf(XMLHttpRequest.prototype, 'readyState');
  const branded = (getter, obj) => { try { apply(getter, obj, []); return true; } catch { return false; } };

  wrap(Navigator.prototype, 'sendBeacon', (target, thisArg, args) => {
    if (args.length < 1 || !branded(userAgentOf, thisArg)) return apply(target, thisArg, args);
    const script = callerScript();
    const url = args[0];
    const body = args[1];
    if (sendAction(script) === 'block') { stopped('beacon', url, body, script); return true; }
    if (!connected) return apply(target, thisArg, args);
    then(ask('beacon', url, body, script), (d) => {
      if (d.action === 'block') return;
      const b = d.body !== undefined ? d.body : body;
      const to = d.url !== undefined ? d.url : url;
      apply(target, thisArg, d.action === 'fuzz' ? [stripUrl(to), stripBody(b)] : [to, b]);
    });
    return true;
  });
  wrap(win, 'fetch', (target, thisArg, args) => {
    if (args.length < 1 || (thisArg !== undefined && thisArg !== null && thisArg !== win)) return apply(target, thisArg, args);
    const input = args[0];
    const init = args[1];
    const isRequest = instanceOf(input, Request);
    const url = isRequest ? apply(requestUrlOf, input, []) : StringCtor(input);
    const script = callerScript();
    const empty = () => new ResponseCtor(null, { status: 204, statusText: 'No Content' });
    let body = init && init.body;
    if (sendAction(script) === 'block') { stopped('fetch', url, body, script); return new PromiseCtor((resolve) => resolve(empty())); }
    let later = null; // a Request's own body, read from a copy
    if ((body === undefined || body === null) && isRequest) {
      const m = apply(requestMethodOf, input, []);
      if (m !== 'GET' && m !== 'HEAD') { try { later = apply(requestBytes, apply(requestClone, input, []), []); } catch { later = null; } }
    }
    if (!connected || (later === null && (body === undefined || body === null) && !toProven(url))) return apply(target, thisArg, args);
    const go = (b) => then(ask('fetch', url, b, script), (d) => {
      if (d.action === 'block') return empty();
      if (d.body === undefined && d.url === undefined) return apply(target, thisArg, args);
      // The core's rewrite in place of the body or the URL: a copy of the request or options.
      const to = d.url !== undefined ? d.url : isRequest ? input : args[0];
      const opts = d.body !== undefined ? { body: d.body } : {};
      return isRequest ? apply(target, thisArg, [new RequestCtor(new RequestCtor(to, input), opts)])
        : apply(target, thisArg, [to, { ...init, ...opts }]);
    });
    return later !== null ? then(later, go, () => apply(target, thisArg, args)) : go(body === undefined || body === null ? '' : body);
  });
  const xhrUrl = new WeakMapCtor();
  const xhrSync = new WeakMapCtor();
  wrap(XMLHttpRequest.prototype, 'open', (target, thisArg, args) => {
    apply(wmSet, xhrUrl, [thisArg, StringCtor(args[1])]);
    apply(wmSet, xhrSync, [thisArg, args.length > 2 && !args[2]]);
    return apply(target, thisArg, args);
  });
  /** Ends a stopped XHR as an empty success, with the events a page waits for. */
  function emptyXhr(xhr) {
    try { apply(xhrOpen, xhr, ['GET', 'data:,', !apply(wmGet, xhrSync, [xhr])]); apply(xhrSend, xhr, []); } catch { /* aborted meanwhile */ }
  }
  wrap(XMLHttpRequest.prototype, 'send', (target, thisArg, args) => {
    // Not opened (or not an XHR): the native throws its own error.
    if (!branded(readyStateOf, thisArg) || apply(readyStateOf, thisArg, []) !== 1) return apply(target, thisArg, args);
    const url = apply(wmGet, xhrUrl, [thisArg]) || '';
    const script = callerScript();
    const body = args[0];
    if (sendAction(script) === 'block') { stopped('xhr', url, body, script); emptyXhr(thisArg); return undefined; }
    if (!connected || body === undefined || body === null || apply(wmGet, xhrSync, [thisArg])) return apply(target, thisArg, args);
    then(ask('xhr', url, body, script), (d) => {
      if (d.action === 'block') { emptyXhr(thisArg); return; }
      try { apply(target, thisArg, d.body !== undefined ? [d.body] : args); } catch { /* aborted or re-opened meanwhile */ }
    });
    return undefined;
  });
  // A socket's frames go in the order sent, each after the core's word on it.
  const socketQueues = new WeakMapCtor(); // socket -> { items: [{data, script}], busy }
  function pump(target, socket, q) {
    if (q.busy || !q.items.length) return;
    q.busy = true;
    const next = apply(arrShift, q.items, []);
    then(ask('websocket', apply(socketUrlOf, socket, []), next.data, next.script), (d) => {
      if (d.action !== 'block') { try { apply(target, socket, [d.body !== undefined ? d.body : next.data]); } catch { /* closed meanwhile */ } }
      q.busy = false;
      pump(target, socket, q);
    });
  }
  wrap(WebSocket.prototype, 'send', (target, thisArg, args) => {
    if (args.length < 1 || !branded(socketUrlOf, thisArg)) return apply(target, thisArg, args);
    const script = callerScript();
    if (sendAction(script) === 'block') { stopped('websocket', apply(socketUrlOf, thisArg, []), args[0], script); return undefined; }
    if (!connected) return apply(target, thisArg, args);
    let q = apply(wmGet, socketQueues, [thisArg]);
    if (!q) { q = { items: [], busy: false }; apply(wmSet, socketQueues, [thisArg, q]); }
    apply(arrPush, q.items, [{ data: args[0], script }]);
    pump(target, thisArg, q);
    return undefined;
  });
  // A recorder's worker: what the recorder posts into it is the recording (a worker started
  // from a blob cannot be hooked, and it uploads on its own), so the post is the sink. A worker
  // belongs to the script that started it. A stopped recorder's worker is posted nothing; a
  // fuzzed one's, or one of any script that listens to input, gets each post as the core
  // answers for it, in order: typed values in it replaced by the fakes, and a script that
  // posts what it heard named a recorder by that, as if it had sent it itself.
  const construct = Reflect.construct;
  const workerOwner = new WeakMapCtor(); // worker -> { script, url, items, busy }
  const cloneOf = typeof structuredClone === 'function' ? structuredClone : null;
  function listensToInput(script) {
    const types = apply(mapGet, inputTypes, [script]);
    if (types === undefined) return false;
    for (let i = 0; i < types.length; i++) if (apply(setHas, policy.events, [types[i]])) return true;
    return false;
  }
  if (typeof win.Worker === 'function') {
    const desc = getOwnPropertyDescriptor(win, 'Worker');
    const WorkerCtor = desc.value;
    const proxy = new ProxyCtor(WorkerCtor, {
      construct(target, args, newTarget) {
        const w = construct(target, args, newTarget);
        apply(wmSet, workerOwner, [w, { script: callerScript(), url: absolute(args[0]), items: [], busy: false }]);
        return w;
      },
    });
    apply(wmSet, originals, [proxy, WorkerCtor]);
    defineProperty(win, 'Worker', { ...desc, value: proxy });
    // Each post is asked about at once (the questions overlap), and delivered in order.
    const postTo = (target, worker, w) => {
      if (w.busy || !w.items.length) return;
      w.busy = true;
      const next = apply(arrShift, w.items, []);
      then(next.answer, (d) => {
        if (d.action !== 'block') {
          let data = next.args;
          if (d.body !== undefined) {
            try { data = [parse(d.body)]; } catch { data = null; }
          }
          // A rewrite that is no longer the page's data shape is not sent at all.
          if (data !== null) { try { apply(target, worker, data); } catch { /* terminated meanwhile */ } }
        }
        w.busy = false;
        postTo(target, worker, w);
      });
    };
    wrap(WorkerCtor.prototype, 'postMessage', (target, thisArg, args) => {
      const w = args.length ? apply(wmGet, workerOwner, [thisArg]) : undefined;
      if (w === undefined || !connected) return apply(target, thisArg, args);
      const a = apply(mapGet, policy.scripts, [w.script]);
      if (a === 'block') return undefined;
      if (a !== 'fuzz' && !listensToInput(w.script) && !w.items.length && !w.busy) return apply(target, thisArg, args);
      let text;
      try { text = stringify(args[0]); } catch { text = undefined; }
      const answer = ask('worker', w.url, typeof text === 'string' ? text : '', w.script);
      // A copy as it is now, as postMessage would have made it: SDKs empty the array they
      // posted right after. (Posted later, its buffers are copies: the transfer list is moot.)
      let copy = args;
      if (cloneOf !== null) { try { copy = [cloneOf(args[0])]; } catch { copy = args; } }
      apply(arrPush, w.items, [{ args: copy, answer }]);
      postTo(target, thisArg, w);
      return undefined;
    });
  }

  wrap(HTMLImageElement.prototype, 'src', (set, thisArg, args) => {
    const script = callerScript();
    const action = actionFor(script);
    if (action === 'block') { stopped('image', args[0], '', script); return undefined; }
    if (connected && action === 'allow' && toProven(args[0])) {
      const url = args[0];
      then(ask('image', url, '', script), (d) => { if (d.action !== 'block') apply(set, thisArg, [d.url !== undefined ? d.url : url]); });
      return undefined;
    }
    return apply(set, thisArg, action === 'fuzz' ? [stripUrl(args[0])] : args);
  }, 'set');

  // --- the private channel to the bridge ---
  // The page shares this world and can dispatch any event on window, so a policy on window
  // could be forged by the very recorder it blocks. Instead the hook makes a node that is in
  // no document and hands it to the bridge (as a MouseEvent's relatedTarget, which the
  // isolated world reads as the same node) during the handshake, while both content scripts
  // start at document_start, before any page script. Whichever of the two runs second speaks:
  // the hook announces the node once at start, and answers the bridge's hello at most once,
  // until the bridge says READY on the node. Policies and observations then travel only on the
  // node, which no page script can reach, listen on or dispatch to.
  const channel = apply(createElement, doc, ['keyveil-channel']);
  let connected = false;
  let answered = false;
  const announce = () => apply(dispatch, win, [new MouseEventCtor(HOOK_HELLO, { relatedTarget: channel })]);
  const onBridgeHello = (event) => {
    apply(stopImmediate, event, []);
    if (connected || answered) return;
    answered = true;
    announce();
  };
  apply(addListener, channel, [READY, () => {
    connected = true;
    apply(removeListener, win, [BRIDGE_HELLO, onBridgeHello, true]);
  }]);
  apply(addListener, win, [BRIDGE_HELLO, onBridgeHello, true]);

  // --- the core's word on held payloads, on the channel only ---
  apply(addListener, channel, [DECIDED, (event) => {
    let msg;
    try { msg = parse(apply(detailOf, event, [])); } catch { return; }
    const finish = msg && apply(mapGet, awaiting, [msg.id]);
    if (finish) {
      finish(msg.action === 'block' || msg.action === 'fuzz' ? msg.action : 'allow',
        typeof msg.replacement === 'string' ? msg.replacement : undefined, typeof msg.url === 'string' ? msg.url : undefined);
    }
  }]);

  // --- the policy from the bridge, on the channel only ---
  apply(addListener, channel, [IN, (event) => {
    let msg;
    try { msg = parse(apply(detailOf, event, [])); } catch { return; }
    if (!msg || typeof msg !== 'object') return;
    const p = msg.policy;
    if (p && typeof p === 'object') {
      const scripts = new MapCtor();
      for (const url in p.scripts) apply(mapSet, scripts, [url, StringCtor(p.scripts[url])]);
      policy = {
        scripts,
        unknown: p.paused ? 'allow' : StringCtor(p.unknown || 'allow'),
        pending: p.paused ? 'allow' : StringCtor(p.pending || 'allow'),
        pendingTargets: new SetCtor(isArray(p.pending_targets) ? p.pending_targets : []),
        pendingInline: p.pending_inline === true,
        events: new SetCtor(isArray(p.input_events) ? p.input_events : []),
        timed: new SetCtor(isArray(p.timed_events) ? p.timed_events : []),
        strip: new SetCtor(isArray(p.strip_params) ? p.strip_params : []),
      };
      if (p.paused) policy.scripts = new MapCtor();
      let g = false;
      apply(mapForEach, policy.scripts, [(a) => { if (a === 'fuzz' || a === 'block') g = true; }]);
      guarded = g;
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
    if (p && typeof p.check_timeout_ms === 'number' && p.check_timeout_ms > 0) checkTimeoutMs = p.check_timeout_ms;
    if (isArray(msg.proven)) proven = new SetCtor(msg.proven);
    const plan = msg.cadence;
    if (plan && isArray(plan.codes) && isArray(plan.down_ms) && isArray(plan.up_ms) && typeof plan.max_delay_ms === 'number') {
      const slotOf = new MapCtor();
      for (let i = 0; i < plan.codes.length; i++) apply(mapSet, slotOf, [plan.codes[i], i]);
      const slots = plan.codes.length + 1;
      if (cadence === null) prevSlot = slots - 1; // the first keydown follows "no key"
      cadence = { plan, slots, slotOf };
    }
    if (isArray(msg.pointer)) { pointer = msg.pointer; pointerAt = 0; }
    if (!booted && p && typeof p === 'object') { booted = true; if (held.length) flushHeld(); }
  }]);
  announce();
})();
