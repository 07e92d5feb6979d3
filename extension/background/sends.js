// Runs in: the background. The core's word on a payload the page hook holds before it leaves
// (extension/content/hook.js, "payloads held"): the same decision, whatever found the
// recorder (a list rule, the payload's shape, the verdict on the sending script), that the
// browser's own blocking applies to what it can see. A stopped send is filed as a blocked
// request; one that leaves is filed by the request observer like any other request.

import { engine } from './engine.js';
import { getSettings } from './settings.js';
import { getTab, siteOf } from './state.js';
import { record } from './report.js';
import { checkPayload } from './leaks.js';
import { fileRequest } from './requests.js';
import { registerHandlers } from './messages.js';

/** webRequest's resource type for each sink, so a held payload is judged as the browser would. */
const TYPES = { beacon: 'ping', fetch: 'xmlhttprequest', xhr: 'xmlhttprequest', websocket: 'websocket' };

function fromBase64(text) {
  try { return Uint8Array.from(atob(text), (c) => c.charCodeAt(0)); } catch { return new Uint8Array(0); }
}

/** The decision on one held payload of tab `tabId`: `{action}`. */
export async function decideSend(tabId, pageUrl, check) {
  const core = await engine();
  const tab = await getTab(tabId);
  const v = check.script ? tab?.scripts?.[check.script] : null;
  const sender = v && v.class !== 'none' ? { class: v.class, vendor: v.vendor ?? undefined } : undefined;
  const body = typeof check.b64 === 'string' ? fromBase64(check.b64) : new TextEncoder().encode(check.body ?? '');
  const type = TYPES[check.sink] ?? 'xmlhttprequest';
  const d = core.decideSend(await getSettings(), siteOf(pageUrl), { url: check.url, type, initiator: pageUrl, method: 'POST' }, body, sender);
  if (d.action === 'block') {
    if (d.verdict) await fileRequest(tabId, check.url, type, { ...d.verdict, class: d.class, vendor: d.vendor }, 'block');
    if (d.event) await record([d.event], tabId);
  } else if (check.sink === 'websocket') {
    // No request observer sees a socket's frames: the leak check happens here.
    await checkPayload(tabId, pageUrl, { url: check.url, body, sink: 'websocket' });
  }
  return { action: d.action };
}

registerHandlers({
  'page.check': {
    tier: 'page',
    handle: (msg, sender) => decideSend(sender.tab.id, sender.tab.url ?? sender.url ?? '', msg),
  },
});
