// A recorder's bundle that wraps EventTarget.prototype.addEventListener (as error trackers with
// session replay do): every listener the page registers afterwards reaches the browser from
// inside the recorder's file. The page's own handlers must still run and see the truth in every
// mode; the recorder's own listeners, and a recorder that hides its logging inside the page's
// listeners, must get nothing true when it is blocked or fuzzed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const CANARY = 'Quiet harbour 77';
const SDK = '/vendor/rrweb-sdk.js';

suite('an SDK that wraps addEventListener', (ctx) => {
  let vendor = null;

  /** Loads the page with the given wrapper, waits for the verdict on the SDK, types, saves. */
  async function session(wrap) {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/wrapping.html?wrap=${wrap}`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdict = await waitFor(async () => {
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      return Object.entries(tab?.scripts ?? {}).find(([u, v]) => u.includes(SDK) && v)?.[1];
    }, { message: 'the core\'s verdict on the SDK' });
    await sleep(300); // the policy push reaches the hook
    await page.type('#notes', CANARY, 50);
    await page.click('#save');
    await sleep(1300); // the recorder and the trick upload every 500 ms
    const saw = await page.eval(() => window.__pageSaw);
    const wrapperSaw = await page.eval(() => window.__wrapperSaw);
    const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
    await page.close();
    const log = ctx.site.log();
    const bodies = (path) => log.filter((r) => r.path === path).map((r) => Buffer.from(r.body, 'base64').toString('utf8'));
    const rrwebInputs = bodies('/collect/rrweb').flatMap((b) => { try { return JSON.parse(b).events ?? []; } catch { return []; } })
      .filter((e) => e.type === 3 && e.data?.source === 5);
    return { verdict, saw, wrapperSaw, tab, url, rrwebInputs, trick: bodies('/collect/trick') };
  }

  async function setMode(action) {
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action } });
  }

  /** The page's own handlers ran and saw what was typed. */
  function pageWorked(r, how) {
    assert.equal(r.saw.keys, CANARY, `${how}: the page's key handler saw the true keys`);
    assert.equal(r.saw.keydowns, CANARY.length, `${how}: the page's key handler ran for every key`);
    assert.equal(r.saw.saved, CANARY, `${how}: the Save button worked`);
    assert.equal(r.saw.routed, CANARY, `${how}: the framework's root listener routed the true value`);
  }

  test('the SDK is named a recorder; the page\'s listeners are the page\'s, through the wrapper', async () => {
    const r = await session('pass');
    assert.notEqual(r.verdict.class, 'none');
    vendor = r.verdict.vendor;
    assert.ok(vendor, 'a vendor name');
    const own = r.tab.listeners.filter((l) => l.script === r.url);
    assert.ok(own.some((l) => l.event === 'keydown' && l.via?.includes(SDK)), `the page's keydown is the page's, via the SDK: ${JSON.stringify(r.tab.listeners.slice(0, 20))}`);
    assert.ok(r.tab.listeners.some((l) => l.script.endsWith('/wrapping/framework.js') && l.event === 'input'), 'the framework\'s root listener is the framework\'s');
    pageWorked(r, 'unset');
  });

  for (const wrap of ['pass', 'logic', 'trick']) {
    for (const mode of ['block', 'fuzz']) {
      test(`${mode}, ${wrap} wrapper: the page works and sees the truth; the recorder gets nothing true`, async () => {
        await setMode(mode);
        const r = await session(wrap);
        pageWorked(r, `${mode}/${wrap}`);
        if (wrap === 'logic') assert.ok(r.wrapperSaw.crumbs >= CANARY.length, 'the wrapper\'s own logic still ran');
        for (const e of r.rrwebInputs) assert.notEqual(e.data.text, CANARY, 'rrweb sent the typed text');
        if (mode === 'block') assert.equal(r.rrwebInputs.length, 0, 'rrweb sent no input events');
        if (wrap === 'trick') {
          assert.equal(r.wrapperSaw.keys.length, CANARY.length, 'the hidden logger was called for every key');
          assert.notEqual(r.wrapperSaw.keys, CANARY, 'the hidden logger read false keys');
          const shipped = r.trick.flatMap((b) => JSON.parse(b).keys.map((k) => k[0])).join('');
          assert.notEqual(shipped, CANARY, 'the hidden logger shipped the true keys');
          if (mode === 'block') assert.equal(r.trick.length, 0, 'a blocked recorder\'s beacon left the page');
        }
      });
    }
  }

  test('allow: the hidden logger and the recorder get the truth (so the tests above can fail)', async () => {
    await setMode('allow');
    const r = await session('trick');
    pageWorked(r, 'allow/trick');
    assert.equal(r.wrapperSaw.keys, CANARY);
    const shipped = r.trick.flatMap((b) => JSON.parse(b).keys.map((k) => k[0])).join('');
    assert.equal(shipped, CANARY, 'the hidden logger shipped the keys');
    assert.ok(r.rrwebInputs.some((e) => e.data.text === CANARY), 'rrweb sent the typed text');
  });
});
