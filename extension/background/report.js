// Runs in: the background. The lasting report (all sites, all days) is the core's `Report`,
// held in Wasm memory and written to `storage.local`. Events are merged in batches; each
// carries an id, so a batch replayed after a worker restart counts nothing twice.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { updateTab } from './state.js';

/** Delay before a merged batch is written, so a burst of events costs one write. */
const WRITE_DELAY_MS = 250;
let report = null;
let loading = null;
let writeTimer = null;
/** What went wrong loading the stored report, shown in the dashboard. */
export let reportProblems = [];

/** The core's Report, loaded once per wake. */
export function getReport() {
  loading ??= (async () => {
    const core = await engine();
    const { report: stored } = await ext.storage.local.get('report');
    try {
      report = core.reportLoad(typeof stored === 'string' ? stored : undefined);
      reportProblems = report.dropped();
    } catch (e) {
      // A report from a newer KeyVeil is kept as it is; this one starts empty beside it.
      reportProblems = [{ site: null, reason: String(e?.message ?? e) }];
      report = core.reportLoad(undefined);
      await ext.storage.local.set({ reportUnreadable: stored });
    }
    return report;
  })();
  return loading;
}

function scheduleWrite() {
  if (writeTimer) return;
  writeTimer = setTimeout(() => {
    writeTimer = null;
    ext.storage.local.set({ report: report.toJson() }).catch((e) => console.error('KeyVeil: report write', e));
  }, WRITE_DELAY_MS);
}

const tabListeners = [];

/** Calls `fn(tabId)` after a tab's own report changed (the badge follows it). */
export function onTabRecorded(fn) {
  tabListeners.push(fn);
}

/**
 * Merges report events (the core's Event shape) into the lasting report and, with `tabId`,
 * into that tab's own report (what the popup shows for the page); ids are added where
 * missing, so the two stay the same events.
 * @returns {Promise<object>} the core's merge outcome
 */
export async function record(events, tabId) {
  if (!events.length) return null;
  // Events the core built carry `id: null, ts: 0`: stamp those too, not only absent fields.
  const stamped = events.map((e) => ({ ...e, id: e.id ?? crypto.randomUUID(), ts: e.ts || Date.now() }));
  const r = await getReport();
  const outcome = r.merge(stamped);
  scheduleWrite();
  if (Number.isInteger(tabId) && tabId >= 0) {
    const core = await engine();
    await updateTab(tabId, (tab) => { tab.report = core.tabMerge(tab.report, stamped); });
    for (const fn of tabListeners) fn(tabId);
  }
  return outcome;
}
