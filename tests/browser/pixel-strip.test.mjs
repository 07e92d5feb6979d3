// The hook's own stripping (fuzz mode): a pixel script set to `fuzz` still sends its
// beacon, but the hook takes the hashed e-mail and the browser id out of the beacon's URL and
// body before it leaves; no request rule sees a body. Also when the pixel has broken
// URLSearchParams and URL first: the hook strips with the built-ins as they were at start.
// The pixel is tests/site/public/hostile/pixel.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const EM = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';

suite('a pixel beacon stripped in the page', (ctx) => {
  const setMeta = (action) => ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor: 'Meta', action } });

  /** Loads the pixel page, waits for the core's verdict on pixel.js, sends one beacon. */
  async function beacon(how) {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/hostile/pixel.html?how=${how}`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdict = await waitFor(async () => (await ctx.browser.ask({ type: 'report.tab', tabId }))?.scripts?.[`${ctx.site.origin}/hostile/pixel.js`], { message: 'the core\'s verdict on pixel.js' });
    await sleep(400); // the policy push reaches the hook
    assert.equal(await page.eval(() => window.__sendPixel()), true, 'the beacon was queued');
    const hit = await waitFor(() => ctx.site.log().find((r) => r.path === '/collect/fbbeacon'), { message: 'the beacon at the collector' });
    await page.close();
    return { verdict, url: hit.url, body: Buffer.from(hit.body, 'base64').toString('utf8') };
  }
  const carries = (s) => s.includes(EM) || /fbp=/.test(s);

  test('allow: the beacon carries the hashed e-mail and the browser id (so the test can fail)', async () => {
    await setMeta('allow');
    const r = await beacon('plain');
    assert.equal(r.verdict.class, 'meta-pixel');
    assert.equal(r.verdict.vendor, 'Meta');
    assert.ok(r.body.includes(EM), 'the body has the hash');
    assert.ok(carries(decodeURIComponent(r.url)), 'the URL has the hash');
  });

  for (const how of ['plain', 'tamper']) {
    test(`fuzz (${how}): the beacon goes, without the identity in its URL or body`, async () => {
      await setMeta('fuzz');
      const r = await beacon(how);
      assert.ok(!carries(r.body), `the body kept identity: ${r.body}`);
      assert.ok(!carries(decodeURIComponent(r.url)), `the URL kept identity: ${r.url}`);
      assert.match(r.body, /ev=Lead/, 'the event itself still goes');
      await setMeta(null);
    });
  }
});
