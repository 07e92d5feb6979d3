// Runs in: the background. The person's own rules ("My rules") and subscribed lists: stored in
// `storage.local`, checked line by line by the core, and handed to the core as extra lists so
// request verdicts and Chrome's DNR rules use them. Subscriptions are plain list text fetched
// by URL on an `alarms` schedule, honouring ETag / Last-Modified and the list's `! Expires:`
// (the core reads it: `refresh_hours`). Extension-tier messages only.

import { ext, isFirefox } from '../lib/ext.js';
import { engine } from './engine.js';
import { registerHandlers } from './messages.js';
import { syncRules } from './dnr.js';

const ALARM = 'keyveil-lists';
/** How often the alarm looks for subscriptions that are due (each has its own refresh time). */
const ALARM_MINUTES = 60;
/** Largest list text accepted from a subscription or an import. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;
/** Most subscriptions kept. */
const MAX_SUBSCRIPTIONS = 32;
/** Problems kept per subscription for the dashboard. */
const MAX_PROBLEMS = 50;

/** The stored lists: `{userRules: string, subscriptions: Subscription[]}`. */
async function load() {
  const { userRules, subscriptions } = await ext.storage.local.get(['userRules', 'subscriptions']);
  return { userRules: typeof userRules === 'string' ? userRules : '', subscriptions: Array.isArray(subscriptions) ? subscriptions : [] };
}

let applying = Promise.resolve();

/** Gives the core the current extra lists; Chrome's DNR rules follow. */
function apply({ sync = true } = {}) {
  applying = applying.then(async () => {
    const core = await engine();
    const { userRules, subscriptions } = await load();
    core.setExtraLists([userRules, ...subscriptions.filter((s) => typeof s.text === 'string').map((s) => s.text)]);
    if (sync && !isFirefox) await syncRules();
  }).catch((e) => console.error('KeyVeil: extra lists', e));
  return applying;
}

/** A subscription as the dashboard sees it: everything but its text. */
function view(sub) {
  const { text, ...rest } = sub;
  return { ...rest, hasText: typeof text === 'string' };
}

