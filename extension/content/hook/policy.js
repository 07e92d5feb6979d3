// Part of the page hook: the policy the core resolved for this page, and the wrapping helpers.
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
