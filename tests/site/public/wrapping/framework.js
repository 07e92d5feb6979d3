// A UI framework in the React/Vue mould: one root listener per event type on the document,
// which routes each event to the handlers components declared (Framework.on). The page's
// handlers therefore run from this file's listener, not from a listener of their own.
(function () {
  var handlers = {};
  function root(e) {
    var list = handlers[e.type] || [];
    for (var i = 0; i < list.length; i++) if (list[i].el === e.target || list[i].el.contains(e.target)) list[i].fn(e);
  }
  window.Framework = {
    on: function (el, type, fn) {
      if (!handlers[type]) { handlers[type] = []; document.addEventListener(type, root, false); }
      handlers[type].push({ el: el, fn: fn });
    },
  };
})();
