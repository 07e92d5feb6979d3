// Private (incognito) windows, with KeyVeil allowed in them: the page is protected and the popup
// shows what happened there, but nothing of it reaches the lasting report (the dashboard's
// sites and chart, what is stored, what is exported) nor the kept broken-site records. The same
// page in an ordinary window is recorded, so the checks can tell the two apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor, artifact } from './harness/index.mjs';

/** Each window loads the page from a host of its own, so the report's sites say which it was. */
const PRIVATE_HOST = '127.0.0.1';
const ORDINARY_HOST = 'localhost';

suite('private windows', (ctx) => {
  let privateTab = null;

  /** Everything the lasting report can be read by: overview, export and what storage holds. */
  async function lasting() {
    const overview = await ctx.browser.ask({ type: 'dash.overview' });
    const { text } = await ctx.browser.ask({ type: 'dash.export', format: 'json' });
    const storage = await lastingStorage();
    return { sites: overview.summaries.map((s) => s.site), exported: text, storage };
  }

  /** `storage.local` and the write-ahead part of `storage.session`, as text. */
  async function lastingStorage() {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.browser.extensionUrl('popup/popup.html?tab=-1'));
    const text = await page.eval(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const local = await api.storage.local.get(null);
      const session = await api.storage.session.get(null);
      const ahead = Object.fromEntries(Object.entries(session).filter(([k]) => k.startsWith('reportAhead:')));
      return JSON.stringify({ local, ahead });
    });
    await page.close();
    return text;
  }

  test('a private window: protected, shown in the popup, kept nowhere', async () => {
    privateTab = await ctx.browser.openPrivate(`${ctx.site.origin}/pixel.html`);
    // The page's pixels are met and blocked in the private tab: the tab's own view says so.
    const view = await waitFor(async () => {
      const v = await ctx.browser.ask({ type: 'popup.view', tabId: privateTab });
      return v?.trackers.some((t) => t.class === 'meta-pixel' && t.blocked_requests > 0) ? v : null;
    }, { timeout: 20000, message: 'the pixel in the private tab\'s view' });
    assert.equal(view.private, true, 'the view knows the tab is private');
    // The report is written a moment after a merge: wait well past that before looking.
    await sleep(1500);
    const after = await lasting();
    assert.ok(!after.sites.includes(PRIVATE_HOST), `no private site among the dashboard's sites: ${after.sites}`);
    assert.ok(!after.exported.includes(PRIVATE_HOST), 'nothing of it in the export');
    assert.ok(!after.storage.includes(PRIVATE_HOST), 'nothing of it in storage.local or the write-ahead');
  });

  test('the popup on the private tab works and says nothing is kept', async () => {
    const popup = await ctx.browser.newPage();
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${privateTab}`));
    await waitFor(() => popup.eval(() => document.body.dataset.ready === 'true'), { message: 'popup ready' });
    const drawn = await waitFor(() => popup.eval(() => ({
      site: document.getElementById('site').textContent,
      note: document.getElementById('private-note').hidden ? null : document.getElementById('private-note').textContent,
      trackers: document.querySelectorAll('li.tracker').length,
    })).then((d) => (d.trackers ? d : null)), { message: 'trackers drawn' });
    assert.equal(drawn.site, PRIVATE_HOST);
    assert.match(drawn.note ?? '', /nothing from this window is kept/);
    await popup.screenshot(await artifact(`private-popup-${ctx.kind}.png`));
    // "Site broken?" gives the report to copy, and keeps nothing of it.
    const before = (await ctx.browser.ask({ type: 'popup.brokenList' })).length;
    await popup.click('#broken');
    await waitFor(() => popup.eval(() => /not kept/.test(document.getElementById('status').textContent)), { message: 'the not-kept status' });
    const list = await ctx.browser.ask({ type: 'popup.brokenList' });
    assert.equal(list.length, before, 'no broken-site record kept from a private window');
    assert.ok(!JSON.stringify(list).includes(PRIVATE_HOST));
    await popup.close();
  });

  test('the same page in an ordinary window is recorded and its popup has no private note', async () => {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.altOrigin}/pixel.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const after = await waitFor(async () => {
      const l = await lasting();
      return l.sites.includes(ORDINARY_HOST) ? l : null;
    }, { timeout: 15000, message: 'the ordinary site in the report' });
    assert.ok(after.exported.includes(ORDINARY_HOST), 'in the export');
    assert.ok(!after.sites.includes(PRIVATE_HOST), 'and still nothing private');
    const view = await ctx.browser.ask({ type: 'popup.view', tabId });
    assert.equal(view.private, false);
    await page.close();
  });
}, { privateWindows: true });
