// The bench floor's background: the same webRequest listeners as KeyVeil's in Chrome, doing
// nothing. Their shape is the core's plan (src/policy/observe_types.rs, as KeyVeil reads it
// from extension/background/observe-plan.json), which the bench writes into plan.js of its
// copy of this folder (lib.mjs `floorDir`): Chromium still builds and sends each observed
// request's details, body included, to this worker, and each of the rules' blocks it is asked for.
importScripts('plan.js');
const plan = self.KEYVEIL_OBSERVE_PLAN;
let seen = 0;
const count = () => { seen += 1; };
const extra = plan.bodies ? ['requestBody'] : [];
chrome.webRequest.onBeforeRequest.addListener(count, { urls: ['<all_urls>'], ...(plan.every ? { types: plan.every } : {}) }, extra);
if (plan.with_query.length) chrome.webRequest.onBeforeRequest.addListener(count, { urls: plan.query_urls, types: plan.with_query }, extra);
if (plan.blocked.length) chrome.webRequest.onErrorOccurred.addListener(count, { urls: ['<all_urls>'], types: plan.blocked });
chrome.runtime.onMessage.addListener((msg, _sender, reply) => { if (msg?.type === 'floor.seen') reply({ seen }); });
