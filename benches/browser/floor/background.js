// The bench floor's background: the same webRequest listener as KeyVeil's in Chrome
// (observing, every URL, with request bodies), which does nothing. Chromium still builds and
// sends every request's details, body included, to this worker.
let seen = 0;
chrome.webRequest.onBeforeRequest.addListener(() => { seen += 1; }, { urls: ['<all_urls>'] }, ['requestBody']);
chrome.runtime.onMessage.addListener((msg, _sender, reply) => { if (msg?.type === 'floor.seen') reply({ seen }); });
