https://cdn.example.net/recorder.js
// A hand-written recorder in the rrweb mould, with no vendor name: used by the fuzz test and the
// CLI test. Not real code from any vendor.
var EventType = {}; EventType[EventType.FullSnapshot = 2] = "FullSnapshot";
EventType[EventType.IncrementalSnapshot = 3] = "IncrementalSnapshot";
var Source = {}; Source[Source.MouseInteraction = 2] = "MouseInteraction";
var buf = [], collector = `https://collect.example/${site}/rec?v=${1 + 2}`;
["keydown", "input", "change", "mousemove", "scroll"].forEach(function (ev) {
  document.addEventListener(ev, function (e) {
    buf.push({ t: e.timeStamp, k: e.key, v: e.target.value, x: e.clientX, y: e.clientY });
  }, true);
});
[HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement, HTMLInputElement].forEach(hookValue);
new MutationObserver(function (m) { buf.push(serialize(m)); }).observe(document, { subtree: true });
function flush() { navigator.sendBeacon(collector, JSON.stringify(buf)); buf = []; }
addEventListener("visibilitychange", flush);
var re = /[/]x\/y/g, half = buf.length / 2;