function checkUrl(raw) {
  let url;
  try { url = new URL(String(raw ?? '').trim()); } catch { throw new Error('not a URL'); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('only http and https lists can be subscribed to');
  return url.href;
}

/**
 * Fetches one subscription (conditionally when it has an ETag or Last-Modified) and files the
 * outcome in `sub`. A failed fetch keeps the last good text.
 */
async function fetchOne(sub) {
  const core = await engine();
  const headers = {};
  if (sub.etag) headers['If-None-Match'] = sub.etag;
  if (sub.lastModified) headers['If-Modified-Since'] = sub.lastModified;
  sub.checkedAt = Date.now();
  try {
    const res = await fetch(sub.url, { headers, cache: 'no-store', credentials: 'omit' });
    if (res.status === 304) {
      sub.error = null;
      sub.notModifiedAt = sub.checkedAt;
      return;
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_LIST_BYTES) throw new Error(`larger than ${MAX_LIST_BYTES} bytes`);
    const info = core.listInfo(text);
    if (info.summary.filters === 0) throw new Error('no filter in the list');
    Object.assign(sub, {
      text,
      etag: res.headers.get('ETag'),
      lastModified: res.headers.get('Last-Modified'),
      title: info.title ?? null,
      version: info.version ?? null,
      expiresHours: info.expires_hours ?? null,
      refreshHours: info.refresh_hours,
      summary: info.summary,
      problems: info.problems.slice(0, MAX_PROBLEMS),
      updatedAt: sub.checkedAt,
      error: null,
    });
  } catch (e) {
    sub.error = String(e?.message ?? e);
  }
}

/** Fetches the subscriptions that are due (or those in `ids`), then applies the lists. */
async function refresh(ids = null) {
  const state = await load();
  const now = Date.now();
  const due = state.subscriptions.filter((s) => (ids ? ids.includes(s.id)
    : !s.text || !s.checkedAt || now - s.checkedAt >= (s.error ? ALARM_MINUTES * 60000 : (s.refreshHours ?? 0) * 3600000)));
  if (!due.length) return state.subscriptions;
  for (const sub of due) await fetchOne(sub);
  // Another change may have landed while fetching: merge the fetched ones into what is stored.
  const now2 = await load();
  const fetched = new Map(due.map((s) => [s.id, s]));
  const subscriptions = now2.subscriptions.map((s) => fetched.get(s.id) ?? s);
  await ext.storage.local.set({ subscriptions });
  await apply();
  return subscriptions;
}

/** Everything the backup file carries of the lists. */
export async function listsBackup() {
  const { userRules, subscriptions } = await load();
  return { userRules, subscriptions: subscriptions.map((s) => ({ url: s.url })) };
}

/**
 * Restores rules and subscriptions from a backup. The rules text is kept as written (bad
 * lines stay visible with their reasons); subscriptions are fetched again.
 */
export async function restoreLists(backup) {
  const userRules = typeof backup?.userRules === 'string' ? backup.userRules : '';
  if (userRules.length > MAX_LIST_BYTES) throw new Error('rules too large');
  const urls = [...new Set((Array.isArray(backup?.subscriptions) ? backup.subscriptions : []).map((s) => checkUrl(s?.url)))];
  const subscriptions = urls.slice(0, MAX_SUBSCRIPTIONS).map((url) => ({ id: crypto.randomUUID(), url, addedAt: Date.now() }));
  await ext.storage.local.set({ userRules, subscriptions });
  await apply();
  refresh().catch((e) => console.error('KeyVeil: list refresh', e));
}

registerHandlers({
  'lists.get': {
    tier: 'extension',
    async handle() {
      const core = await engine();
      const { userRules, subscriptions } = await load();
      const text = core.builtinList();
      return {
        builtin: { text, info: core.listInfo(text) },
        rules: { text: userRules, info: core.listInfo(userRules) },
        subscriptions: subscriptions.map(view),
      };
    },
  },
  'lists.saveRules': {
    tier: 'extension',
    async handle(msg) {
      if (typeof msg.text !== 'string') throw new Error('text must be a string');
      if (msg.text.length > MAX_LIST_BYTES) throw new Error('rules too large');
      const core = await engine();
      // Kept exactly as written: a bad line is shown with its reason, never thrown away.
      await ext.storage.local.set({ userRules: msg.text });
      await apply();
      return core.listInfo(msg.text);
    },
  },
  'lists.check': {
    tier: 'extension',
    async handle(msg) {
      return (await engine()).listInfo(String(msg.text ?? ''));
    },
  },
  'lists.exportRules': {
    tier: 'extension',
    async handle() {
      const core = await engine();
      const { userRules } = await load();
      return { text: core.canonicalList(userRules) };
    },
  },
  'lists.subscribe': {
    tier: 'extension',
    async handle(msg) {
      const url = checkUrl(msg.url);
      const { subscriptions } = await load();
      if (subscriptions.some((s) => s.url === url)) throw new Error('already subscribed');
      if (subscriptions.length >= MAX_SUBSCRIPTIONS) throw new Error('too many subscriptions');
      const sub = { id: crypto.randomUUID(), url, addedAt: Date.now() };
      await ext.storage.local.set({ subscriptions: [...subscriptions, sub] });
      const after = await refresh([sub.id]);
      return view(after.find((s) => s.id === sub.id) ?? sub);
    },
  },
  'lists.unsubscribe': {
    tier: 'extension',
    async handle(msg) {
      const { subscriptions } = await load();
      const left = subscriptions.filter((s) => s.id !== msg.id);
      await ext.storage.local.set({ subscriptions: left });
      await apply();
      return { removed: subscriptions.length - left.length };
    },
  },
  'lists.refresh': {
    tier: 'extension',
    async handle(msg) {
      const { subscriptions } = await load();
      const ids = typeof msg.id === 'string' ? [msg.id] : subscriptions.map((s) => s.id);
      return (await refresh(ids)).map(view);
    },
  },
});

ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) refresh().catch((e) => console.error('KeyVeil: list refresh', e));
});
ext.alarms.get(ALARM).then((a) => a ?? ext.alarms.create(ALARM, { periodInMinutes: ALARM_MINUTES, delayInMinutes: 1 }));

// A woken core knows only the built-in list: give it the person's lists now. Chrome's dynamic
// DNR rules persist, so they are rebuilt only after an install or update, when background.js
// recompiles them and may do so before the lists are loaded: this second sync, queued behind
// it, puts the person's rules back. Until the load finishes (a few ms after a wake) request
// verdicts use the built-in list alone.
apply({ sync: false });
if (!isFirefox) ext.runtime.onInstalled.addListener(() => { apply(); });
