// The browser stops KeyVeil's background whenever it likes (Chrome's service worker, Firefox's
// event page). Stopped in the middle of a page's activity, again and again, it loses no report
// event, counts none twice, and leaves no rule half-applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, waitFor } from './harness/index.mjs';

const LOADS = 4;

suite('restarts', (ctx) => {
  test(`stopped right after each of ${LOADS} page loads, the lasting report counts every request once`, async () => {
    const boots = new Set([(await ctx.browser.ask({ type: 'engine.version' })).boot]);
    for (let i = 0; i < LOADS; i++) {
      const page = await ctx.browser.newPage();
      const url = `${ctx.site.origin}/beacons.html?load=${i}`;
      await page.goto(url);
      const tabId = await ctx.browser.tabIdOf(url);
      // Both beacons are in the tab's record: their events were merged (and written ahead),
      // but the lasting report's delayed write may not have happened yet. Stop now.
      await waitFor(async () => {
        const v = await ctx.browser.ask({ type: 'popup.view', tabId });
        const names = (v?.trackers ?? []).map((t) => t.vendor);
        return names.includes('Hotjar') && names.includes('Meta');
      }, { message: `both beacons recorded on load ${i}` });
      await ctx.browser.stopBackground();
      boots.add((await ctx.browser.ask({ type: 'engine.version' })).boot);
      await page.close();
    }
    assert.equal(boots.size, LOADS + 1, `the background restarted after each stop (${boots.size - 1} restarts seen)`);
    const site = await ctx.browser.ask({ type: 'report.site', site: '127.0.0.1' });
    const byVendor = Object.fromEntries(Object.values(site.trackers).map((t) => [t.vendor, t]));
    assert.equal(byVendor.Hotjar.blocked_requests, LOADS, 'every blocked Hotjar request is in the report, once');
    assert.equal(byVendor.Meta.blocked_requests, LOADS, 'every blocked Meta beacon is in the report, once');
  });

  test('after the restarts Chrome\'s dynamic rules are exactly the compiled set', async (t) => {
    if (ctx.kind !== 'chromium') {
      t.skip('Firefox decides in its blocking webRequest listener and installs no DNR rules');
      return;
    }
    const page = await ctx.browser.newPage();
    await page.goto(ctx.browser.extensionUrl('popup/popup.html?tab=-1'));
    // A settings change recompiles and swaps the rules in one call; stop the worker at once.
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'class', class: 'meta-pixel', action: 'allow' } });
    await ctx.browser.stopBackground();
    const state = await page.eval(async () => {
      const api = globalThis.chrome;
      const rules = await api.declarativeNetRequest.getDynamicRules();
      const { dnrStatus } = await api.storage.local.get('dnrStatus');
      const off = await api.declarativeNetRequest.getDisabledRuleIds({ rulesetId: 'builtin' });
      return { installed: rules.length, off: off.length, status: dnrStatus, meta: rules.filter((r) => JSON.stringify(r.condition).includes('facebook.com/tr')).length };
    });
    assert.equal(state.status?.error, null);
    assert.equal(state.installed, state.status.rules, 'the installed rules are the compiled set, not a part of it');
    assert.equal(state.meta, 0, 'the allowed class has no block rule left');
    // The built-in list's static rules for the allowed class are turned off, no more, no fewer.
    assert.ok(state.off > 0, 'a static rule the settings change is turned off');
    assert.equal(state.off, state.status.staticRulesOff);
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'class', class: 'meta-pixel', action: null } });
    await page.close();
  });
}, { backgroundIdleMs: 1000 });
