/* benches/browser/recorder.js: a recorder in the rrweb mould for the KeyVeil event benchmark
   (hand-written, no vendor's code). It listens to input on document, reads what a replay needs,
   hooks field values and sends beacons, so the core classifies it as session replay; its
   listener keeps only the last event, so the benchmark times dispatch, not a growing buffer. */
var EventType = {}; EventType[EventType.FullSnapshot = 2] = "FullSnapshot";
EventType[EventType.IncrementalSnapshot = 3] = "IncrementalSnapshot";
var Source = {}; Source[Source.MouseInteraction = 2] = "MouseInteraction";
var buf = [], last = { n: 0 }, collector = "/collect/rec?v=" + (1 + 2);
window.__rec = last;
["keydown", "input", "change", "mousemove", "scroll"].forEach(function (ev) {
  document.addEventListener(ev, function (e) {
    last.n++; last.t = e.timeStamp; last.k = e.key; last.v = e.target.value; last.x = e.clientX; last.y = e.clientY;
  }, true);
});
function hookValue(C) { var d = Object.getOwnPropertyDescriptor(C.prototype, "value"); return d && d.set; }
function serialize(m) { return { type: EventType.IncrementalSnapshot, n: m.length }; }
[HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement, HTMLInputElement].forEach(hookValue);
new MutationObserver(function (m) { buf.push(serialize(m)); }).observe(document, { subtree: true, childList: true });
function flush() { navigator.sendBeacon(collector, JSON.stringify(buf)); buf = []; }
addEventListener("visibilitychange", flush);
