// Page-load benchmark: a generated heavy page (hundreds of scripts, listeners and
// requests, all on 127.0.0.1/localhost) loaded in Chromium with the built extension and in a
// second Chromium without it, interleaved load by load, so both see the same machine load.
// The figure is the ratio of the page's own Navigation Timing `loadEventEnd`, pair by pair.
//   node benches/browser/pageload.mjs [REPS] [FIRST_VISIT_REPS]
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isAbsolute } from 'node:path';
import { withBrowsers, summary, HEAVY, ask, fmt, cpuDelta, floorDir } from './lib.mjs';

/** What one load of the page cost, read from the page itself once `load` has fired. */
async function loadOnce(page, url) {
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      load: nav.loadEventEnd,
      dcl: nav.domContentLoadedEventEnd,
      resources: performance.getEntriesByType('resource').length,
      widgets: window.__widgets ?? 0,
    };
  });
}

/**
 * Loads the heavy page `reps` times in each browser, alternating which goes first. `fresh`
 * gives every load new script URLs, as on a first visit: the background then fetches and
 * classifies every script that registered a listener, during the load.
 */
async function series({ site, withExt, without, floors }, { reps, warmup, fresh, tag }) {
  const browsers = { with: withExt, without, ...floors };
  const names = Object.keys(browsers);
  const pages = {};
  for (const w of names) pages[w] = await browsers[w].context.newPage();
  const cpu = Object.fromEntries(names.map((w) => [w, {}])); // CPU ms per process kind, summed over measured loads
  const rows = [];
  // Quiet time after each load, so one browser's late work (the background filing what it saw)
  // does not land inside the other's measured load.
  const settle = 300;
  for (let r = -warmup; r < reps; r++) {
    // Every browser goes first as often as the others.
    const order = names.map((_, i) => names[(i + r + warmup) % names.length]);
    const row = {};
    for (const which of order) {
      const q = new URLSearchParams({ r: `${tag}${r}` });
      if (fresh) q.set('fresh', `${tag}${r}-${which}`);
      const before = await browsers[which].cpu();
      row[which] = await loadOnce(pages[which], `${site.origin}/heavy.html?${q}`);
      await sleep(settle);
      // CPU is read after the quiet time, so work the load left behind (the background filing
      // what it saw) is counted with the load that caused it.
      if (r >= 0) for (const [k, ms] of Object.entries(cpuDelta(before, await browsers[which].cpu()))) cpu[which][k] = (cpu[which][k] ?? 0) + ms;
    }
    if (r >= 0) rows.push(row);
  }
  for (const row of rows) {
    for (const which of names) {
      if (row[which].widgets !== HEAVY.scripts) throw new Error(`${which}: ${row[which].widgets} of ${HEAVY.scripts} scripts ran`);
    }
  }
  for (const w of names) await pages[w].close();
  const ratios = rows.map((x) => x.with.load / x.without.load);
  const dclRatios = rows.map((x) => x.with.dcl / x.without.dcl);
  const perLoad = (c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v / rows.length]));
  return {
    fresh,
    cpu: Object.fromEntries(names.map((w) => [w, perLoad(cpu[w])])),
    reps: rows.length,
    resources: rows[0].without.resources,
    withLoad: summary(rows.map((x) => x.with.load)),
    withoutLoad: summary(rows.map((x) => x.without.load)),
    ratio: summary(ratios),
    dclRatio: summary(dclRatios),
    // Each floor extension against no extension, and KeyVeil against it: what KeyVeil's own
    // work costs beyond what any extension with that listener and content scripts pays.
    floors: Object.fromEntries(Object.keys(floors).map((f) => [f, {
      load: summary(rows.map((x) => x[f].load)),
      ratio: summary(rows.map((x) => x[f].load / x.without.load)),
      overFloor: summary(rows.map((x) => x.with.load / x[f].load)),
      dclRatio: summary(rows.map((x) => x[f].dcl / x.without.dcl)),
    }])),
  };
}

/** The whole page-load benchmark; resolves to its results (also printed). */
/**
 * The floor extensions to run beside KeyVeil: `floor`, with KeyVeil's listener shape, by
 * default; or `KEYVEIL_BENCH_FLOORS=name=WHAT,...`, WHAT a listener shape of lib.mjs
 * (`@plan`, `@all`: every request with its body, the shape before the core's plan) or an
 * extension folder (absolute or relative to the repository).
 */
export async function floorsFromEnv(env = process.env.KEYVEIL_BENCH_FLOORS) {
  if (env === undefined) return { floor: await floorDir('plan') };
  const out = {};
  for (const kv of env.split(',').filter(Boolean)) {
    const [name, what] = kv.split('=');
    if (!name || !what || name === 'with' || name === 'without') throw new Error(`KEYVEIL_BENCH_FLOORS: bad entry ${kv}`);
    if (what.startsWith('@')) out[name] = await floorDir(what.slice(1));
    else out[name] = isAbsolute(what) ? what : fileURLToPath(new URL(`../../${what}`, import.meta.url));
  }
  return out;
}

