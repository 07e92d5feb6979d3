// Runs in: the background. The message catalogue: every message type, who may send it, and
// its handler. Content scripts (which speak for a hostile page) may send only the `page` tier;
// everything else must come from one of the extension's own pages.

import { ext, extensionOrigin } from '../lib/ext.js';
import { engine, wakeMillis, bootId } from './engine.js';
import { getTab, updateTab, siteOf, hostOf, adoptDocument } from './state.js';
import { scriptVerdict } from './verdicts.js';
import { pagePayload, pushPolicy, pushAll } from './policy.js';
import { applyChange, getSettings, onSettingsChanged, settingsProblem } from './settings.js';
import { getReport, record, reportProblems } from './report.js';
import { rememberValues } from './leaks.js';

/** How many observations one page message may carry; more are counted and dropped. */
const MAX_BATCH = 256;
const ACTIONS = new Set(['blocked', 'fuzzed']);
const TARGETS = new Set(['window', 'document', 'element']);
/**
 * Ways around the hook it can see: its listener wrappers replaced, another realm's function
 * called on this page's nodes that could not be handed to that realm's hook, the stack hidden
 * from attribution (Error.prepareStackTrace / stackTraceLimit a page made unchangeable).
 */
const EVASIONS = new Set(['wrapper-replaced', 'foreign-realm', 'stack-hidden']);
/** Evasion records kept per tab. */
const MAX_EVASIONS = 50;
const str = (v, max) => (typeof v === 'string' ? v.slice(0, max) : '');

/** True when the message comes from a page of this extension (popup, dashboard). */
function fromExtensionPage(sender) {
  if (sender.id !== ext.runtime.id) return false;
  const url = sender.origin ?? sender.url ?? '';
  try { return new URL(url).origin === extensionOrigin; } catch { return false; }
}

/** True when the message comes from our content script in a tab. */
function fromContentScript(sender) {
  return sender.id === ext.runtime.id && !!sender.tab && !fromExtensionPage(sender);
}

/** Keeps only well-formed observations, re-built field by field: the page may forge any. */
function cleanObservation(o) {
  if (!o || typeof o !== 'object') return null;
  const script = str(o.script, 2048);
  switch (o.kind) {
    case 'listener':
      if (!str(o.event, 64)) return null;
      return { kind: 'listener', event: str(o.event, 64), target: TARGETS.has(o.target) ? o.target : 'element', capture: o.capture === true, script, via: str(o.via, 2048) };
    case 'handled':
      if (!ACTIONS.has(o.action) || !Number.isSafeInteger(o.count) || o.count < 1) return null;
      return { kind: 'handled', action: o.action, count: Math.min(o.count, 10000), script };
    case 'evasion':
      if (!EVASIONS.has(o.how)) return null;
      return { kind: 'evasion', how: o.how, script };
    default:
      return null;
  }
}

function cleanValues(values) {
  if (!Array.isArray(values)) return [];
  return values.slice(0, 16).filter((v) => v && typeof v.value === 'string' && v.field && typeof v.field === 'object')
    .map((v) => {
      const field = {};
      for (const [k, max] of [['name', 128], ['id', 128], ['type', 32], ['autocomplete', 64]]) if (str(v.field[k], max)) field[k] = str(v.field[k], max);
      return { value: v.value.slice(0, 1024), field };
    });
}

