// The request observer asks the browser only for what the core's plan names
// (src/policy/observe_types.rs): in Chrome, a script or image without a query is not
// dispatched to the background, yet a listed one the rules block is still counted (from the
// browser's error event), and one with a query is still checked; Firefox sees every request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

suite('request observer', (ctx) => {
  let opened = 0;
  async function open() {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    // A URL of its own per test: a failed test's page stays open.
    const url = `${ctx.site.origin}/index.html?observer=${opened++}`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    // Let the page's own requests be filed before counting.
    await sleep(800);
    return { page, tabId, tab: () => ctx.browser.ask({ type: 'report.tab', tabId }) };
  }
  /** Adds a script and an image at the given URLs to the page, as a tag manager would; resolves once both loaded or failed. */
  const add = (page, script, image) => page.eval(([s, i]) => {
    const settled = (el) => new Promise((ok) => { el.onload = ok; el.onerror = ok; });
    const el = document.createElement('script');
    el.src = s;
    const im = new Image();
    const done = Promise.all([settled(el), settled(im)]);
    document.head.append(el);
    im.src = i;
    document.body.append(im);
    return done.then(() => true);
  }, [script, image]);

  test('a listed script and image without a query, blocked by the rules, are counted as blocked', async () => {
    const { page, tab } = await open();
    await add(page, 'http://static.hotjar.com/c/hotjar-4242.js', 'http://script.hotjar.com/pixel.gif');
    const t = await waitFor(async () => {
      const r = await tab();
      const hj = Object.values(r?.trackers ?? {}).find((x) => x.vendor === 'Hotjar');
      return hj && hj.blocked >= 2 ? hj : null;
    }, { message: 'both blocked Hotjar requests in the tab record', timeout: 30000 });
    assert.equal(t.blocked, 2, 'each blocked request counted once');
    assert.equal(ctx.site.log().filter((r) => /hotjar\.com$/.test(r.host)).length, 0, 'nothing reached Hotjar');
    await page.close();
  });

  test('resources with a query are checked; without one, Chrome does not dispatch them', async () => {
    const { page, tab } = await open();
    const before = (await tab()).requests;
    await add(page, `${ctx.site.origin}/none.js`, `${ctx.site.origin}/none.gif`);
    await sleep(800);
    const plainCount = (await tab()).requests - before;
    await add(page, `${ctx.site.origin}/some.js?v=1`, `${ctx.site.origin}/some.gif?w=1`);
    const queried = await waitFor(async () => {
      const n = (await tab()).requests - before - plainCount;
      return n >= 2 ? n : null;
    }, { message: 'the script and image with a query checked', timeout: 30000 });
    assert.equal(queried, 2);
    assert.equal(plainCount, ctx.kind === 'firefox' ? 2 : 0, 'resources without a query: every one in Firefox, none dispatched in Chrome');
    await page.close();
  });
});