export async function run({ reps = 30, freshReps = 10, floors } = {}) {
  floors ??= await floorsFromEnv();
  return withBrowsers(async (b) => {
    // Warm-up loads until the background knows every script (the bridge drops some of a
    // page's observations, so a verdict can first be asked for on a later visit).
    const repeat = await series(b, { reps, warmup: 4, fresh: false, tag: 'a' });
    const first = freshReps > 0 ? await series(b, { reps: freshReps, warmup: 1, fresh: true, tag: 'b' }) : null;
    // Proof the extension was at work in the measured browser: its report of the last tab.
    const ext = await b.withExt.context.newPage();
    await ext.goto(b.withExt.extensionUrl('popup/popup.html?tab=-1'));
    const probe = await b.withExt.context.newPage();
    await probe.goto(`${b.site.origin}/heavy.html?r=probe`, { waitUntil: 'load' });
    await sleep(1500);
    const tabId = await ext.evaluate(async (prefix) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(prefix))?.id, `${b.site.origin}/heavy.html?r=probe`);
    const tab = (await ask(ext, { type: 'report.tab', tabId }))?.result;
    const seen = { listeners: tab?.listeners?.length ?? 0, requests: tab?.requests ?? 0, scripts: Object.keys(tab?.scripts ?? {}).length, droppedByBridge: tab?.droppedByBridge ?? 0 };
    const stray = b.site.stray();
    const out = { repeat, first, seen, stray };
    print(out);
    return out;
  }, { floors });
}

export function print({ repeat, first, seen, stray }) {
  const line = (name, s) => `| ${name} | ${s.reps} | ${fmt(s.withoutLoad.median)} ms | ${fmt(s.withLoad.median)} ms | **${fmt((s.ratio.median - 1) * 100)} %** | ${fmt((s.ratio.p10 - 1) * 100)} … ${fmt((s.ratio.p90 - 1) * 100)} % | ${fmt((s.dclRatio.median - 1) * 100)} % |`;
  console.log(`\nPage load, heavy page (${HEAVY.scripts} scripts, ${repeat.resources} subresources), Chromium, with vs without KeyVeil, interleaved:`);
  console.log('| visit | pairs | load without | load with | slower (median of pair ratios) | p10 … p90 | DOMContentLoaded slower |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(line('repeat visit (verdicts cached)', repeat));
  if (first) console.log(line('first visit (new script URLs every load)', first));
  const floorLine = (name, f, s) => `| ${name} | ${s.reps} | ${fmt(s.withoutLoad.median)} ms | ${f} ${fmt(s.floors[f].load.median)} ms | **${f} ${fmt((s.floors[f].ratio.median - 1) * 100)} %**, KeyVeil over ${f} ${fmt((s.floors[f].overFloor.median - 1) * 100)} % | ${f} ${fmt((s.floors[f].ratio.p10 - 1) * 100)} … ${fmt((s.floors[f].ratio.p90 - 1) * 100)} % | ${f} ${fmt((s.floors[f].dclRatio.median - 1) * 100)} % |`;
  for (const [name, s] of [['repeat visit', repeat], ['first visit', first]]) for (const f of Object.keys(s?.floors ?? {})) console.log(floorLine(`${name}, floor extension \`${f}\``, f, s));
  const kinds = ['page renderer', 'extension renderer', 'browser', 'network service', 'gpu', 'other'];
  console.log('\nCPU per load (user + system, ms, mean over the pairs; /proc, 10 ms ticks):');
  console.log(`| visit | ${kinds.join(' | ')} | total |`);
  console.log(`|---|${kinds.map(() => '---').join('|')}|---|`);
  for (const [name, s] of [['repeat', repeat], ['first', first]]) {
    if (!s) continue;
    for (const w of Object.keys(s.cpu)) {
      const c = s.cpu[w];
      console.log(`| ${name}, ${w} | ${kinds.map((k) => fmt(c[k] ?? 0, 0)).join(' | ')} | ${fmt(Object.values(c).reduce((a, b) => a + b, 0), 0)} |`);
    }
  }
  const hosts = [...new Set(stray.map((u) => u.replace(/^CONNECT /, 'https://').replace(/^(\w+:\/\/[^/:]+).*$/, '$1')))];
  console.log(`extension saw on a probe load: ${seen.listeners} listeners, ${seen.requests} requests, ${seen.scripts} scripts (page messages the bridge dropped: ${seen.droppedByBridge}); stray requests to other hosts, answered by the local proxy: ${stray.length} (${hosts.join(', ') || 'none'})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run({ reps: Number(process.argv[2] ?? 30), freshReps: Number(process.argv[3] ?? 10) });
}
