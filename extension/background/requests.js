// Runs in: the background. Every request the core's plan observes (observe-plan.json, from
// src/policy/observe_types.rs) gets the core's verdict. Firefox can cancel a request in
// webRequest itself, after reading its body (a replay item inside a Sentry envelope, an rrweb
// batch to an unknown host), so it sees every request; Chrome blocks with the DNR rules the
// core compiles, and its listeners only watch: sends always, resources (scripts, images, ...)
// when their URL has a query, and the rules' blocks of the rest from the error event. Every
// verdict that records input is reported, and every observed URL and body is checked for
// values the person typed.

import { ext, isFirefox } from '../lib/ext.js';
import { engine } from './engine.js';
import { getSettings } from './settings.js';
import { resetTab, updateTab, siteOf, getTab } from './state.js';
import { record } from './report.js';
import { checkPayload, forgetValues, typedValues } from './leaks.js';
import { noiseFor } from './policy.js';
import { refreshBadge } from './tabview.js';
import { captureScript } from './sources.js';
import { knownScript } from './verdicts.js';
// Which requests to observe, and how: the core's plan (src/policy/observe_types.rs).
import plans from './observe-plan.json' with { type: 'json' };

const plan = isFirefox ? plans.firefox : plans.chrome;

/** Joins the raw request body parts webRequest hands us into one byte array. */
function bodyBytes(details) {
  const body = details.requestBody;
  if (!body) return undefined;
  if (body.raw?.length) {
    const parts = body.raw.filter((p) => p.bytes).map((p) => new Uint8Array(p.bytes));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }
  if (body.formData) {
    return new TextEncoder().encode(new URLSearchParams(
      Object.entries(body.formData).flatMap(([k, vs]) => vs.map((v) => [k, v])),
    ).toString());
  }
  return undefined;
}

/** A new top-level document starts a new record, queued in order with the tab's changes. */
function startPage(details) {
  resetTab(details.tabId, details.url);
  forgetValues(details.tabId);
  refreshBadge(details.tabId);
}

/**
 * Classifies one request with the core, records it, and says whether to cancel it: Firefox's
 * blocking listener, which the request waits for.
 * @param {object} details webRequest.onBeforeRequest details
 * @returns {Promise<object>} the webRequest blocking response (Firefox)
 */
export async function onRequest(details) {
  if (details.tabId < 0) return {};
  if (details.type === 'main_frame') startPage(details);
  const { response, outcome } = await decide(await engine(), details);
  // The request waits (in Firefox) only for the decision; recording happens after.
  recordRequest(outcome).catch((e) => console.error('KeyVeil: report', e));
  return response;
}

/** The core's verdict on one request, what is done with it, and the listener's answer. */
async function decide(core, details) {
  const pageUrl = details.type === 'main_frame' ? details.url : (details.documentUrl ?? details.initiator ?? details.originUrl);
  const body = bodyBytes(details);
  let verdict;
  try {
    verdict = core.classifyRequest({ url: details.url, type: details.type, initiator: pageUrl, method: details.method }, body);
  } catch (e) {
    verdict = { class: 'none', evidence: [], error: String(e?.message ?? e) };
  }
  let action = 'allow';
  if (verdict.class !== 'none' || verdict.listed) {
    // By class; a request of no class that a list's filter blocks is blocked in Firefox as
    // Chrome's rules block it (the core decides both).
    action = core.decideRequest(await getSettings(), siteOf(pageUrl ?? ''), verdict).action;
    // Chrome acts through its DNR rules, which exist only for list filters: record what they
    // really do (the core says), not what was decided.
    if (!isFirefox) action = core.enforcedByRules(verdict, action);
  }
  // Fuzz mode: a recorder's request that still carries a typed value (sent from where the
  // page hook cannot stand, such as a worker, or read from a field outside any listener call)
  // cannot have its body rewritten here: Firefox withholds it (the core decides; Chrome can
  // only watch, see docs/enforcement.md).
  if (isFirefox && action === 'fuzz' && body?.length && details.tabId >= 0) {
    const typed = typedValues(details.tabId);
    if (typed.length) {
      const tab = await getTab(details.tabId);
      const d = core.decideSend(await getSettings(), siteOf(pageUrl ?? ''), { url: details.url, type: details.type, initiator: pageUrl, method: details.method },
        body, { sender: { class: verdict.class, vendor: verdict.vendor ?? undefined }, typed }, await noiseFor(details.tabId, tab));
      if (d.withhold || typeof d.replacement === 'string') action = 'block';
    }
  }
  // Fuzz mode lets a tracker's request through without the identity fields it carries: DNR's
  // queryTransform strips them in Chrome, this redirect in Firefox (the core lists them).
  let redirectUrl;
  let stripped = 0;
  if (action === 'fuzz') {
    const scrubbed = core.scrubPixel(details.url, 'url');
    if (scrubbed.stripped.length) { redirectUrl = scrubbed.payload; stripped = scrubbed.stripped.length; }
  }
  // Firefox: a script's source is copied as the page receives it, for the script classifier,
  // which reads it only when the lists say nothing of the script's URL (as here).
  // Not a blocked one: a response filter attached to a cancelled request takes it over.
  if (action !== 'block' && details.type === 'script' && verdict.class === 'none' && !knownScript(details.url)) captureScript(details);
  const outcome = { details, pageUrl, body, verdict, action, stripped };
  if (!isFirefox) return { response: {}, outcome };
  if (action === 'block') return { response: verdict.redirect ? { redirectUrl: ext.runtime.getURL(verdict.redirect) } : { cancel: true }, outcome };
  return { response: redirectUrl ? { redirectUrl } : {}, outcome };
}

