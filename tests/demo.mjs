// `./build.sh demo`: runs the built extension in headless Chromium on the bundled demo site,
// does what a visitor does (types into the forms, moves the mouse), and prints what KeyVeil
// reports for each page.
import { startSite } from './site/server.mjs';
import { launch, waitFor } from './browser/harness/index.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

const PAGES = [
  { path: '/index.html', what: 'shop with a sign-up form and its own key listeners', type: ['#email', 'ada@example.com'] },
  { path: '/recorder.html', what: 'checkout recorded by rrweb (real npm package) to a third-party collector', type: ['#notes', 'ada@example.com'] },
  { path: '/beacons.html', what: 'Hotjar and Meta pixel beacons (proxied to the local collector)' },
  { path: '/pixel.html', what: 'Meta pixel with a hashed e-mail, to Meta and to a first-party path' },
  { path: '/leak.html', what: 'a script that hashes the typed e-mail and sends it before submit', type: ['#email', 'ada@example.com'], blur: '#city' },
  { path: '/editor.html', what: 'a hotkey library and a rich-text editor (real npm packages), benign', type: ['#editor .ql-editor', 'Nice shoes'] },
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
    if (p.blur) await page.click(p.blur);
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
    // What the popup shows: the core's view of the tab.
    const view = await browser.ask({ type: 'popup.view', tabId });
    if (!view?.trackers.length) console.log('  no input recorder: KeyVeil left this page alone');
    for (const t of view?.trackers ?? []) {
      const did = [
        t.blocked_requests && `${t.blocked_requests} request(s) blocked`,
        t.blocked_events && `${t.blocked_events} input event(s) withheld`,
        t.fuzzed_events && `${t.fuzzed_events} event(s) fuzzed`,
        t.stripped_fields && `${t.stripped_fields} identity field(s) stripped`,
        t.allowed_requests && `${t.allowed_requests} request(s) let through`,
      ].filter(Boolean).join(', ') || 'nothing yet';
      console.log(`  RECORDER ${t.vendor ?? t.host ?? 'unknown'} — ${t.class}, ${t.first_party ? 'first' : 'third'}-party, mode ${t.mode.action} (${t.mode.source})`);
      console.log(`    records: ${t.inputs.join(', ') || 'not seen yet'}; found by: ${t.found_by.join(', ')}`);
      console.log(`    KeyVeil: ${did}`);
      for (const l of t.leaks) console.log(`    PROVEN LEAK: the value typed in "${l.field.name ?? l.field.id ?? 'a field'}" went to ${t.host ?? t.vendor} as ${l.encoding}`);
      // The request evidence kept for this tracker (by vendor, or host, and class).
      const mine = Object.values(report.trackers).filter((r) => r.class === t.class && (r.vendor ?? null) === (t.vendor ?? null));
      for (const e of mine.flatMap((r) => r.evidence.slice(0, 2))) console.log(`    because: ${e}`);
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
