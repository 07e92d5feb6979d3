// Runs in: the background. Per-tab state (what the core said about each request and what the
// page hook observed): held in memory, written to `storage.session` shortly after it changes
// (one write per burst, not per change: rewriting a 40 KB record per request was most of
// KeyVeil's cost on a heavy page, see BENCHMARKS.md), and read back by a woken worker. A stop in
// the last moment before a write loses that moment of the tab's record, never of the lasting
// report, whose events are written ahead (report.js) and replayed into this record on wake.

import { ext } from '../lib/ext.js';

const KEY = (tabId) => `tab:${tabId}`;
/** The most request verdicts kept per tab; older ones are counted, not kept. */
const MAX_EVENTS = 500;
/** How long after a change the tab's record is written. */
const WRITE_DELAY_MS = 300;

const records = new Map(); // tabId -> the record, once read
const chains = new Map(); // tabId -> the last queued change of that tab
const timers = new Map(); // tabId -> pending write
const privateTabs = new Map(); // tabId -> Promise<boolean>: the tab is in a private window
/** How long a closed tab's window kind is remembered, for what is filed after it closed. */
const FORGET_PRIVATE_MS = 60000;

function emptyTab(url) {
  return { url, site: siteOf(url), started: Date.now(), requests: 0, dropped: 0, trackers: {}, listeners: [], events: [] };
}

/** The host of `url`, or undefined when it is no URL. */
export function hostOf(url) {
  try { return new URL(url).hostname; } catch { return undefined; }
}

/** The host a report is filed under. */
export function siteOf(url) {
  return hostOf(url) ?? '';
}

async function recordOf(tabId) {
  let tab = records.get(tabId);
  if (!tab) {
    const key = KEY(tabId);
    tab = (await ext.storage.session.get(key))[key] ?? emptyTab('');
    // Another change may have read it meanwhile: keep the first.
    if (records.has(tabId)) tab = records.get(tabId);
    records.set(tabId, tab);
  }
  return tab;
}

function scheduleWrite(tabId) {
  if (timers.has(tabId)) return;
  timers.set(tabId, setTimeout(() => {
    timers.delete(tabId);
    const tab = records.get(tabId);
    if (!tab) return;
    // A failed write (session storage full) loses nothing in memory and must not stop anyone.
    ext.storage.session.set({ [KEY(tabId)]: tab }).catch((e) => console.error('KeyVeil: tab state', e));
  }, WRITE_DELAY_MS));
}

/**
 * Queues `change(tab)` for the state of a tab; resolves once it is applied (in memory, in
 * the order queued; the write to storage follows shortly).
 * @param {number} tabId
 * @param {(tab: object) => void} change
 */
export function updateTab(tabId, change) {
  const prev = chains.get(tabId) ?? Promise.resolve();
  const done = prev.then(async () => {
    const tab = await recordOf(tabId);
    change(tab);
    if (tab.events.length > MAX_EVENTS) {
      tab.dropped += tab.events.length - MAX_EVENTS;
      tab.events.splice(0, tab.events.length - MAX_EVENTS);
    }
    scheduleWrite(tabId);
  }).catch((e) => { console.error('KeyVeil: tab state', e); });
  chains.set(tabId, done);
  return done;
}

/** Empties a record in place for the document at `url`. */
function startOver(tab, url) {
  for (const k of Object.keys(tab)) delete tab[k];
  Object.assign(tab, emptyTab(url));
}

/** Starts a fresh record when a tab loads a new document. */
export function resetTab(tabId, url) {
  // Asked now, while the tab surely exists: what the page sent is filed a moment later (the
  // request observer batches), when a quickly closed tab could no longer be named.
  isPrivateTab(tabId);
  return updateTab(tabId, (tab) => startOver(tab, url));
}

const withoutHash = (url) => String(url ?? '').split('#')[0];

/**
 * Makes sure the tab's record is about the document at `url` (from its top frame's bridge).
 * The main_frame webRequest event normally starts the record, but a worker that was still
 * starting can miss it: then the record has no URL (events filed before it keep their place)
 * or an older page's URL (a fresh record starts).
 */
export function adoptDocument(tabId, url) {
  return updateTab(tabId, (tab) => {
    if (withoutHash(tab.url) === withoutHash(url)) return;
    if (tab.url) {
      startOver(tab, url);
      return;
    }
    tab.url = url;
    tab.site = siteOf(url);
  });
}

/** The state of one tab, or null when nothing was recorded for it. */
export async function getTab(tabId) {
  await chains.get(tabId);
  if (records.has(tabId)) return records.get(tabId);
  const key = KEY(tabId);
  return (await ext.storage.session.get(key))[key] ?? null;
}

/**
 * Whether tab `tabId` is in a private (incognito) window, whose pages KeyVeil protects but never
 * writes to the lasting report. A tab never changes window kind, so the answer is kept per tab.
 * A tab the browser cannot name (closed, or a page it is preparing unseen) counts as private
 * for this once: losing a moment of history is better than keeping one from a private window.
 */
export function isPrivateTab(tabId) {
  if (!Number.isInteger(tabId) || tabId < 0) return Promise.resolve(false);
  let known = privateTabs.get(tabId);
  if (!known) {
    known = ext.tabs.get(tabId).then((tab) => tab.incognito === true);
    privateTabs.set(tabId, known);
    known.catch(() => privateTabs.delete(tabId));
  }
  return known.catch(() => true);
}

/** Forgets a closed tab. */
export function forgetTab(tabId) {
  // Kept a while: a closed tab's last requests are filed after it is gone (tab ids are not
  // reused within a browser session).
  setTimeout(() => privateTabs.delete(tabId), FORGET_PRIVATE_MS);
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
  records.delete(tabId);
  chains.delete(tabId);
  return ext.storage.session.remove(KEY(tabId));
}
