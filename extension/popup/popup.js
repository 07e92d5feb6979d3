// Runs in: the popup (an extension page). Draws the current tab's report from the background;
// every string from a page or a list is set as text, never as markup.

import { ext, t } from '../lib/ext.js';

const CLASS_MESSAGE = {
  'session-replay': 'classSessionReplay',
  'keystroke-telemetry': 'classKeystrokeTelemetry',
  'meta-pixel': 'classMetaPixel',
  'ad-pixel': 'classAdPixel',
  none: 'classNone',
};

/** Sends a message to the background and unwraps `{result}` / `{error}`. */
async function ask(message) {
  const answer = await ext.runtime.sendMessage(message);
  if (!answer || 'error' in answer) throw new Error(answer?.error ?? 'no answer from the background');
  return answer.result;
}

/** The tab to report on: `?tab=N` when opened as a page (tests), else the active tab. */
async function targetTab() {
  const fromQuery = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
  if (Number.isInteger(fromQuery)) return ext.tabs.get(fromQuery);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function renderTracker(tr) {
  const name = el('span', { class: 'name', text: tr.vendor ?? t('unknownVendor') });
  const badge = el('span', { class: `badge ${tr.class}`, text: t(CLASS_MESSAGE[tr.class] ?? 'classNone') });
  const party = el('span', { class: 'muted', text: ` · ${t(tr.firstParty ? 'firstParty' : 'thirdParty')}` });
  const evidence = el('ul', { class: 'evidence' }, (tr.evidence ?? []).slice(0, 4).map((e) => el('li', { text: e })));
  return el('li', { class: 'tracker', 'data-vendor': tr.vendor ?? '', 'data-class': tr.class }, [name, badge, party, evidence]);
}

async function main() {
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const status = document.getElementById('status');
  try {
    const { version } = await ask({ type: 'engine.version' });
    document.getElementById('engine').textContent = t('popupEngine', version);
    const tab = await targetTab();
    const report = tab ? await ask({ type: 'report.tab', tabId: tab.id }) : null;
    if (!report || !/^https?:/.test(report.url ?? '')) {
      status.textContent = t('popupNoSite');
      return;
    }
    document.getElementById('site').textContent = report.site;
    const trackers = Object.values(report.trackers ?? {});
    document.getElementById('recorders').hidden = trackers.length === 0;
    document.getElementById('tracker-list').replaceChildren(...trackers.map(renderTracker));
    status.textContent = trackers.length === 0 ? t('popupNothing') : '';
    document.getElementById('counts').textContent =
      `${t('popupRequests', report.requests ?? 0)} · ${t('popupListeners', (report.listeners ?? []).length)}`;
  } catch (e) {
    status.textContent = String(e.message ?? e);
  } finally {
    document.body.dataset.ready = 'true';
  }
}

main();
