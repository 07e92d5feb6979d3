// Per-event hook cost benchmark: a page dispatches many synthetic input events
// (dispatchEvent of one reused KeyboardEvent / MouseEvent) to listeners that page scripts
// registered, in Chromium with the extension and in one without, interleaved round by round.
// Two listeners are timed: the page's own (a script with no verdict against it: `allow`, the
// common case), and a recorder's (a script the core classifies as session replay, so the
// policy from the background sets it to `block` by default, then to `fuzz` through
// `settings.apply`). The figure is the difference in nanoseconds per dispatched event.
//   node benches/browser/events.mjs [EVENTS]
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { withBrowsers, summary, median, ask, fmt } from './lib.mjs';

// The page's own script: listeners on a detached element (only they hear what is dispatched on
// it, so the page's listener is timed alone) and on document, plus the dispatch loop.
const OWN = `/* The page's own script for the KeyVeil event benchmark: ordinary listeners and the loop. */
(function () {
  'use strict';
  var box = document.createElement('div');
  var seen = { keydown: 0, mousemove: 0, lastX: 0 };
  box.addEventListener('keydown', function (e) { if (e.key === 'a') seen.keydown++; });
  box.addEventListener('mousemove', function (e) { seen.mousemove++; seen.lastX = e.clientX; });
  document.addEventListener('keydown', function (e) { if (e.key === 'a') seen.keydown++; });
  document.addEventListener('mousemove', function (e) { seen.mousemove++; });
  var make = {
    keydown: function () { return new KeyboardEvent('keydown', { key: 'a', code: 'KeyA', keyCode: 65, bubbles: true, cancelable: true }); },
    mousemove: function () { return new MouseEvent('mousemove', { clientX: 100, clientY: 120, bubbles: true }); },
  };
  window.__seen = seen;
  /** Dispatches n events of type at 'box' (the page's listener alone) or 'body'; returns ms. */
  window.__bench = function (where, type, n) {
    var target = where === 'box' ? box : document.body;
    var ev = make[type]();
    var t0 = performance.now();
    for (var i = 0; i < n; i++) target.dispatchEvent(ev);
    return performance.now() - t0;
  };
})();
`;
const REC = readFileSync(new URL('./recorder.js', import.meta.url), 'utf8');
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Event bench</title>
<script src="/ev/own.js"></script>
<script src="/ev/rec.js"></script>
</head><body><input id="q"></body></html>`;

/** Times `n` events per round, `rounds` rounds per browser, alternating which goes first. */
async function measure(pages, where, type, n, rounds, { drain } = {}) {
  const per = { with: [], without: [] };
  for (const p of Object.values(pages)) await p.evaluate(([w, t]) => window.__bench(w, t, 2000), [where, type]);
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 ? ['without', 'with'] : ['with', 'without']) {
      const before = drain ? await pages[which].evaluate(() => window.__rec.n) : 0;
      const ms = await pages[which].evaluate(([w, t, k]) => window.__bench(w, t, k), [where, type, n]);
      per[which].push((ms * 1e6) / n);
      // Fuzzed keys are delivered late (timing jitter): wait for them before the next round.
      if (drain && which === 'with') {
        const end = Date.now() + 20000;
        while ((await pages.with.evaluate(() => window.__rec.n)) < before + n && Date.now() < end) await sleep(50);
      }
    }
  }
  const diffs = per.with.map((x, i) => x - per.without[i]);
  // Other processes steal whole time slices from some rounds: the fastest round of each side
  // is the least disturbed one, so the difference of minima is given beside the median.
  return { where, type, n, rounds, with: summary(per.with), without: summary(per.without), diff: summary(diffs), minDiff: Math.min(...per.with) - Math.min(...per.without) };
}

/** Dispatches one event at body and says whether the recorder's listener heard it, and what. */
function probe(page, type) {
  return page.evaluate((t) => {
    const n = window.__rec.n;
    window.__bench('body', t, 1);
    return { heard: window.__rec.n > n, x: window.__rec.x };
  }, type);
}

export async function run({ events = 30000, rounds = 15 } = {}) {
  const extra = {
    '/ev.html': { type: 'text/html; charset=utf-8', body: PAGE },
    '/ev/own.js': { type: 'text/javascript', body: OWN },
    '/ev/rec.js': { type: 'text/javascript', body: REC },
    '/collect/rec': { type: 'text/plain', body: '' },
  };
  return withBrowsers(async ({ site, withExt, without }) => {
    const pages = { with: await withExt.context.newPage(), without: await without.context.newPage() };
    const ext = await withExt.context.newPage();
    await ext.goto(withExt.extensionUrl('popup/popup.html?tab=-1'));
    const url = `${site.origin}/ev.html`;
    for (const p of Object.values(pages)) await p.goto(url, { waitUntil: 'load' });
    // The background classifies rec.js from its source and pushes a policy that blocks it.
    const tabId = await ext.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
    let verdict = null;
    for (const end = Date.now() + 20000; Date.now() < end;) {
      const tab = (await ask(ext, { type: 'report.tab', tabId }))?.result;
      verdict = Object.entries(tab?.scripts ?? {}).find(([u, v]) => u.endsWith('/ev/rec.js') && v)?.[1];
      if (verdict && !(await probe(pages.with, 'keydown')).heard) break;
      await sleep(200);
    }
    if (!verdict || verdict.class === 'none') throw new Error(`no recorder verdict on rec.js: ${JSON.stringify(verdict)} (tab ${tabId}: ${JSON.stringify((await ask(ext, { type: 'report.tab', tabId })))?.slice(0, 1500)})`);
    if ((await probe(pages.with, 'keydown')).heard) throw new Error('the recorder is not blocked');
    if (!(await probe(pages.without, 'keydown')).heard) throw new Error('baseline: the recorder did not hear the event');
    const results = [];
    // The page's own listener alone (allow), then both listeners with the recorder blocked.
    for (const type of ['keydown', 'mousemove']) results.push({ mode: 'allow (page listener)', ...await measure(pages, 'box', type, events, rounds) });
    for (const type of ['keydown', 'mousemove']) results.push({ mode: 'block (recorder) + allow (page)', ...await measure(pages, 'body', type, events, rounds) });
    // Fuzz: the recorder's vendor set to fuzz on this site, as the popup does.
    const change = { op: 'site-vendor', site: '127.0.0.1', vendor: verdict.vendor, action: 'fuzz' };
    const applied = await ask(ext, { type: 'settings.apply', change });
    if (!applied || 'error' in applied) throw new Error(`settings.apply: ${JSON.stringify(applied)}`);
    let fuzzed = false;
    for (const end = Date.now() + 10000; !fuzzed && Date.now() < end;) {
      const got = [];
      for (let i = 0; i < 8; i++) got.push(await probe(pages.with, 'mousemove'));
      fuzzed = got.every((g) => g.heard) && got.some((g) => g.x !== 100);
      if (!fuzzed) await sleep(200);
    }
    if (!fuzzed) throw new Error('the recorder never received fuzzed events');
    results.push({ mode: 'fuzz (recorder) + allow (page)', ...await measure(pages, 'body', 'mousemove', events, rounds) });
    // Keys are timed events: a fuzzed recorder gets each one late, through a timer; the loop
    // times the dispatch side (falsify + schedule), fewer events since each leaves a timer.
    results.push({ mode: 'fuzz (recorder) + allow (page), delivery deferred', ...await measure(pages, 'body', 'keydown', Math.min(events, 10000), rounds, { drain: true }) });
    const out = { events, rounds, vendor: verdict.vendor, class: verdict.class, results };
    print(out);
    return out;
  }, { extra });
}

export function print({ results, class: cls }) {
  console.log(`\nPer dispatched event, Chromium (recorder classified ${cls}), ns per event:`);
  console.log('| listener(s) and mode | event | events × rounds | without (median, min) | with (median, min) | difference, median of rounds (p10 … p90) | **difference of minima** |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.mode} | ${r.type} | ${r.n.toLocaleString('en')} × ${r.rounds} | ${fmt(r.without.median, 0)}, ${fmt(r.without.min, 0)} | ${fmt(r.with.median, 0)}, ${fmt(r.with.min, 0)} | ${fmt(r.diff.median, 0)} ns (${fmt(r.diff.p10, 0)} … ${fmt(r.diff.p90, 0)}) | **${fmt(r.minDiff, 0)} ns** |`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run({ events: Number(process.argv[2] ?? 30000) });
}
