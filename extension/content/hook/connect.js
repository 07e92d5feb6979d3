// Part of the page hook: the private channel to the bridge, and what arrives on it.
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
