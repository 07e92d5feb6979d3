// `./build.sh demo`: runs the built extension in headless Chromium on the bundled demo site,
// does what a visitor does (types into the forms, moves the mouse), and prints what KeyVeil
// reports for each page.
import { startSite } from './site/server.mjs';
import { launch, waitFor } from './browser/harness/index.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const PAGES = [
  { path: '/index.html', what: 'shop with a sign-up form and its own key listeners', type: ['#email', 'ada@example.com'] },
  { path: '/recorder.html', what: 'checkout recorded by rrweb (real npm package) to a third-party collector', type: ['#email', 'ada@example.com'] },
  { path: '/beacons.html', what: 'Hotjar and Meta pixel beacons (proxied to the local collector)' },
  { path: '/shortcuts.html', what: 'benign keyboard shortcuts', type: ['#q', 'shoes'] },
];

const site = await startSite();
const browser = await launch(process.env.KEYVEIL_DEMO_BROWSER ?? 'chromium', { site });
try {
  const { version, wakeMillis } = await browser.ask({ type: 'engine.version' });
  console.log(`KeyVeil core ${version} running in ${browser.kind} (Wasm ready in ${wakeMillis?.toFixed(1)} ms)`);
  console.log(`demo site: ${site.origin}/\n`);
  for (const p of PAGES) {
    const page = await browser.newPage();
    const url = `${site.origin}${p.path}`;
    await page.goto(url);
    if (p.type) await page.type(p.type[0], p.type[1], 30);
    await page.mouseMove(300, 200, 8);
    await sleep(800); // let recorders flush their batches
    const tabId = await browser.tabIdOf(url);
    const report = await waitFor(() => browser.ask({ type: 'report.tab', tabId }), { message: 'report' });
    console.log(`${p.path} — ${p.what}`);
    console.log(`  ${report.requests} requests checked, ${report.listeners.length} input listeners registered`);
    const byScript = new Map();
    for (const l of report.listeners) {
      const key = l.script || '(inline or unknown)';
      byScript.set(key, [...new Set([...(byScript.get(key) ?? []), l.event])]);
    }
    for (const [script, events] of byScript) console.log(`    listeners from ${script.replace(site.origin, '')}: ${events.join(', ')}`);
    const trackers = Object.values(report.trackers);
    if (trackers.length === 0) console.log('  no input recorder found by the request classifier');
    for (const t of trackers) {
      console.log(`  RECORDER ${t.vendor ?? 'unknown'} — ${t.class}, ${t.firstParty ? 'first' : 'third'}-party, ${t.requests} request(s)`);
      for (const e of t.evidence.slice(0, 3)) console.log(`    because: ${e}`);
    }
    console.log('');
    await page.close();
  }
  const got = site.log();
  console.log(`the local collector received ${got.length} request(s): ${[...new Set(got.map((r) => `${r.host}${r.path}`))].join(', ')}`);
} finally {
  await browser.close();
  await site.close();
}
