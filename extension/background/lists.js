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
/**
 * Lines the core did not use kept per subscription, each with its number and reason, for the
 * dashboard to list (the counts cover every line; a list with more says how many are shown).
 */
const MAX_PROBLEMS = 1000;
/** A list server that has not sent the whole list by then is given up on (the old text stays). */
const FETCH_TIMEOUT_MS = 15000;
/**
 * Content types a filter list may come as. Lists are plain text; an HTML page (a login wall,
 * an error page, a parked domain) or an image is never a list, whatever its lines look like.
 */
const LIST_TYPES = /^(text\/plain|text\/x-adblock|application\/octet-stream)?$/i;

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

/**
 * An error for the person: its English text (kept in the subscription record) and a _locales
 * code with parameters, which the page words in the person's language (lib/errors.js).
 */
function listError(code, text, ...params) {
  const e = new Error(text);
  e.code = code;
  e.params = params.map(String);
  return e;
}

function checkUrl(raw) {
  let url;
  try { url = new URL(String(raw ?? '').trim()); } catch { throw listError('errListNotUrl', 'not a URL'); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw listError('errListScheme', 'only http and https lists can be subscribed to');
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
    const got = await fetchList(sub.url, headers);
    if (got === null) { // 304: the stored text is current
      sub.notModifiedAt = sub.checkedAt;
      sub.error = null;
      return;
    }
    const { text } = got;
    const info = core.listInfo(text);
    if (info.summary.filters === 0) throw listError('errListEmpty', 'no filter in the list');
    Object.assign(sub, {
      text,
      etag: got.etag,
      lastModified: got.lastModified,
      title: info.title ?? null,
      version: info.version ?? null,
      expiresHours: info.expires_hours ?? null,
      refreshHours: info.refresh_hours,
      summary: info.summary,
      problems: info.problems.slice(0, MAX_PROBLEMS),
      updatedAt: sub.checkedAt,
      error: null,
      errorCode: null,
      errorParams: [],
    });
  } catch (e) {
    sub.error = String(e?.message ?? e);
    // The page says it in the person's language from these (lib/errors.js); `error` stays
    // the English text, for older pages and the logs.
    sub.errorCode = typeof e?.code === 'string' ? e.code : null;
    sub.errorParams = Array.isArray(e?.params) ? e.params : [];
  }
}

/**
 * One list from a stranger's server, within bounds: at most MAX_LIST_BYTES read (the stream is
 * cut there, so a 1 GB answer costs 8 MiB), FETCH_TIMEOUT_MS in all (a slow server), a list's
 * content type, and the browser's own redirect limit (a loop is a network error). Resolves to
 * `{text, etag, lastModified}`, or null for 304 Not Modified; every other outcome throws a
 * message for the person.
 */
async function fetchList(url, headers) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(listError('errListTimeout', `no complete answer within ${FETCH_TIMEOUT_MS / 1000} s`, FETCH_TIMEOUT_MS / 1000)), FETCH_TIMEOUT_MS);
  try {
    let res;
    try {
      res = await fetch(url, { headers, cache: 'no-store', credentials: 'omit', redirect: 'follow', signal: abort.signal });
    } catch (e) {
      if (abort.signal.aborted) throw abort.signal.reason;
      throw listError('errListFetch', `could not fetch the list (${String(e?.message ?? e)}; a redirect loop or an unreachable server)`, String(e?.message ?? e));
    }
    if (res.status === 304) return null;
    if (!res.ok) throw listError('errListHttp', `HTTP ${res.status}`, res.status);
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!LIST_TYPES.test(type)) {
      abort.abort();
      throw listError('errListType', `served as ${type}, not as a filter list (text/plain)`, type);
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > MAX_LIST_BYTES) {
      abort.abort();
      throw listError('errListTooLarge', `the list is ${declared} bytes, more than the ${MAX_LIST_BYTES} KeyVeil reads`, declared, MAX_LIST_BYTES);
    }
    const reader = res.body.getReader();
    const parts = [];
    let size = 0;
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (abort.signal.aborted) throw abort.signal.reason;
        throw e;
      }
      if (chunk.done) break;
      size += chunk.value.length;
      if (size > MAX_LIST_BYTES) {
        abort.abort();
        throw listError('errListCut', `the list is larger than the ${MAX_LIST_BYTES} bytes KeyVeil reads; stopped there`, MAX_LIST_BYTES);
      }
      parts.push(chunk.value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.length; }
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), etag: res.headers.get('ETag'), lastModified: res.headers.get('Last-Modified') };
  } finally {
    clearTimeout(timer);
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
  if (userRules.length > MAX_LIST_BYTES) throw listError('errRulesTooLarge', 'rules too large', MAX_LIST_BYTES);
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
      // Chrome: what its DNR rules could not hold of all the lists (counts, a few examples).
      const { dnrStatus } = isFirefox ? {} : await ext.storage.local.get('dnrStatus');
      return {
        dnr: dnrStatus ?? null,
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
      if (msg.text.length > MAX_LIST_BYTES) throw listError('errRulesTooLarge', 'rules too large', MAX_LIST_BYTES);
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
      if (subscriptions.some((s) => s.url === url)) throw listError('errListAlready', 'already subscribed');
      if (subscriptions.length >= MAX_SUBSCRIPTIONS) throw listError('errListTooMany', 'too many subscriptions', MAX_SUBSCRIPTIONS);
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
