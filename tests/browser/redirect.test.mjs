// `$redirect=noopjs` from a subscribed list: a page's script that the list blocks loads the
// extension's empty script instead (Chrome: a DNR redirect rule; Firefox: the core's verdict
// names the resource and the request listener redirects to it). The server never sees the
// request, the page's onload fires and onerror does not. Without the list the server's script
// runs, so the test can fail; a blocked script without a redirect fires onerror instead. The
// Lists page then names the list's unused lines with their numbers and reasons, and in Chrome
// the filter its rules could not take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, waitFor } from './harness/index.mjs';

const LIST = [
  '! Title: Redirect test',
  '! keyveil: class=ad-pixel; vendor=RedirectTest',
  '||localhost^*/redirect-test/tag.js$script,redirect=noopjs',
  '||localhost^*/redirect-test/gone.js$script',
  // Line 5: answered only where another filter blocks; Chrome's rules cannot say that.
  '||localhost^*/redirect-test/rule.js$redirect-rule=noopjs',
  // Lines 6 and 7: not used, each shown on the Lists page with its number and reason.
  '||localhost^*/redirect-test/vendor.js$script,redirect=chartbeat.js',
  'localhost##.ad',
  // A filter with no KeyVeil class, as most of EasyPrivacy: it blocks in both browsers.
  '! keyveil: end',
  '||localhost^*/redirect-test/plain.js$script',
].join('\n');

suite('$redirect to a packaged resource', (ctx) => {
  const served = (req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end('window.__served = (window.__served || 0) + 1;');
  };

  /** Loads `path` from the other site as a script; what the page saw. */
  async function load(path) {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.site.origin}/redirect-test/page.html`);
    const seen = await page.eval((src) => new Promise((ok) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => ok({ onload: true, onerror: false, served: window.__served ?? 0 });
      s.onerror = () => ok({ onload: false, onerror: true, served: window.__served ?? 0 });
      document.head.append(s);
    }), `${ctx.site.altOrigin}${path}?n=${Date.now()}`);
    await page.close();
    return seen;
  }

  test('the listed script loads the empty resource; the server sees nothing', async () => {
    ctx.site.route('/redirect-test/page.html', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>redirect</title><p>page</p>');
    });
    for (const p of ['tag.js', 'gone.js', 'plain.js', 'other.js']) ctx.site.route(`/redirect-test/${p}`, served);
    ctx.site.route('/redirect-test/list.txt', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(LIST);
    });

    // Before: the server's script runs (the test can fail).
    assert.deepEqual(await load('/redirect-test/tag.js'), { onload: true, onerror: false, served: 1 });
    const before = ctx.site.hits('/redirect-test/tag.js');
    assert.equal(before, 1);

    const sub = await ctx.browser.ask({ type: 'lists.subscribe', url: `${ctx.site.origin}/redirect-test/list.txt` });
    assert.equal(sub.error, null);
    assert.equal(sub.summary.filters, 4, JSON.stringify(sub.problems));
    if (ctx.kind === 'chromium') {
      const lists = await ctx.browser.ask({ type: 'lists.get' });
      assert.equal(lists.dnr.error, null, 'the rules were installed');
    }
    const verdict = await ctx.browser.ask({ type: 'engine.classifyRequest', request: { url: `${ctx.site.altOrigin}/redirect-test/tag.js`, type: 'script', initiator: `${ctx.site.origin}/` } });
    assert.equal(verdict.redirect, '/redirect/noop.js');

    assert.deepEqual(await load('/redirect-test/tag.js'), { onload: true, onerror: false, served: 0 }, 'the empty resource loaded');
    assert.equal(ctx.site.hits('/redirect-test/tag.js'), before, 'the server saw the request');
    // A listed script without a redirect is blocked: the page sees an error.
    assert.deepEqual(await load('/redirect-test/gone.js'), { onload: false, onerror: true, served: 0 });
    assert.equal(ctx.site.hits('/redirect-test/gone.js'), 0);
    // A listed script the list gives no KeyVeil class is blocked too, in Firefox as in Chrome.
    assert.deepEqual(await load('/redirect-test/plain.js'), { onload: false, onerror: true, served: 0 }, 'a filter with no class');
    assert.equal(ctx.site.hits('/redirect-test/plain.js'), 0);
    if (ctx.kind === 'chromium') {
      // Chrome serves the resources only under a per-session URL: a page cannot load the
      // fixed one to tell KeyVeil is installed (the redirect above still reached it).
      const page = await ctx.browser.newPage();
      await page.goto(`${ctx.site.origin}/redirect-test/page.html`);
      const probe = await page.eval((src) => new Promise((ok) => {
        const s = document.createElement('script');
        s.src = src;
        s.onload = () => ok('loaded');
        s.onerror = () => ok('refused');
        document.head.append(s);
      }), ctx.browser.extensionUrl('redirect/noop.js'));
      await page.close();
      assert.equal(probe, 'refused');
    }
    // A script no filter names is left alone.
    assert.deepEqual(await load('/redirect-test/other.js'), { onload: true, onerror: false, served: 1 });

    // The Lists page shows each line of the subscription that is not used, with its number
    // and the core's reason; in Chrome, also each filter its rules could not take, exactly.
    const page = await ctx.browser.newPage();
    await page.goto(ctx.browser.extensionUrl('dashboard/dashboard.html#lists'));
    await waitFor(() => page.eval(() => document.body.dataset.ready === 'true' && document.querySelectorAll('#subs li.sub').length === 1), { message: 'the dashboard to draw' });
    const shown = await page.eval(() => ({
      summary: document.querySelector('#subs .sub-problems summary')?.textContent ?? '',
      lines: [...document.querySelectorAll('#subs .sub-problems li')].map((li) => ({ line: Number(li.dataset.line), text: li.textContent })),
      missing: [...document.querySelectorAll('#dnr-missing li')].map((li) => li.textContent),
    }));
    assert.match(shown.summary, /\b2\b/);
    assert.deepEqual(shown.lines.map((l) => l.line), [6, 7]);
    assert.match(shown.lines[0].text, /Line 6:.*chartbeat\.js.*not packaged/);
    assert.match(shown.lines[1].text, /Line 7:.*localhost##\.ad.*cosmetic/);
    if (ctx.kind === 'chromium') {
      const left = shown.missing.filter((m) => m.includes('redirect-test'));
      assert.deepEqual(left.length, 1, JSON.stringify(shown.missing));
      assert.match(left[0], /^\|\|localhost\^\*\/redirect-test\/rule\.js\$redirect-rule=noop\.js — \$redirect-rule without/);
    } else {
      assert.deepEqual(shown.missing, [], 'Firefox has no DNR rules to miss');
    }
    await page.close();

    await ctx.browser.ask({ type: 'lists.unsubscribe', id: sub.id });
  });
});
