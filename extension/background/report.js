// Runs in: the background. The lasting report (all sites, all days) is the core's `Report`,
// held in Wasm memory and written to `storage.local`. Events are merged in batches; each
// carries an id, so a batch replayed after a worker restart counts nothing twice.
//
// The browser may stop the worker at any moment, also between a merge and the delayed write:
// so each batch is first written ahead to `storage.session` (one key a batch), and a woken
// worker merges whatever is still there before anything else. A key goes once the report
// that holds its events is stored.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { isPrivateTab, updateTab } from './state.js';

/** Delay before a merged batch is written, so a burst of events costs one write. */
const WRITE_DELAY_MS = 250;
/** Prefix of the write-ahead keys in `storage.session`. */
const AHEAD = 'reportAhead:';
/** Write-ahead keys merged into the report in memory but not yet stored with it. */
let unstored = new Set();
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
      reportProblems = [{ site: null, code: 'errReportUnreadable', params: [String(e?.message ?? e)], reason: String(e?.message ?? e) }];
      report = core.reportLoad(undefined);
      await ext.storage.local.set({ reportUnreadable: stored });
    }
    // Batches the last worker merged but did not live to store.
    const session = await ext.storage.session.get(null);
    const ahead = Object.keys(session).filter((k) => k.startsWith(AHEAD)).sort((a, b) => session[a].at - session[b].at);
    for (const k of ahead) {
      const { tabId, events } = session[k];
      report.merge(events);
      unstored.add(k);
      // The tab records are written a moment after they change: a stop in that moment lost
      // these events there too. Their ids make merging them again harmless.
      if (Number.isInteger(tabId) && tabId >= 0) await updateTab(tabId, (tab) => { tab.report = core.tabMerge(tab.report, events); });
    }
    if (ahead.length) await writeReport();
    return report;
  })();
  return loading;
}

/** Puts one storage problem (of a kind) in the list the dashboard shows; the latest wins. */
function notice(kind, code, cause) {
  const why = String(cause?.message ?? cause);
  reportProblems = [...reportProblems.filter((p) => p.kind !== kind), { kind, site: null, code, params: [why], reason: `${code}: ${why}` }];
}

/** Stores the report now, then drops the write-ahead batches it holds. */
export async function writeReport() {
  const done = [...unstored];
  unstored = new Set();
  try {
    await ext.storage.local.set({ report: report.toJson() });
  } catch (e) {
    // Storage full or failing: keep the batches written ahead, so nothing is lost, and say so.
    for (const k of done) unstored.add(k);
    notice('write', 'errReportWrite', e);
    throw e;
  }
  reportProblems = reportProblems.filter((p) => p.kind !== 'write');
  if (done.length) await ext.storage.session.remove(done);
}

function scheduleWrite() {
  if (writeTimer) return;
  writeTimer = setTimeout(() => {
    writeTimer = null;
    writeReport().catch((e) => console.error('KeyVeil: report write', e));
  }, WRITE_DELAY_MS);
}

// A woken worker replays what the last one did not store, before the first event needs it.
getReport().catch((e) => console.error('KeyVeil: report load', e));

const tabListeners = [];

/** Calls `fn(tabId)` after a tab's own report changed (the badge follows it). */
export function onTabRecorded(fn) {
  tabListeners.push(fn);
}

/**
 * Merges report events (the core's Event shape) into the lasting report and, with `tabId`,
 * into that tab's own report (what the popup shows for the page); ids are added where
 * missing, so the two stay the same events. A private window's tab gets only its own report:
 * nothing of it reaches the lasting report, its write-ahead, the dashboard or an export.
 * @returns {Promise<object|null>} the core's merge outcome (null when nothing was kept)
 */
export async function record(events, tabId) {
  if (!events.length) return null;
  // Events the core built carry `id: null, ts: 0`: stamp those too, not only absent fields.
  const stamped = events.map((e) => ({ ...e, id: e.id ?? crypto.randomUUID(), ts: e.ts || Date.now() }));
  const outcome = (await isPrivateTab(tabId)) ? null : await keep(stamped, tabId);
  if (Number.isInteger(tabId) && tabId >= 0) {
    const core = await engine();
    await updateTab(tabId, (tab) => { tab.report = core.tabMerge(tab.report, stamped); });
    for (const fn of tabListeners) fn(tabId);
  }
  return outcome;
}

/** Writes events ahead, merges them into the lasting report and schedules its write. */
async function keep(stamped, tabId) {
  const r = await getReport();
  const key = `${AHEAD}${stamped[0].id}`;
  let ahead = true;
  try {
    await ext.storage.session.set({ [key]: { at: Date.now(), events: stamped, tabId: Number.isInteger(tabId) ? tabId : null } });
  } catch (e) {
    // Session storage full: the events are still merged and stored with the report; only a
    // stop in the next moment could lose them. Say so rather than drop them.
    ahead = false;
    notice('session', 'errSessionFull', e);
  }
  const outcome = r.merge(stamped);
  if (ahead) unstored.add(key);
  scheduleWrite();
  return outcome;
}
