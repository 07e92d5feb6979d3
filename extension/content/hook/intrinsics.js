// Part of the page hook (built into content/hook.js by tools/content-scripts.mjs): the built-ins
// it uses, captured before any page script can replace them, and its few constants.
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

  const EXTENSION_URL = /^(?:chrome|moz)-extension:\/\//;
  const OUR_FRAME = '@<anonymous code>:';
  // A script run from a blob: URL is named by it whole ("blob:https://site/uuid").
  const SCRIPT_URL = /((?:blob:)?(?:https?|file):\/\/[^\s)]+?|(?:chrome|moz)-extension:\/\/[^\s)]+?)(?::\d+){1,2}\)?$/;
  /** Largest part of a payload the core is shown (its signatures and leak proof read the start). */
  const MAX_BODY_CHARS = 192 * 1024;
