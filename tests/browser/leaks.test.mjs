// A typed value leaving the page before submit, hashed, is reported as a proven leak: which
// field, to whom, in which encoding, and never the value itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { suite, waitFor } from './harness/index.mjs';

const EMAIL = 'Ada.Lovelace@example.com';

suite('leak proof', (ctx) => {
  test('the SHA-256 of a typed e-mail sent before submit is a proven leak', async () => {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/leak.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    await page.type('#email', EMAIL, 20);
    await page.click('#city'); // blur: the field's change event fires
    const sha = createHash('sha256').update(EMAIL.toLowerCase()).digest('hex');
    await waitFor(() => ctx.site.log().some((r) => r.path === '/collect/match' && r.query.includes(sha)), { message: 'the hash at the collector (so the leak really happened)' });
    const tab = await waitFor(async () => {
      const t = await ctx.browser.ask({ type: 'report.tab', tabId });
      return t?.leaks?.length ? t : null;
    }, { message: 'a proven leak in the tab report' });
    const leak = tab.leaks[0];
    assert.equal(leak.field.name, 'email');
    assert.match(leak.encoding, /sha-?256/i);
    assert.equal(leak.to, 'localhost');
    const all = JSON.stringify(tab);
    assert.ok(!all.includes(EMAIL) && !all.toLowerCase().includes(EMAIL.toLowerCase()), 'the typed value is never in the report');
    await page.close();
  });

  test('a proven recipient gets the next typed value as a fake of the same shape (the default), or nothing when blocked', async () => {
    const SECOND = 'Grace.Hopper@example.org';
    const hash = (v) => createHash('sha256').update(v.toLowerCase()).digest('hex');
    async function twice() {
      ctx.site.clear();
      const page = await ctx.browser.newPage();
      const url = `${ctx.site.origin}/leak.html`;
      await page.goto(url);
      const tabId = await ctx.browser.tabIdOf(url);
      await page.type('#email', EMAIL, 20);
      await page.click('#city');
      await waitFor(async () => (await ctx.browser.ask({ type: 'report.tab', tabId }))?.leaks?.length, { message: 'the first leak proven' });
      await new Promise((r) => setTimeout(r, 300)); // the policy naming the recipient reaches the hook
      await page.eval(() => { document.getElementById('email').value = ''; });
      await page.type('#email', SECOND, 20);
      await page.click('#city');
      await new Promise((r) => setTimeout(r, 1000));
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      await page.close();
      return { tab, sent: ctx.site.log().filter((r) => r.path === '/collect/match').map((r) => r.query) };
    }
    let r = await twice();
    assert.ok(r.sent.some((q) => q.includes(hash(EMAIL))), 'the first send went as it was (it is the proof)');
    assert.ok(!r.sent.some((q) => q.includes(hash(SECOND))), `the second value's hash reached the recipient: ${r.sent}`);
    assert.ok(r.sent.some((q) => /em=[0-9a-f]{64}/.test(q) && !q.includes(hash(EMAIL))), `a fake hash of the same shape went instead: ${r.sent}`);
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-class', site: '127.0.0.1', class: 'keystroke-telemetry', action: 'block' } });
    try {
      r = await twice();
      assert.equal(r.sent.length, 1, `after the proof, nothing more reached the recipient: ${r.sent}`);
    } finally {
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-class', site: '127.0.0.1', class: 'keystroke-telemetry', action: null } });
    }
    // The setting off (the dashboard's checkbox): proven leaks are only shown.
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'stop-proven-leaks', on: false } });
    try {
      r = await twice();
      assert.ok(r.sent.some((q) => q.includes(hash(SECOND))), `with the setting off, the second value went as it was: ${r.sent}`);
    } finally {
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'stop-proven-leaks', on: true } });
    }
  });

  test('a value typed but never sent is not a leak', async () => {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/leak.html?quiet`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    await page.type('#city', 'Springfield', 20); // the script only watches the e-mail field
    await page.click('#email');
    await new Promise((r) => setTimeout(r, 800));
    const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
    assert.equal(tab.leaks?.length ?? 0, 0);
    await page.close();
  });
});