/** Files the observations of one page message; classifies scripts new to the tab. */
async function observe(tabId, pageUrl, observations) {
  const core = await engine();
  const site = siteOf(pageUrl);
  const events = [];
  const later = [];
  let scripts = {};
  await updateTab(tabId, (tab) => {
    scripts = tab.scripts ??= {};
    for (const o of observations) {
      if (o.kind === 'listener') {
        tab.listeners.push({ ...o, at: Date.now() });
        if (o.script && !(o.script in scripts)) scripts[o.script] = null; // no verdict yet
        // A wrapper every listener passed through is judged too: its code runs in each call.
        if (o.via && !(o.via in scripts)) scripts[o.via] = null;
        // A recorder's later listeners widen what it is known to record.
        const v = scripts[o.script];
        if (v && v.class !== 'none') later.push({ site, vendor: v.vendor ?? undefined, host: hostOf(o.script), class: v.class, event: o.event });
      } else if (o.kind === 'handled') {
        tab.handled ??= {};
        tab.handled[o.action] = (tab.handled[o.action] ?? 0) + o.count;
        const v = scripts[o.script];
        // Events withheld from a listener are not requests blocked: their own count.
        const counted = o.action === 'blocked' ? { blocked_events: o.count } : { fuzzed: o.count };
        if (v && v.class !== 'none') events.push({ site, vendor: v.vendor ?? undefined, host: hostOf(o.script), class: v.class, ...counted });
      } else if (o.kind === 'evasion') {
        tab.evasions ??= [];
        if (tab.evasions.length < MAX_EVASIONS && !tab.evasions.some((e) => e.how === o.how && e.script === o.script)) tab.evasions.push({ how: o.how, script: o.script, at: Date.now() });
      }
    }
    if (tab.listeners.length > 1000) tab.listeners.splice(0, tab.listeners.length - 1000);
  });
  for (const { event, ...rest } of later) {
    const inputs = core.inputKinds([event]);
    if (inputs.length) events.push({ ...rest, inputs });
  }
  await record(events, tabId);
  // Verdicts on new scripts: those with a recorder's shape now, the rest once the page has
  // loaded (the core decides which; classifying costs the load a fetch and a scan).
  // Only the scripts this message is about: a waiting script's shape may have changed.
  const tab = await getTab(tabId);
  const touched = new Set(observations.filter((o) => o.kind === 'listener').flatMap((o) => [o.script, o.via]).filter(Boolean));
  const candidates = [...touched].filter((url) => tab.scripts?.[url] === null && !asking.has(`${tabId} ${url}`));
  if (!candidates.length) return;
  const listeners = new Map(candidates.map((url) => [url, []]));
  for (const l of tab.listeners) { listeners.get(l.script)?.push(l); if (l.via) listeners.get(l.via)?.push(l); }
  const urgent = candidates.filter((url) => core.classifyNow(listeners.get(url)));
  // The rest stay `null` in the tab record, which is what pageLoaded looks for.
  if (urgent.length < candidates.length) waitForLoad(tabId, pageUrl);
  await classifyScripts(tabId, pageUrl, urgent);
}

/** Scripts of a tab being classified ("tabId url"), so none is asked for twice at once. */
const asking = new Set();
/** Per tab with scripts waiting for the page's load: its page and the fallback timer. The
 * scripts themselves are the `null` verdicts of the tab record, so a woken worker finds them. */
const waiting = new Map(); // tabId -> { pageUrl, timer }
/** Longest a script waits when the page never finishes loading (long polls, endless images). */
const WAIT_MAX_MS = 3000;

function waitForLoad(tabId, pageUrl) {
  const w = waiting.get(tabId);
  if (w?.pageUrl === pageUrl) return;
  if (w) clearTimeout(w.timer);
  waiting.set(tabId, { pageUrl, timer: setTimeout(() => { pageLoaded(tabId).catch((e) => console.error('KeyVeil: scripts', e)); }, WAIT_MAX_MS) });
}

/** The tab's page has loaded (or waited long enough): classify every script still waiting. */
export async function pageLoaded(tabId) {
  const w = waiting.get(tabId);
  waiting.delete(tabId);
  if (w) clearTimeout(w.timer);
  const tab = await getTab(tabId);
  if (!tab?.scripts) return;
  const urls = Object.keys(tab.scripts).filter((url) => tab.scripts[url] === null && !asking.has(`${tabId} ${url}`));
  if (urls.length) await classifyScripts(tabId, w?.pageUrl ?? tab.url ?? '', urls);
}

/** Verdicts on `urls` for the tab's record; each one that records input changes the page's policy. */
async function classifyScripts(tabId, pageUrl, urls) {
  if (!urls.length) return;
  for (const url of urls) asking.add(`${tabId} ${url}`);
  try {
    const core = await engine();
    const site = siteOf(pageUrl);
    const verdicts = await Promise.all(urls.map(async (url) => [url, await scriptVerdict(url, pageUrl)]));
    let changed = false;
    const tab = await getTab(tabId);
    const listened = (url) => tab.listeners.filter((l) => l.script === url).map((l) => l.event);
    const found = [];
    await updateTab(tabId, (t) => {
      t.scripts ??= {};
      for (const [url, v] of verdicts) {
        // A new page in the tab since: its record is not this script's to fill.
        if (!(url in t.scripts)) continue;
        // Convicted by what it sent meanwhile (sends.js): a clean source does not acquit it.
        if (t.scripts[url] && t.scripts[url].class !== 'none' && (!v || v.class === 'none')) continue;
        t.scripts[url] = v ?? { class: 'none' };
        if (v && v.class !== 'none') {
          changed = true;
          found.push({ site, vendor: v.vendor ?? undefined, host: hostOf(url), class: v.class, first_party: !!v.firstParty, found_by: [v.foundBy], inputs: core.inputKinds(listened(url)) });
        }
      }
    });
    await record(found, tabId);
    if (changed) await pushPolicy(tabId);
  } finally {
    for (const url of urls) asking.delete(`${tabId} ${url}`);
  }
}

