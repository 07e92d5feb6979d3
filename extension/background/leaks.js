// Runs in: the background. Asks the core whether a payload leaving a page carries a value the
// person typed; the values arrive from the bridge for this check only and are never stored.

import { engine } from './engine.js';
import { record } from './report.js';
import { updateTab, siteOf } from './state.js';

const encoder = new TextEncoder();
/** Latest typed values per tab, in memory only, for requests the page hook did not see. */
const recentValues = new Map();

/** Remembers a tab's latest typed values (in memory; a worker restart forgets them). */
export function rememberValues(tabId, values) {
  if (Array.isArray(values) && values.length) recentValues.set(tabId, values);
}

/** Forgets a tab's values. */
export function forgetValues(tabId) {
  recentValues.delete(tabId);
}

/**
 * Checks one outgoing payload (URL and body) of tab `tabId` for the tab's typed values; a
 * proven leak goes to the tab state and the lasting report.
 */
export async function checkPayload(tabId, pageUrl, { url, body, sink }) {
  const values = recentValues.get(tabId);
  if (!values?.length) return null;
  const core = await engine();
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const event = core.proveLeak(values, url, bytes ?? undefined, pageUrl);
  if (!event) return null;
  await updateTab(tabId, (tab) => {
    tab.leaks ??= [];
    for (const l of event.leaks) tab.leaks.push({ ...l, to: event.host, vendor: event.vendor ?? null, sink: sink ?? 'request', at: Date.now() });
  });
  await record([{ ...event, site: siteOf(pageUrl) }]);
  return event;
}
