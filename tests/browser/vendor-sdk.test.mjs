// A real vendor SDK pointed at the local collector: Microsoft Clarity's own client (npm
// clarity-js), told to upload to localhost. By default (session replay is blocked) it keeps
// running and the collector receives nothing of it; allowed, it records pointer and input, so
// the test can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

/** Clarity's analytics event codes (its `Event` enum): pointer moves and input. */
const MOUSE_MOVE = 12;
const INPUT = 27;

/** Every event Clarity uploaded: bodies are gzip (CompressionStream) JSON `{e, a, p}`. */
function clarityEvents(site) {
  return site.log().filter((r) => r.path.startsWith('/collect/clarity')).flatMap((r) => {
    let body = Buffer.from(r.body, 'base64');
    try { body = gunzipSync(body); } catch { /* sent uncompressed */ }
    try { return JSON.parse(body.toString()).a ?? []; } catch { return []; }
  }).map((e) => e[1]);
}

suite('a vendor SDK (Microsoft Clarity)', (ctx) => {
  let vendor = null;

  async function session({ blocked = false } = {}) {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/clarity.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdict = await waitFor(async () => {
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      return Object.entries(tab?.scripts ?? {}).find(([u, v]) => u.endsWith('/vendor/clarity.js') && v)?.[1];
    }, { timeout: 15000, message: 'the core\'s verdict on clarity.js' });
    await sleep(300);
    await page.mouseMove(300, 200, 10);
    await page.type('#name', 'hello', 30);
    // Blocked, its uploads are stopped in the page and counted; allowed, they arrive.
    const stopped = async () => Object.values((await ctx.browser.ask({ type: 'report.tab', tabId })).trackers ?? {})
      .find((t) => t.class === 'session-replay' && t.blocked > 0);
    await waitFor(() => (blocked ? stopped() : clarityEvents(ctx.site).length > 0), { timeout: 15000, message: 'Clarity uploading' });
    await sleep(2500); // Clarity uploads on a timer
    const saw = await page.eval(() => window.__moves.length);
    const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
    await page.close();
    return { verdict, saw, tab, uploads: ctx.site.log().filter((r) => r.path.startsWith('/collect/clarity')).length, events: clarityEvents(ctx.site) };
  }

  test('blocked by default: Clarity keeps running, and its vendor receives nothing', async () => {
    const r = await session({ blocked: true });
    assert.equal(r.verdict.class, 'session-replay');
    vendor = r.verdict.vendor;
    assert.ok(vendor, 'a vendor name');
    assert.ok(r.saw > 0, 'the page itself saw the mouse');
    assert.equal(r.uploads, 0, `Clarity uploads reached the collector: ${r.events}`);
    const tracker = Object.values(r.tab.trackers).find((t) => t.class === 'session-replay');
    assert.equal(tracker.requests, tracker.blocked, 'every upload of Clarity was stopped');
  });

  test('allowed: Clarity records pointer and input (so the test above can fail)', async () => {
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action: 'allow' } });
    const r = await session();
    assert.ok(r.events.includes(MOUSE_MOVE), `no pointer moves in ${r.events}`);
    assert.ok(r.events.includes(INPUT), `no input in ${r.events}`);
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action: null } });
  });
});
