// Part of the page hook: the ways data leaves a page, and payloads held for the core's word.
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
  const workerOwner = new WeakMapCtor(); // worker -> { script, url, items, busy, told }
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
        apply(wmSet, workerOwner, [w, { script: callerScript(), url: absolute(args[0]), items: [], busy: false, told: -Infinity }]);
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
      const a = sendAction(w.script);
      if (a === 'block') {
        // The core is told (at most once a second a worker), so the tab counts what was stopped.
        const now = performanceNow();
        if (now - w.told >= 1000) { w.told = now; stopped('worker', w.url, '', w.script); }
        return undefined;
      }
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
