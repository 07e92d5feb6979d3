// Runs in: the page's MAIN world, at document_start, in every frame the browser lets it reach.
// It must run there to see which page script registers which input listener, but it shares
// that world with the page: it holds no privilege, asks nothing synchronously, and everything
// it says the bridge treats as a claim made by a hostile page.
(() => {
  'use strict';
  // Built-ins captured before any page script can replace them.
  const { apply, defineProperty, getOwnPropertyDescriptor } = Reflect;
  const ErrorCtor = Error;
  const CustomEventCtor = CustomEvent;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const setTimeoutFn = setTimeout;
  const stringify = JSON.stringify;
  const WeakMapCtor = WeakMap;
  const SetCtor = Set;
  const ProxyCtor = Proxy;
  const fnToString = Function.prototype.toString;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const wmGet = WeakMap.prototype.get;
  const wmSet = WeakMap.prototype.set;
  const wmHas = WeakMap.prototype.has;
  const strIndexOf = String.prototype.indexOf;
  const strSlice = String.prototype.slice;
  const strSplit = String.prototype.split;
  const regExec = RegExp.prototype.exec;
  const arrPush = Array.prototype.push;
  const win = window;
  const doc = document;

  /** The DOM event the bridge listens for; observations travel as a JSON string. */
  const CHANNEL = 'keyveil:observe';
  const EXTENSION_URL = /^(?:chrome|moz)-extension:\/\//;
  const SCRIPT_URL = /((?:https?|file|blob):\/\/[^\s)]+?|(?:chrome|moz)-extension:\/\/[^\s)]+?)(?::\d+){1,2}\)?$/;

  // Our wrappers, mapped to the originals they stand for: toString answers for the original.
  const originals = new WeakMapCtor();

  /**
   * Replaces obj[prop] with a Proxy of the original that runs `onCall(original, this, args)`.
   * A Proxy keeps the original's `name`, `length` and prototype; toString is masked below.
   */
  function wrap(obj, prop, onCall) {
    const desc = getOwnPropertyDescriptor(obj, prop);
    if (!desc || typeof desc.value !== 'function') return;
    const original = desc.value;
    const proxy = new ProxyCtor(original, {
      apply(target, thisArg, args) {
        return onCall(target, thisArg, args);
      },
    });
    apply(wmSet, originals, [proxy, original]);
    defineProperty(obj, prop, { ...desc, value: proxy });
  }

  wrap(Function.prototype, 'toString', (target, thisArg, args) => {
    const shown = apply(wmHas, originals, [thisArg]) ? apply(wmGet, originals, [thisArg]) : thisArg;
    return apply(target, shown, args);
  });

  // --- attribution: which script registered a listener ---
  /** The URL of the first page script on the current stack, or '' for inline / unknown. */
  function callerScript() {
    const stack = new ErrorCtor().stack || '';
    const lines = apply(strSplit, stack, ['\n']);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const m = apply(regExec, SCRIPT_URL, [line]);
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

  // --- observations, batched and deduplicated, sent to the bridge ---
  const seen = new SetCtor();
  let batch = [];
  let scheduled = false;
  function flush() {
    scheduled = false;
    const out = batch;
    batch = [];
    apply(dispatch, win, [new CustomEventCtor(CHANNEL, { detail: stringify(out) })]);
  }
  function observe(o) {
    const key = o.kind + '|' + o.event + '|' + o.target + '|' + o.capture + '|' + o.script;
    if (apply(setHas, seen, [key])) return;
    apply(setAdd, seen, [key]);
    apply(arrPush, batch, [o]);
    if (!scheduled) {
      scheduled = true;
      setTimeoutFn(flush, 0);
    }
  }

  wrap(EventTarget.prototype, 'addEventListener', (target, thisArg, args) => {
    const type = args[0];
    const options = args[2];
    if (typeof type === 'string' && type !== CHANNEL) {
      const capture = options === true || (options !== null && typeof options === 'object' && !!options.capture);
      observe({ kind: 'listener', event: type, target: targetKind(thisArg), capture, script: callerScript() });
    }
    return apply(target, thisArg, args);
  });
})();
