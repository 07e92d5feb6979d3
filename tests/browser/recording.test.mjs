// What a real recorder (rrweb, from the npm registry) receives in each mode: nothing in
// `block`, false input in `fuzz`, the truth in `allow`; the page's own listeners always see
// the truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { suite, waitFor, ROOT } from './harness/index.mjs';

const CANARY = 'Zebra crossing 42';

/** rrweb events the collector received, flattened, with the raw bodies for encoding checks. */
function rrwebUploads(site) {
  const uploads = site.log().filter((r) => r.path === '/collect/rrweb');
  const bodies = uploads.map((r) => Buffer.from(r.body, 'base64').toString('utf8'));
  const events = bodies.flatMap((b) => { try { return JSON.parse(b).events ?? []; } catch { return []; } });
  return { uploads, bodies, events };
}
const inputs = (events) => events.filter((e) => e.type === 3 && e.data?.source === 5);
const moves = (events) => events.filter((e) => e.type === 3 && e.data?.source === 1).flatMap((e) => e.data.positions ?? []);

/** Every form of the canary a recorder or its encoder might carry. */
function canaryForms(text) {
  const forms = new Set([text, text.toLowerCase(), encodeURIComponent(text), text.replaceAll(' ', '+')]);
  for (const t of [text, text.toLowerCase()]) {
    forms.add(Buffer.from(t).toString('base64').replace(/=+$/, ''));
    forms.add(Buffer.from(t).toString('base64url'));
  }
  return [...forms];
}

suite('recorders in block, fuzz and allow mode', (ctx) => {
  let vendor = null;

  /** Loads the recorded page, waits for the core's verdict on rrweb, types and moves. */
  async function session() {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/recorder.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdict = await waitFor(async () => {
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      return Object.entries(tab?.scripts ?? {}).find(([u, v]) => u.endsWith('/vendor/rrweb.js') && v)?.[1];
    }, { message: 'the core\'s verdict on rrweb.js' });
    await sleep(300); // the policy push reaches the hook
    await page.type('#notes', CANARY, 60);
    await page.mouseMove(400, 300, 12);
    await sleep(1500); // rrweb batches every 500 ms
    const saw = await page.eval(() => window.__pageSaw);
    const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
    await page.close();
    return { verdict, saw, tab, ...rrwebUploads(ctx.site) };
  }

  async function setMode(action) {
    const answer = await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action } });
    assert.equal(typeof answer.reloadNeeded, 'boolean');
  }

  test('the core names rrweb a session recorder from its source', async () => {
    const before = ctx.site.hits('/vendor/rrweb.js');
    const { verdict } = await session();
    assert.equal(verdict.class, 'session-replay');
    // Served no-store: a second request for it would reach the server. Firefox reads the
    // source from the response the page got; Chrome has to ask again.
    const asked = ctx.site.hits('/vendor/rrweb.js') - before;
    assert.equal(asked, ctx.kind === 'firefox' ? 1 : 2, `rrweb.js asked for ${asked} times`);
    assert.equal(verdict.foundBy, 'script-behaviour');
    assert.ok(verdict.vendor, 'a vendor name');
    // Kept by content hash: the SHA-256 of the very file the page loaded.
    const file = readFileSync(join(ROOT, 'node_modules/rrweb/dist/rrweb.umd.cjs'));
    assert.equal(verdict.hash, createHash('sha256').update(file).digest('hex'));
    vendor = verdict.vendor;
  });

  test('allow: the recorder receives the canary (so this test can fail)', async () => {
    await setMode('allow');
    const r = await session();
    assert.equal(r.saw.keys, CANARY);
    assert.ok(inputs(r.events).some((e) => e.data.text === CANARY), 'rrweb sent the typed text');
    assert.ok(moves(r.events).length > 0, 'rrweb sent mouse positions');
  });

  test('fuzz: the recorder keeps sending, but nothing it got is true', async () => {
    await setMode('fuzz');
    const r = await session();
    assert.equal(r.saw.keys, CANARY, 'the page itself saw the true keys');
    const typed = inputs(r.events);
    assert.ok(typed.length > 0, 'rrweb still sent input events');
    for (const body of r.bodies) for (const form of canaryForms(CANARY)) assert.ok(!body.includes(form), `canary form ${form} reached the collector`);
    const last = typed.at(-1).data.text;
    assert.equal(last.length, CANARY.length, 'same length');
    assert.equal(last.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '0'), CANARY.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '0'), 'same word shape');
    // Pointer: what rrweb recorded is not where the mouse was.
    const trueMoves = new Set(r.saw.moves.map(([x, y]) => `${x},${y}`));
    const recorded = moves(r.events);
    assert.ok(recorded.length > 0, 'rrweb still sent mouse positions');
    const exact = recorded.filter((p) => trueMoves.has(`${p.x},${p.y}`)).length;
    assert.ok(exact < recorded.length / 2, `${exact} of ${recorded.length} recorded positions are true ones`);
    // Timing: rrweb stamps input with Date.now(); the delivery delays move those stamps.
    const stamps = typed.map((e) => e.timestamp);
    const shifts = stamps.slice(0, r.saw.inputTimes.length).map((t, i) => t - r.saw.inputTimes[i]);
    assert.ok(shifts.some((d) => d >= 2), `recorded key times shifted: ${shifts.join(',')}`);
    assert.ok(r.tab.handled?.fuzzed > 0, 'the tab report counts fuzzed events');
  });

  test('block: the recorder\'s vendor receives nothing at all, in either browser', async () => {
    await setMode('block');
    const r = await session();
    assert.equal(r.saw.keys, CANARY, 'the page itself saw the true keys');
    // The page's own glue uploads rrweb's batches: the upload is known only by its shape,
    // which no Chrome rule can see; the hook holds it for the core's word and drops it.
    assert.equal(r.uploads.length, 0, `${r.uploads.length} uploads reached the collector`);
    assert.ok(r.tab.handled?.blocked > 0, 'the tab report counts blocked events');
    const tracker = Object.values(r.tab.trackers ?? {}).find((t) => t.class === 'session-replay');
    assert.ok(tracker?.blocked > 0, `the stopped uploads are counted as blocked: ${JSON.stringify(r.tab.trackers)}`);
    assert.equal(tracker.requests, tracker.blocked, 'no upload of the recorder was let through');
  });
});
