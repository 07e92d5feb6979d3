// Part of the page hook: listeners wrapped at registration and decided at dispatch.
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
