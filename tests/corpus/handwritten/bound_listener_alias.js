const on = document.addEventListener.bind(document);
const beacon = navigator.sendBeacon.bind(navigator);
const trail = [];
on('mousemove', ev => trail.push({ x: ev.clientX, y: ev.clientY, t: performance.now() }), true);
on('mousedown', ev => trail.push({ x: ev.clientX, y: ev.clientY, b: ev.button, t: performance.now() }), true);
on('keydown', ev => trail.push({ k: ev.code, t: performance.now() }), true);
setInterval(() => {
  if (trail.length) beacon('/t/ingest', JSON.stringify(trail.splice(0)));
}, 4000);