const handlers = {
  // --- page tier: from the content script bridge, i.e. from a page we do not trust ---
  'page.hello': {
    tier: 'page',
    async handle(msg, sender) {
      if (sender.frameId === 0 && /^https?:/.test(sender.tab.url ?? '')) await adoptDocument(sender.tab.id, sender.tab.url);
      return pagePayload(sender.tab.id);
    },
  },
  'page.observe': {
    tier: 'page',
    async handle(msg, sender) {
      const batch = Array.isArray(msg.observations) ? msg.observations : [];
      const clean = batch.slice(0, MAX_BATCH).map(cleanObservation).filter(Boolean);
      const pageUrl = sender.tab.url ?? sender.url ?? '';
      const tabId = sender.tab.id;
      await updateTab(tabId, (tab) => {
        tab.rejectedObservations = (tab.rejectedObservations ?? 0) + (batch.length - clean.length);
        tab.droppedByBridge = Math.max(tab.droppedByBridge ?? 0, Number.isSafeInteger(msg.dropped) ? msg.dropped : 0);
        tab.forgedByPage = Math.max(tab.forgedByPage ?? 0, Number.isSafeInteger(msg.forged) ? msg.forged : 0);
      });
      await observe(tabId, pageUrl, clean);
      return { accepted: clean.length };
    },
  },
  'page.values': {
    tier: 'page',
    async handle(msg, sender) {
      await rememberValues(sender.tab.id, cleanValues(msg.values));
      return { ok: true };
    },
  },
  // --- extension tier: only the extension's own pages ---
  'engine.version': {
    tier: 'extension',
    async handle() {
      const core = await engine();
      return { version: core.version(), wakeMillis, boot: bootId };
    },
  },
  'engine.classifyRequest': {
    tier: 'extension',
    async handle(msg) {
      const core = await engine();
      return core.classifyRequest(msg.request);
    },
  },
  'report.tab': {
    tier: 'extension',
    async handle(msg) {
      if (!Number.isInteger(msg.tabId)) throw new Error('tabId must be an integer');
      return getTab(msg.tabId);
    },
  },
  'report.site': {
    tier: 'extension',
    async handle(msg) {
      return (await getReport()).site(String(msg.site ?? ''));
    },
  },
  'settings.get': {
    tier: 'extension',
    async handle() {
      return { settings: await getSettings(), problem: settingsProblem, reportProblems };
    },
  },
  'settings.apply': {
    tier: 'extension',
    handle: (msg) => applyChange(msg.change),
  },
};

onSettingsChanged(() => pushAll());

/**
 * Adds message types to the catalogue, for background modules that own a feature (lists,
 * report views). A type may be registered once; `tier` is 'page' or 'extension'.
 * @param {Record<string, {tier: 'page'|'extension', handle: (msg: object, sender: object) => any}>} entries
 */
export function registerHandlers(entries) {
  for (const [type, h] of Object.entries(entries)) {
    if (Object.hasOwn(handlers, type)) throw new Error(`message type ${type} registered twice`);
    if (h.tier !== 'page' && h.tier !== 'extension') throw new Error(`message type ${type}: bad tier`);
    handlers[type] = h;
  }
}

/**
 * Routes one runtime message through the catalogue. Unknown types and senders outside a
 * type's tier get an error value, never a handler.
 */
export function dispatch(msg, sender) {
  const h = msg && typeof msg.type === 'string' && Object.hasOwn(handlers, msg.type) ? handlers[msg.type] : null;
  if (!h) return Promise.resolve({ error: 'unknown message type' });
  const allowed = h.tier === 'page' ? fromContentScript(sender) : fromExtensionPage(sender);
  if (!allowed) return Promise.resolve({ error: 'not allowed from this sender' });
  return Promise.resolve().then(() => h.handle(msg, sender)).then(
    (result) => ({ result }),
    // A coded error (lib/errors.js) also says its message key, for the page to localise.
    (e) => ({ error: String(e?.message ?? e), ...(typeof e?.code === 'string' ? { code: e.code, params: e.params ?? [] } : {}) }),
  );
}

/** Registers the dispatcher; called synchronously at the top level of the background. */
export function listen() {
  ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    dispatch(msg, sender).then(sendResponse);
    return true; // keeps the channel open for the asynchronous answer (Chrome and Firefox)
  });
}
