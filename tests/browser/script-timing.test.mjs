// When scripts are classified (a page-load cost): a script with a recorder's shape
// (capture-phase input listeners on the document) during the page's load, so its policy is in
// place while the page is still loading; a script without it (listeners on its own elements)
// only once the page has loaded, so its second fetch and scan cost the load nothing. The core
// decides which (observe::classify_now). The page's load is held open by an image the test
// answers when it chooses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, waitFor } from './harness/index.mjs';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

suite('scripts classified during the load, and after it', (ctx) => {
  test('a recorder during the load, a widget once the page has loaded', async () => {
    let release;
    const held = new Promise((ok) => { release = ok; });
    let asked = 0;
    ctx.site.route('/later/slow.gif', async (_req, res) => {
      asked++;
      await held;
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
      res.end(GIF);
    });
    const recorder = `${ctx.site.origin}/hostile/recorder.js`;
    const widget = `${ctx.site.origin}/later/widget.js`;
    const url = `${ctx.site.origin}/later.html`;
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.site.origin}/index.html`);
    // Navigate from inside the page, so no command waits for a load that is held.
    await page.eval((u) => { setTimeout(() => { location.href = u; }, 0); }, url);
    try {
      const tabId = await waitFor(() => ctx.browser.tabIdOf(url).catch(() => null), { message: 'the tab at later.html' });
      const during = await waitFor(async () => {
        const t = await ctx.browser.ask({ type: 'report.tab', tabId });
        return t?.scripts?.[recorder] && widget in (t.scripts ?? {}) ? t : null;
      }, { message: 'the recorder\'s verdict while the page loads' });
      assert.equal(asked, 1, 'the held image was asked for');
      assert.equal(during.scripts[recorder].class, 'session-replay');
      assert.equal(during.scripts[widget], null, 'the widget waits for the load');
      release();
      const after = await waitFor(async () => {
        const t = await ctx.browser.ask({ type: 'report.tab', tabId });
        return t?.scripts?.[widget] ? t : null;
      }, { message: 'the widget\'s verdict after the load' });
      assert.equal(after.scripts[widget].class, 'none');
    } finally {
      release();
      await page.close();
    }
  });
});
