import { endpoint } from './config.js';

const samples = [];
let started = performance.now();

function sample(event) {
  samples.push(`${event.clientX},${event.clientY},${Math.round(event.timeStamp - started)}`);
}

export function install(root = document) {
  root.addEventListener('pointermove', sample, { capture: true, passive: true });
  root.addEventListener('pointerdown', sample, { capture: true });
  setInterval(send, 5000);
}

async function send() {
  if (samples.length === 0) return;
  const data = new TextEncoder().encode(samples.join(';'));
  samples.length = 0;
  await fetch(endpoint, { method: 'POST', body: data });
}
