// Runs in: the background. Every request gets the core's verdict. Firefox can cancel a request
// in webRequest itself, after reading its body (a replay item inside a Sentry envelope, an
// rrweb batch to an unknown host); Chrome blocks with the DNR rules the core compiles and
// this listener only watches. Every verdict that records input is reported, and every body
// is checked for values the person typed.

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

/**
 * Classifies one request with the core, records it, and says whether to cancel it.
 * @param {object} details webRequest.onBeforeRequest details
 * @returns {Promise<object>} the webRequest blocking response (Firefox)
 */
export async function onRequest(details) {
  if (details.tabId < 0) return {};
  if (details.type === 'main_frame') {
    // A new top-level document starts a new record, queued in order with the tab's changes.
    resetTab(details.tabId, details.url);
    forgetValues(details.tabId);
    refreshBadge(details.tabId);
  }
  const core = await engine();
  const pageUrl = details.type === 'main_frame' ? details.url : (details.documentUrl ?? details.initiator ?? details.originUrl);
  const body = bodyBytes(details);
  let verdict;
  try {
    verdict = core.classifyRequest({ url: details.url, type: details.type, initiator: pageUrl, method: details.method }, body);
  } catch (e) {
    verdict = { class: 'none', evidence: [], error: String(e?.message ?? e) };
  }
  let action = 'allow';
  if (verdict.class !== 'none') {
    action = core.decide(await getSettings(), siteOf(pageUrl ?? ''), verdict.class, verdict.vendor ?? undefined).action;
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
  if (details.type === 'script' && verdict.class === 'none' && !knownScript(details.url)) captureScript(details);
  // The request waits (in Firefox) only for the decision; recording happens after.
  recordRequest(details, pageUrl, body, verdict, action, stripped).catch((e) => console.error('KeyVeil: report', e));
  if (!isFirefox) return {};
  if (action === 'block') return verdict.redirect ? { redirectUrl: ext.runtime.getURL(verdict.redirect) } : { cancel: true };
  return redirectUrl ? { redirectUrl } : {};
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

async function recordRequest(details, pageUrl, body, verdict, action, stripped) {
  const core = await engine();
  await fileRequest(details.tabId, details.url, details.type, verdict, action);
  if (verdict.class !== 'none') {
    await record([{ ...core.requestEvent(verdict, details.url, siteOf(pageUrl ?? ''), action), stripped }], details.tabId);
  }
  // A blocked request carried nothing off the page: only what was sent can be a leak.
  if (pageUrl && action !== 'block') await checkPayload(details.tabId, pageUrl, { url: details.url, body, sink: details.type });
}

/** Registers the listener; called synchronously at the top level of the background. */
export function listen() {
  const filter = { urls: ['<all_urls>'] };
  if (isFirefox) {
    // Firefox accepts a promise from a blocking listener: the request waits for the core.
    ext.webRequest.onBeforeRequest.addListener((d) => onRequest(d).catch((e) => {
      console.error('KeyVeil: request', e);
      return {};
    }), filter, ['blocking', 'requestBody']);
  } else {
    ext.webRequest.onBeforeRequest.addListener((d) => {
      onRequest(d).catch((e) => console.error('KeyVeil: request', e));
    }, filter, ['requestBody']);
  }
}
