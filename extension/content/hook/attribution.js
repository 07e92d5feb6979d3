// Part of the page hook: which script is calling, through the page's own wrappers too.
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
