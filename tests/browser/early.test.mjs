// Keys typed at the very start of a page, before the core has a verdict on the script that
// listens (and before the page's policy has even arrived): a first-party bundle under a bland
// name that listens page-wide in the capture phase gets none of them true, while the page's
// own listener does. Paused, the same bundle gets the truth (so the test can fail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from './harness/index.mjs';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TYPED = 'EarlyRobin';

suite('the first keystrokes', (ctx) => {
  async function session({ asleep = false } = {}) {
    ctx.site.clear();
    // Asleep, the background has to wake before the page's policy can come (the recorder's
    // own keys come in its first task: the hook holds them if the policy is not there yet).
    if (asleep) await ctx.browser.stopBackground();
    // The page's load is held open by its image for a moment: the second word is typed while
    // the page is still loading.
    ctx.site.route('/early/slow.gif', async (_req, res) => {
      await sleep(600);
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
      res.end(GIF);
    });
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.site.origin}/early.html${asleep ? '?dawn' : ''}`);
    await sleep(800); // the recorder ships every 300 ms
    const saw = await page.eval(() => window.__pageSaw.keys);
    const heard = await page.eval(() => window.__early.keys);
    await page.close();
    const shipped = ctx.site.log().filter((r) => r.path === '/collect/early')
      .flatMap((r) => JSON.parse(Buffer.from(r.body, 'base64').toString('utf8')).k.map((k) => k[0])).join('');
    return { saw, heard, shipped };
  }

  test('at DOMContentLoaded and during the load, the recorder hears nothing true', async () => {
    const r = await session();
    assert.equal(r.saw, TYPED, 'the page\'s own listener saw every key');
    for (let i = 0; i + 3 <= TYPED.length; i++) {
      const run = TYPED.slice(i, i + 3);
      assert.ok(!r.heard.includes(run), `the recorder heard "${run}": ${r.heard}`);
      assert.ok(!r.shipped.includes(run), `the recorder shipped "${run}": ${r.shipped}`);
    }
  });

  test('with the background asleep when the page starts, the recorder hears nothing true', async () => {
    const r = await session({ asleep: true });
    assert.equal(r.saw, `Dawn${TYPED}`, 'the page\'s own listener saw every key');
    for (let i = 0; i + 3 <= r.saw.length; i++) {
      const run = r.saw.slice(i, i + 3);
      assert.ok(!r.heard.includes(run), `the recorder heard "${run}": ${r.heard}`);
      assert.ok(!r.shipped.includes(run), `the recorder shipped "${run}": ${r.shipped}`);
    }
  });

  test('paused, the same recorder hears every key (so the test above can fail)', async () => {
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'pause', site: '127.0.0.1', paused: true } });
    try {
      const r = await session();
      assert.equal(r.saw, TYPED);
      assert.equal(r.heard, TYPED);
    } finally {
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'pause', site: '127.0.0.1', paused: null } });
    }
  });
}, { backgroundIdleMs: 1000 });
