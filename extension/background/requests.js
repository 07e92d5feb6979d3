// Runs in: the background. Observes every request, asks the core for a verdict, and files
// verdicts that record input under the tab's report. Blocking itself is DNR's job (Chrome) or
// the blocking listener's (Firefox); this listener only watches.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { resetTab, updateTab } from './state.js';

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
 * Classifies one request with the core and records the verdict.
 * @param {object} details webRequest.onBeforeRequest details
 */
export async function observeRequest(details) {
  if (details.tabId < 0) return;
  // A new top-level document starts a new record; queued in order with the tab's other changes.
  if (details.type === 'main_frame') resetTab(details.tabId, details.url);
  const core = await engine();
  let verdict;
  try {
    verdict = core.classifyRequest({
      url: details.url,
      type: details.type,
      initiator: details.initiator ?? details.originUrl ?? details.documentUrl,
      method: details.method,
    }, bodyBytes(details));
  } catch (e) {
    verdict = { class: 'none', error: String(e?.message ?? e) };
  }
  await updateTab(details.tabId, (tab) => {
    tab.requests += 1;
    if (verdict.class === 'none') return;
    const key = `${verdict.vendor ?? new URL(details.url).hostname}|${verdict.class}`;
    const tr = tab.trackers[key] ??= {
      vendor: verdict.vendor, class: verdict.class, firstParty: verdict.first_party, requests: 0, evidence: [],
    };
    tr.requests += 1;
    for (const e of verdict.evidence ?? []) if (!tr.evidence.includes(e)) tr.evidence.push(e);
    tab.events.push({ at: Date.now(), kind: 'request', url: details.url, type: details.type, verdict });
  });
}

/** Registers the observer; called synchronously at the top level of the background. */
export function listen() {
  const extra = ['requestBody'];
  ext.webRequest.onBeforeRequest.addListener(
    (details) => { observeRequest(details).catch((e) => console.error('KeyVeil: request', e)); },
    { urls: ['<all_urls>'] },
    extra,
  );
}
