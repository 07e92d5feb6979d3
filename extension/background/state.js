// Runs in: the background. Per-tab state (what the core said about each request and what the
// page hook observed), kept in `storage.session` so a stopped service worker loses nothing.

import { ext } from '../lib/ext.js';

const KEY = (tabId) => `tab:${tabId}`;
/** The most request verdicts kept per tab; older ones are counted, not kept. */
const MAX_EVENTS = 500;

// Changes are queued per tab and applied in one read-modify-write, so a burst of requests
// costs one storage write and two events arriving together cannot overwrite each other.
const pending = new Map(); // tabId -> { changes: [], done: Promise }
const chains = new Map(); // tabId -> the last flush of that tab

function emptyTab(url) {
  return { url, site: siteOf(url), started: Date.now(), requests: 0, dropped: 0, trackers: {}, listeners: [], events: [] };
}

/** The host a report is filed under. */
export function siteOf(url) {
  try { return new URL(url).hostname; } catch { return ''; }
}

async function flush(tabId, changes) {
  const key = KEY(tabId);
  const tab = (await ext.storage.session.get(key))[key] ?? emptyTab('');
  for (const change of changes) change(tab);
  if (tab.events.length > MAX_EVENTS) {
    tab.dropped += tab.events.length - MAX_EVENTS;
    tab.events.splice(0, tab.events.length - MAX_EVENTS);
  }
  await ext.storage.session.set({ [key]: tab });
}

/**
 * Queues `change(tab)` for the stored state of a tab; resolves once it is written.
 * @param {number} tabId
 * @param {(tab: object) => void} change
 */
export function updateTab(tabId, change) {
  let batch = pending.get(tabId);
  if (!batch) {
    batch = { changes: [] };
    pending.set(tabId, batch);
    const prev = chains.get(tabId) ?? Promise.resolve();
    // A failed write (session storage full) loses this change to the tab's record but must
    // not stop the caller: the verdict, the block and the lasting report go on without it.
    batch.done = prev.then(() => {
      pending.delete(tabId);
      return flush(tabId, batch.changes);
    }).catch((e) => { console.error('KeyVeil: tab state', e); });
    chains.set(tabId, batch.done);
  }
  batch.changes.push(change);
  return batch.done;
}

/** Starts a fresh record when a tab loads a new document. */
export function resetTab(tabId, url) {
  return updateTab(tabId, (tab) => {
    for (const k of Object.keys(tab)) delete tab[k];
    Object.assign(tab, emptyTab(url));
  });
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
      for (const k of Object.keys(tab)) delete tab[k];
      Object.assign(tab, emptyTab(url));
      return;
    }
    tab.url = url;
    tab.site = siteOf(url);
  });
}

/** The stored state of one tab, or null. */
export async function getTab(tabId) {
  await chains.get(tabId);
  const key = KEY(tabId);
  return (await ext.storage.session.get(key))[key] ?? null;
}

/** Forgets a closed tab. */
export function forgetTab(tabId) {
  pending.delete(tabId);
  chains.delete(tabId);
  return ext.storage.session.remove(KEY(tabId));
}
