// Runs in: the background. The popup's view of a tab and the toolbar badge, both from the
// core's TabView (the tab's own report joined with the settings); and the "this site is
// broken" records the person can copy, save and share (kept locally, except from a private
// window).

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { getTab, isPrivateTab } from './state.js';
import { getSettings, onSettingsChanged } from './settings.js';
import { onTabRecorded } from './report.js';
import { registerHandlers } from './messages.js';
import { coded } from '../lib/errors.js';

/** Badge colour per worst class: the popup's class colours, so the two read alike. */
const BADGE_COLOURS = {
  'session-replay': '#b42318',
  'keystroke-telemetry': '#b54708',
  'meta-pixel': '#6941c6',
  'ad-pixel': '#175cd3',
};
/** Most broken-site records kept; the oldest go first. */
const MAX_BROKEN = 100;
/** A burst of events on a tab redraws its badge once. */
const BADGE_DELAY_MS = 150;

/** The core's view of tab `tabId`, or null for a tab KeyVeil has no page for. */
export async function viewOf(tabId) {
  const tab = await getTab(tabId);
  if (!tab?.url || !/^https?:/.test(tab.url)) return null;
  const core = await engine();
  return { view: core.tabView(tab.report, tab.site, await getSettings()), tab };
}

const badgeTimers = new Map();

/** Redraws the badge of one tab soon (coalescing bursts). */
export function refreshBadge(tabId) {
  if (badgeTimers.has(tabId)) return;
  badgeTimers.set(tabId, setTimeout(async () => {
    badgeTimers.delete(tabId);
    try {
      const v = await viewOf(tabId);
      const n = v?.view.recorders ?? 0;
      await ext.action.setBadgeText({ tabId, text: n ? String(n) : '' });
      if (n) await ext.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOURS[v.view.worst_class] ?? '#5b6570' });
    } catch {
      // The tab closed in the meantime: nothing to draw.
    }
  }, BADGE_DELAY_MS));
}

/** Redraws every open tab's badge (a setting changed what the popup would say). */
async function refreshAll() {
  const tabs = await ext.tabs.query({});
  for (const t of tabs) refreshBadge(t.id);
}

/** The page a broken-site record names: its address without query or fragment (no typed search, no token). */
function pageOf(url) {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '';
  }
}

async function reportBroken(tabId, note) {
  const v = await viewOf(tabId);
  if (!v) throw coded('errNoSite');
  const core = await engine();
  const record = {
    at: Date.now(),
    site: v.view.site,
    page: pageOf(v.tab.url),
    keyveil: ext.runtime.getManifest().version,
    core: core.version(),
    browser: navigator.userAgent,
    paused: v.view.paused,
    note: typeof note === 'string' ? note.slice(0, 500) : '',
    // What KeyVeil did on the page, by tracker; never a value, never anything typed.
    trackers: v.view.trackers.map((t) => ({
      vendor: t.vendor ?? null, host: t.host ?? null, class: t.class, mode: t.mode.action, set_by: t.mode.source, found_by: t.found_by,
      blocked_requests: t.blocked_requests, blocked_events: t.blocked_events, fuzzed_events: t.fuzzed_events, stripped_fields: t.stripped_fields, allowed_requests: t.allowed_requests, leaks: t.leaks.length,
    })),
    evasions: (v.tab.evasions ?? []).map((e) => e.how),
  };
  // From a private window the record is the person's to copy, never kept.
  if (await isPrivateTab(tabId)) return record;
  const { brokenSites = [] } = await ext.storage.local.get('brokenSites');
  brokenSites.push(record);
  await ext.storage.local.set({ brokenSites: brokenSites.slice(-MAX_BROKEN) });
  return record;
}

registerHandlers({
  'popup.view': {
    tier: 'extension',
    async handle(msg) {
      if (!Number.isInteger(msg.tabId)) throw coded('errBadTab');
      const v = await viewOf(msg.tabId);
      if (!v) return null;
      return {
        ...v.view,
        url: v.tab.url,
        requests: v.tab.requests ?? 0,
        listeners: (v.tab.listeners ?? []).length,
        // What the page did against KeyVeil itself: ways round the hook, forged messages.
        evasions: (v.tab.evasions ?? []).map((e) => ({ how: e.how, script: e.script })),
        forged: v.tab.forgedByPage ?? 0,
        dropped: v.tab.droppedByBridge ?? 0,
        // A private window's page: shown here, kept nowhere.
        private: await isPrivateTab(msg.tabId),
      };
    },
  },
  'popup.reportBroken': {
    tier: 'extension',
    handle: (msg) => {
      if (!Number.isInteger(msg.tabId)) throw coded('errBadTab');
      return reportBroken(msg.tabId, msg.note);
    },
  },
  'popup.brokenList': {
    tier: 'extension',
    async handle() {
      return (await ext.storage.local.get('brokenSites')).brokenSites ?? [];
    },
  },
});

onTabRecorded(refreshBadge);
onSettingsChanged(() => refreshAll());
