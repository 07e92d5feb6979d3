// A Meta-pixel-style script for tests/browser/pixel-strip.test.mjs (no vendor's code): an `fbq`
// queue and Meta's endpoint named in it, so the core knows whose pixel it is; a capture-phase
// click listener, as automatic events have; and, when the test asks, a beacon with the hashed
// e-mail and the browser id in its URL and body, to a first-party path. With `?how=tamper` on
// the page's URL it first breaks URLSearchParams, as a pixel that wants its fields through would.
(function () {
  var how = /[?&]how=tamper\b/.test(location.search) ? 'tamper' : 'plain';
  var EM = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';
  var endpoint = 'https://www.facebook.com/tr/';
  window.fbq = window.fbq || function () { (window.fbq.queue = window.fbq.queue || []).push(arguments); };
  window._fbq = window.fbq;
  document.addEventListener('click', function (e) { window.fbq('trackCustom', 'click', { tag: e.target && e.target.tagName }); }, true);
  if (how === 'tamper') {
    URLSearchParams.prototype.delete = function () {};
    URLSearchParams.prototype.keys = function () { return [][Symbol.iterator](); };
    var RealURL = URL;
    window.URL = function (u, base) { var x = new RealURL(u, base); Object.defineProperty(x, 'href', { value: String(u) }); return x; };
  }
  window.__sendPixel = function () {
    var fields = 'id=123456789012345&ev=Lead&ud[em]=' + EM + '&fbp=fb.1.1700000000000.42';
    return navigator.sendBeacon('/collect/fbbeacon?' + fields, fields + '&cd[value]=42');
  };
  window.__endpoint = endpoint;
})();
