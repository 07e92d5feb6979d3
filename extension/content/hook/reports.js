// Part of the page hook: observations, batched and sent to the bridge.
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
