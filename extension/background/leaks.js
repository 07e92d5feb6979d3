// Runs in: the background. Asks the core whether a payload leaving a page carries a value the
// person typed; the values arrive from the bridge for this check only and are never stored.
//
// The values and the payloads race: a script that hashes a field on `change` can send before
// the bridge's message with that value arrives. So the last few payloads of each tab are kept
// (in memory, a few seconds) and checked again when new values arrive; each leak is reported
// once per page.

import { engine } from './engine.js';
import { record } from './report.js';
import { updateTab, siteOf } from './state.js';
import { pushPolicy } from './policy.js';

const encoder = new TextEncoder();
/** Payloads kept per tab for a second look, and for how long. */
const RECENT_PAYLOADS = 32;
const RECENT_MS = 5000;

/** Per tab, in memory only: latest typed values, recent payloads, leaks already reported. */
const tabs = new Map(); // tabId -> { values, payloads: [{url, body, sink, pageUrl, at}], seen: Set }

function tabOf(tabId) {
  let t = tabs.get(tabId);
  if (!t) { t = { values: [], payloads: [], seen: new Set() }; tabs.set(tabId, t); }
  return t;
}

/**
 * Remembers a tab's latest typed values (in memory; a worker restart forgets them) and checks
 * the tab's recent payloads against them.
 */
export async function rememberValues(tabId, values) {
  if (!Array.isArray(values) || !values.length) return;
  const t = tabOf(tabId);
  t.values = values;
  const now = Date.now();
  t.payloads = t.payloads.filter((p) => now - p.at <= RECENT_MS);
  for (const p of t.payloads) await probe(tabId, t, p);
}

/** The values last typed into a tab's fields (in memory only), for the core's checks. */
export function typedValues(tabId) {
  return (tabs.get(tabId)?.values ?? []).map((v) => v.value);
}

/** Forgets a tab's values and payloads (a new page, or the tab closed). */
export function forgetValues(tabId) {
  tabs.delete(tabId);
}

/**
 * Checks one outgoing payload (URL and body) of tab `tabId` for the tab's typed values; a
 * proven leak goes to the tab state and the lasting report.
 */
export async function checkPayload(tabId, pageUrl, { url, body, sink }) {
  const t = tabOf(tabId);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const payload = { url, body: bytes ?? undefined, sink: sink ?? 'request', pageUrl, at: Date.now() };
  t.payloads.push(payload);
  if (t.payloads.length > RECENT_PAYLOADS) t.payloads.splice(0, t.payloads.length - RECENT_PAYLOADS);
  return probe(tabId, t, payload);
}

async function probe(tabId, t, { url, body, sink, pageUrl }) {
  if (!t.values.length) return null;
  const core = await engine();
  const event = core.proveLeak(t.values, url, body, pageUrl);
  if (!event) return null;
  // The same field leaving to the same host in the same encoding is one leak, however often
  // it is checked (each keystroke re-checks the recent payloads).
  const fresh = event.leaks.filter((l) => {
    const key = JSON.stringify([l.field, l.encoding, event.host, url]);
    if (t.seen.has(key)) return false;
    t.seen.add(key);
    return true;
  });
  if (!fresh.length) return null;
  await updateTab(tabId, (tab) => {
    tab.leaks ??= [];
    for (const l of fresh) tab.leaks.push({ ...l, to: event.host, vendor: event.vendor ?? null, sink, at: Date.now() });
  });
  await record([{ ...event, leaks: fresh, site: siteOf(pageUrl) }], tabId);
  // The hook now holds this recipient's sends too (the page policy's `proven`).
  await pushPolicy(tabId);
  return event;
}
