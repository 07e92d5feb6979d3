// Runs in: the dashboard, an extension page (the options page, and opened from the popup).
// Wires the three tabs (sites, settings, lists) to the background; every view draws text
// nodes only. `?tab=lists` / `#lists` opens a tab directly.

import { ask, t, status, download, confirmDialog, failed, localise, explainProblem } from './dom.js';
import { drawChart } from './chart.js';
import { initSites, setSites } from './sites.js';
import { initPrefs, setPrefs } from './prefs.js';
import { initLists, loadLists } from './lists-view.js';

/** The overview: report views and settings, redrawn after every change. */
async function loadOverview() {
  const o = await ask({ type: 'dash.overview' });
  document.getElementById('engine').textContent = t('popupEngine', o.version);
  drawChart(document.getElementById('chart'), o.chart);
  setSites(o.summaries);
  setPrefs(o);
  const notices = [];
  if (o.settingsProblem) notices.push(t('dashSettingsProblem', o.settingsProblemCoded ? explainProblem(o.settingsProblemCoded) : o.settingsProblem));
  for (const p of o.problems ?? []) notices.push(t('dashReportProblem', p.site ?? '', explainProblem(p)));
  const trimmed = o.pruned && ['sites', 'trackers', 'day_entries', 'leaks'].some((k) => o.pruned[k] > 0);
  if (trimmed) notices.push(t('dashPrunedNotice'));
  document.getElementById('notices').replaceChildren(...notices.map((n) => Object.assign(document.createElement('p'), { className: 'notice', textContent: n })));
}

const TABS = ['sites', 'settings', 'lists'];

function selectTab(name, { focus = false } = {}) {
  for (const n of TABS) {
    const tab = document.getElementById(`tab-${n}`);
    const on = n === name;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(`panel-${n}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  if (name === 'lists') loadLists().catch((e) => status(failed(e), { error: true }));
  history.replaceState(null, '', `#${name}`);
}

function initTabs() {
  for (const n of TABS) document.getElementById(`tab-${n}`).addEventListener('click', () => selectTab(n));
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes into the panel.
  document.getElementById('tabs').addEventListener('keydown', (e) => {
    const i = TABS.findIndex((n) => document.getElementById(`tab-${n}`) === document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    selectTab(TABS[(next + TABS.length) % TABS.length], { focus: true });
  });
}

function initHistory() {
  for (const format of ['json', 'csv']) {
    document.getElementById(`export-${format}`).addEventListener('click', async () => {
      try {
        const { text, filename, mime } = await ask({ type: 'dash.export', format });
        download(text, filename, mime);
        status(t('dashExported', filename));
      } catch (e) { status(failed(e), { error: true }); }
    });
  }
  document.getElementById('clear-all').addEventListener('click', async () => {
    if (!(await confirmDialog(t('dashConfirmClearAll')))) return;
    try {
      await ask({ type: 'dash.clear', all: true });
      status(t('dashClearedAll'));
      await loadOverview();
    } catch (e) { status(failed(e), { error: true }); }
  });
}

async function main() {
  localise();
  const reload = () => loadOverview().catch((e) => status(failed(e), { error: true }));
  initTabs();
  initSites(reload);
  initPrefs(reload);
  initLists();
  initHistory();
  try {
    await loadOverview();
    const wanted = new URLSearchParams(location.search).get('tab') ?? location.hash.slice(1);
    selectTab(TABS.includes(wanted) ? wanted : 'sites');
  } catch (e) {
    status(failed(e), { error: true });
  } finally {
    document.body.dataset.ready = 'true';
  }
}

main();
