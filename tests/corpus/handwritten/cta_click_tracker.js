import { variant } from './experiments.js';
document.addEventListener('click', (event) => {
  const cta = event.target.closest('[data-cta]');
  if (!cta) return;
  const body = new URLSearchParams({ cta: cta.dataset.cta, variant: variant(), page: location.pathname });
  fetch('/exp/convert', { method: 'POST', body, keepalive: true });
}, true);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.matches('[data-cta]')) event.target.click();
}, true);
