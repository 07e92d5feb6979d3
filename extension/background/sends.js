// Runs in: the background. The core's word on a payload the page hook holds before it leaves
// (extension/content/hook/sinks.js, "payloads held"): the same decision, whatever found the
// recorder (a list rule, the payload's shape, the verdict on the sending script, or the
// sender's own behaviour: it listened to input and now sends what it heard; a recipient a
// typed value already went to on this page), that the
// browser's own blocking applies to what it can see. A stopped send is filed as a blocked
// request; one that leaves is filed by the request observer like any other request.

import { engine } from './engine.js';
import { getSettings } from './settings.js';
import { getTab, updateTab, siteOf, hostOf } from './state.js';
import { record } from './report.js';
import { checkPayload, typedValues } from './leaks.js';
import { fileRequest } from './requests.js';
import { registerHandlers } from './messages.js';
import { noiseFor, pushPolicy, fromBase64 } from './policy.js';
import { scriptVerdict, rememberConviction } from './verdicts.js';

/** webRequest's resource type for each sink, so a held payload is judged as the browser would. */
const TYPES = { beacon: 'ping', fetch: 'xmlhttprequest', xhr: 'xmlhttprequest', websocket: 'websocket', image: 'image', worker: 'other' };

/**
 * The decision on one held payload of tab `tabId`: `{action, replacement?}` for the hook
 * (`block`: send nothing and answer as if sent; otherwise send, `replacement` in place of the
 * body when given).
 */
export async function decideSend(tabId, pageUrl, check) {
  const core = await engine();
  const tab = await getTab(tabId);
  if (!tab) return { action: 'allow' };
  let v = check.script ? tab.scripts?.[check.script] : null;
  // A sender still waiting for its verdict, or not yet heard of on this page (its listeners'
  // report can come after its first send, at page start): the payload waits for the verdict
  // (the same classification the listeners ask for, kept by URL, not a second one).
  if ((v === null || v === undefined) && check.script) v = await scriptVerdict(check.script, pageUrl);
  const sender = v && v.class !== 'none' ? { class: v.class, vendor: v.vendor ?? undefined } : undefined;
  const heard = sender ? [] : core.inputKinds((tab.listeners ?? []).filter((l) => l.script === check.script).map((l) => l.event));
  const body = typeof check.b64 === 'string' ? fromBase64(check.b64) : new TextEncoder().encode(check.body ?? '');
  const type = TYPES[check.sink] ?? 'xmlhttprequest';
  const noise = await noiseFor(tabId, tab);
  const site = siteOf(pageUrl);
  // A recipient a typed value already went to on this page (a proven leak).
  const proven = (tab.leaks ?? []).some((l) => l.to === hostOf(check.url));
  const d = core.decideSend(await getSettings(), site, { url: check.url, type, initiator: pageUrl, method: 'POST' },
    body, { sender, heard, typed: typedValues(tabId), proven }, noise);
  if (d.found_by === 'behaviour' && check.script) await convicted(tabId, site, check.script, d, heard);
  if (d.event) await record([d.event], tabId);
  if (d.action === 'block') {
    if (d.verdict) await fileRequest(tabId, check.url, type, { ...d.verdict, class: d.class, vendor: d.vendor }, 'block');
    // What a stopped recorder posted into its own worker (a blob: URL, no request of its own):
    // filed as one of its sends, stopped.
    else if (check.sink === 'worker' && d.class !== 'none') {
      await fileRequest(tabId, check.url, type, { class: d.class, vendor: d.vendor, first_party: v?.firstParty ?? false, evidence: [] }, 'block');
    }
  } else if (check.sink === 'websocket') {
    // No request observer sees a socket's frames: the leak check happens here.
    await checkPayload(tabId, pageUrl, { url: check.url, body, sink: 'websocket' });
  }
  const answer = { action: d.withhold ? 'block' : d.action };
  if (typeof d.replacement === 'string') answer.replacement = d.replacement;
  if (typeof d.url_replacement === 'string') answer.url = d.url_replacement;
  return answer;
}

/**
 * A script the source did not convict listened to input and sent what it heard: from now on
 * it is a recorder of this tab ("found by behaviour"), its listeners get the page's policy for
 * its class, and the report says so.
 */
async function convicted(tabId, site, script, d, heard) {
  const verdict = { class: d.class, vendor: null, foundBy: 'script-behaviour', evidence: d.evidence ? [d.evidence] : [] };
  await updateTab(tabId, (t) => {
    t.scripts ??= {};
    t.scripts[script] = { ...verdict, firstParty: t.scripts[script]?.firstParty };
  });
  rememberConviction(script, verdict);
  await record([{ site, host: hostOf(script), class: d.class, found_by: ['script-behaviour'], inputs: heard }], tabId);
  await pushPolicy(tabId);
}

registerHandlers({
  'page.check': {
    tier: 'page',
    handle: (msg, sender) => decideSend(sender.tab.id, sender.tab.url ?? sender.url ?? '', msg),
  },
});
