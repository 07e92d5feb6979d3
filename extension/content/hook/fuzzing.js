// Part of the page hook: what a fuzzed recorder reads instead of the truth.
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