/** Files one request of a tab, with the verdict on it and what was done, in the tab record. */
export function fileRequest(tabId, url, type, verdict, action) {
  return updateTab(tabId, (tab) => {
    tab.requests += 1;
    if (verdict.class === 'none') return;
    const key = `${verdict.vendor ?? new URL(url).hostname}|${verdict.class}`;
    const tr = tab.trackers[key] ??= {
      vendor: verdict.vendor, class: verdict.class, firstParty: verdict.first_party, requests: 0, blocked: 0, evidence: [],
    };
    tr.requests += 1;
    if (action === 'block') tr.blocked += 1;
    for (const e of verdict.evidence ?? []) if (!tr.evidence.includes(e) && tr.evidence.length < 8) tr.evidence.push(e);
    tab.events.push({ at: Date.now(), kind: 'request', url: url.slice(0, 512), type, class: verdict.class, vendor: verdict.vendor, action });
  });
}

/** Files a decided request: counted (`plain`: counted by the caller), reported, leak-checked. */
async function recordRequest({ details, pageUrl, body, verdict, action, stripped }, { plain = false } = {}) {
  const core = await engine();
  if (!plain) await fileRequest(details.tabId, details.url, details.type, verdict, action);
  if (verdict.class !== 'none') {
    await record([{ ...core.requestEvent(verdict, details.url, siteOf(pageUrl ?? ''), action), stripped }], details.tabId);
  }
  // A blocked request carried nothing off the page: only what was sent can be a leak.
  if (pageUrl && action !== 'block') await checkPayload(details.tabId, pageUrl, { url: details.url, body, sink: details.type });
}

// Chrome: the listener only queues. The requests of a burst (a page load dispatches hundreds)
// are judged together a moment later, outside the browser's dispatch and with one wait for
// the core, and the tab's plain requests are counted with one update per batch.
const queue = [];
let draining = null;
/** How long the queue gathers a burst before it is judged (ms). */
const BATCH_MS = 25;

function enqueue(details) {
  queue.push(details);
  if (!draining) draining = setTimeout(() => { drain().catch((e) => console.error('KeyVeil: request', e)); }, BATCH_MS);
}

async function drain() {
  draining = null;
  const batch = queue.splice(0);
  const core = await engine();
  const plain = new Map(); // tabId -> requests with no verdict, counted once at the end
  const flush = (tabId) => {
    const n = plain.get(tabId);
    if (!n) return;
    plain.delete(tabId);
    updateTab(tabId, (tab) => { tab.requests += n; });
  };
  for (const details of batch) {
    try {
      // The tab's new record was started by the listener itself; what was counted before it
      // belongs to the page before.
      if (details.type === 'main_frame') flush(details.tabId);
      const { outcome } = await decide(core, details);
      const none = outcome.verdict.class === 'none';
      if (none) plain.set(details.tabId, (plain.get(details.tabId) ?? 0) + 1);
      recordRequest(outcome, { plain: none }).catch((e) => console.error('KeyVeil: report', e));
    } catch (e) {
      console.error('KeyVeil: request', e);
    }
  }
  for (const tabId of [...plain.keys()]) flush(tabId);
}

/**
 * Requests of the types the rules' blocks are counted for, seen by the observer already: their
 * block is filed from there. Kept briefly (a request's error follows within moments).
 */
const observed = new Set();
const OBSERVED_MAX = 4096;
function remember(requestId) {
  observed.add(requestId);
  if (observed.size > OBSERVED_MAX) for (const id of observed) { observed.delete(id); if (observed.size <= OBSERVED_MAX / 2) break; }
}

/**
 * Registers the listeners the core's plan names for this browser (observe-plan.json, from
 * src/policy/observe_types.rs); called synchronously at the top level of the background.
 */
export function listen() {
  const extra = plan.bodies ? ['requestBody'] : [];
  const every = { urls: ['<all_urls>'], ...(plan.every ? { types: plan.every } : {}) };
  if (plan.blocking) {
    // Firefox accepts a promise from a blocking listener: the request waits for the core.
    ext.webRequest.onBeforeRequest.addListener((d) => onRequest(d).catch((e) => {
      console.error('KeyVeil: request', e);
      return {};
    }), every, ['blocking', ...extra]);
    return;
  }
  const blockedTypes = new Set(plan.blocked);
  const watch = (d) => {
    if (d.tabId < 0) return;
    if (d.type === 'main_frame') startPage(d);
    if (blockedTypes.has(d.type)) remember(d.requestId);
    enqueue(d);
  };
  try {
    ext.webRequest.onBeforeRequest.addListener(watch, every, extra);
    if (plan.with_query.length) {
      ext.webRequest.onBeforeRequest.addListener(watch, { urls: plan.query_urls, types: plan.with_query }, extra);
    }
  } catch (e) {
    // A browser that refuses the plan's filter (a type it does not know) would otherwise leave
    // the background without an observer: watch every request instead, as before the plan.
    console.error('KeyVeil: request filter refused, observing every request', e);
    ext.webRequest.onBeforeRequest.removeListener(watch);
    ext.webRequest.onBeforeRequest.addListener(watch, { urls: ['<all_urls>'] }, extra);
    return;
  }
  if (plan.blocked.length) {
    // The rules' blocks of requests the observer did not ask for: a blocked request fails, and
    // only failed requests are dispatched here.
    ext.webRequest.onErrorOccurred.addListener((d) => {
      if (d.tabId < 0 || d.error !== plan.blocked_error) return;
      if (observed.delete(d.requestId)) return;
      enqueue(d);
    }, { urls: ['<all_urls>'], types: plan.blocked });
  }
}
