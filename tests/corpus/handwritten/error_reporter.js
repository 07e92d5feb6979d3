const crumbs = [];
const MAX = 30;
function crumb(c) { crumbs.push(c); if (crumbs.length > MAX) crumbs.shift(); }
document.addEventListener('click', (e) => {
  const t = e.target;
  crumb({ type: 'ui.click', target: t.tagName.toLowerCase() + (t.id ? '#' + t.id : ''), at: Date.now() });
}, true);
document.addEventListener('keydown', () => crumb({ type: 'ui.key', at: Date.now() }), true);
window.addEventListener('popstate', () => crumb({ type: 'nav', to: location.pathname, at: Date.now() }));
window.addEventListener('error', (ev) => {
  const report = { message: ev.message, file: ev.filename, line: ev.lineno, stack: ev.error && ev.error.stack, crumbs };
  navigator.sendBeacon('/errors', JSON.stringify(report));
});
window.addEventListener('unhandledrejection', (ev) => {
  navigator.sendBeacon('/errors', JSON.stringify({ message: String(ev.reason), crumbs }));
});
