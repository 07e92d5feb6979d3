// The Firefox ESR side of the in-browser benchmarks (page load and per-event hook cost).
// Page load: the same generated heavy page as pageload.mjs, in a Firefox with the built add-on
// and one without, interleaved load by load. Both are launched by the test harness's launcher
// (geckodriver, the add-on installed temporary by path); the baseline's add-on is uninstalled
// again, so the two profiles differ by it only.
// Wake: Firefox runs the background as an event page; it is stopped for real from the browser's
// privileged context (`extension.terminateBackground()`, what about:debugging's "Terminate
// background script" does; geckodriver runs with --allow-system-access), then an extension page
// times `{type: 'engine.version'}` until the woken background answers through the Wasm core.
//   node benches/browser/firefox.mjs [REPS]
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launchFirefox } from '../../tests/browser/harness/firefox.mjs';
import { startHeavySite, DIST, HEAVY, summary, fmt } from './lib.mjs';

const GECKO_ID = 'keyveil@keyveil.dev';

async function loadOnce(page, url) {
  await page.goto(url);
  return page.eval(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd, widgets: window.__widgets ?? 0 };
  });
}

/** Stops the event page `reps` times and times the message that wakes it. */
async function wake(b, reps) {
  const page = await b.newPage();
  await page.goto(b.extensionUrl('popup/popup.html?tab=-1'));
  const ask = () => page.eval(async () => {
    const t0 = performance.now();
    const answer = await browser.runtime.sendMessage({ type: 'engine.version' });
    return { ms: performance.now() - t0, answer };
  });
  const cold = [];
  const warm = [];
  const wakeMillis = [];
  for (let r = -1; r < reps; r++) {
    const w = await ask();
    await b.wd.call('POST', '/moz/context', { context: 'chrome' });
    let stopped;
    try {
      stopped = await b.wd.call('POST', '/execute/async', {
        args: [GECKO_ID],
        script: `const done = arguments[arguments.length - 1];
          (async (id) => {
            const ext = WebExtensionPolicy.getByID(id).extension;
            await ext.terminateBackground({ disableResetIdleForTest: true });
            return ext.backgroundState;
          })(arguments[0]).then((v) => done({ ok: v }), (e) => done({ error: String(e) }));`,
      });
    } finally {
      await b.wd.call('POST', '/moz/context', { context: 'content' });
    }
    if (stopped?.ok !== 'stopped') throw new Error(`firefox: background not stopped: ${JSON.stringify(stopped)}`);
    await sleep(150);
    const c = await ask();
    if (!c.answer?.result?.version) throw new Error(`firefox: no answer ${JSON.stringify(c.answer)}`);
    if (r >= 0) { warm.push(w.ms); cold.push(c.ms); wakeMillis.push(c.answer.result.wakeMillis); }
    await sleep(100);
  }
  await page.close();
  return { reps, cold: summary(cold), warm: summary(warm), wakeMillis: summary(wakeMillis) };
}

export async function run({ reps = 10, warmup = 4, wakeReps = 20 } = {}) {
  const site = await startHeavySite();
  const extensionDir = join(DIST, 'firefox');
  let withExt = null;
  let without = null;
  try {
    // Settled, not Promise.all: if one launch fails, the other browser must still be closed.
    const launched = await Promise.allSettled([launchFirefox({ extensionDir, site }), launchFirefox({ extensionDir, site })]);
    [withExt, without] = launched.map((l) => (l.status === 'fulfilled' ? l.value : null));
    const failed = launched.find((l) => l.status === 'rejected');
    if (failed) throw failed.reason;
    await without.wd.call('POST', '/moz/addon/uninstall', { id: GECKO_ID });
    // Heavy pages take longer than the harness's 20 s page-load timeout on a loaded machine.
    for (const b of [withExt, without]) await b.wd.call('POST', '/timeouts', { pageLoad: 90000, script: 60000 });
    const pages = { with: await withExt.newPage(), without: await without.newPage() };
    const rows = [];
    for (let r = -warmup; r < reps; r++) {
      const row = {};
      for (const which of r % 2 ? ['without', 'with'] : ['with', 'without']) {
        row[which] = await loadOnce(pages[which], `${site.origin}/heavy.html?r=f${r}`);
        await sleep(300);
      }
      if (r >= 0) rows.push(row);
    }
    for (const row of rows) for (const w of ['with', 'without']) {
      if (row[w].widgets !== HEAVY.scripts) throw new Error(`firefox ${w}: ${row[w].widgets} of ${HEAVY.scripts} scripts ran`);
    }
    // Proof the add-on was at work in the measured Firefox: what the background saw of a load.
    const ext = await withExt.newPage();
    await ext.goto(withExt.extensionUrl('popup/popup.html?tab=-1'));
    const seen = await ext.eval(async (prefix) => {
      const tab = (await browser.tabs.query({})).find((t) => t.url?.startsWith(prefix));
      const got = await browser.runtime.sendMessage({ type: 'report.tab', tabId: tab?.id });
      return { listeners: got?.result?.listeners?.length ?? 0, requests: got?.result?.requests ?? 0 };
    }, `${site.origin}/heavy.html`);
    const hosts = [...new Set(site.stray().map((u) => u.replace(/^CONNECT /, 'https://').replace(/^(\w+:\/\/[^/:]+).*$/, '$1')))];
    const out = {
      reps: rows.length,
      seen,
      strayHosts: hosts,
      wake: wakeReps > 0 ? await wake(withExt, wakeReps) : null,
      withLoad: summary(rows.map((x) => x.with.load)),
      withoutLoad: summary(rows.map((x) => x.without.load)),
      ratio: summary(rows.map((x) => x.with.load / x.without.load)),
      dclRatio: summary(rows.map((x) => x.with.dcl / x.without.dcl)),
      stray: site.stray().length,
    };
    print(out);
    return out;
  } finally {
    await withExt?.close();
    await without?.close();
    await site.close();
  }
}

export function print(s) {
  if (s.wake) {
    const row = (name, x) => `| ${name} | ${fmt(x.median, 1)} ms | ${fmt(x.p90, 1)} ms | ${fmt(x.min, 1)} … ${fmt(x.max, 1)} ms |`;
    console.log(`\nEvent page wake, Firefox ESR, ${s.wake.reps} stops (extension.terminateBackground()):`);
    console.log('| what | median | p90 | min … max |');
    console.log('|---|---|---|---|');
    console.log(row('stopped background: `engine.version` round trip from an extension page', s.wake.cold));
    console.log(row('  of which the background\'s `wakeMillis`', s.wake.wakeMillis));
    console.log(row('running background: the same round trip', s.wake.warm));
  }
  console.log(`\nPage load, heavy page, Firefox ESR, with vs without KeyVeil, interleaved (${s.reps} pairs):`);
  console.log('| visit | pairs | load without | load with | slower (median of pair ratios) | p10 … p90 | DOMContentLoaded slower |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(`| repeat visit | ${s.reps} | ${fmt(s.withoutLoad.median)} ms | ${fmt(s.withLoad.median)} ms | **${fmt((s.ratio.median - 1) * 100)} %** | ${fmt((s.ratio.p10 - 1) * 100)} … ${fmt((s.ratio.p90 - 1) * 100)} % | ${fmt((s.dclRatio.median - 1) * 100)} % |`);
  console.log(`the add-on saw the last load: ${s.seen.listeners} listeners, ${s.seen.requests} requests; stray requests to other hosts, answered by the local proxy: ${s.stray} (${s.strayHosts.join(', ') || 'none'})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run({ reps: Number(process.argv[2] ?? 10) });
}
