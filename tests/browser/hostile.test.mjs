// Hostile pages, tampering: a recorder that tries to get around the hook (a clean
// addEventListener from a fresh about:blank frame, used here or after the frame is gone;
// listeners inside a frame made synchronously; the wrappers deleted, replaced or redefined;
// the stack hidden from attribution; a forged policy or handshake) is still blocked, or is
// reported as evasive in the tab state. Each way is first shown to work in `allow` mode, so
// the `block` run can fail. The recorder is tests/site/public/hostile/recorder.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const CANARY = 'Quiet fox 17';
/** Each way around KeyVeil the recorder knows (`?how=`, see recorder.js). */
const WAYS = ['plain', 'iframe', 'iframe-removed', 'handler-iframe', 'inside-frame', 'replaced', 'define-foreign', 'stack', 'forge', 'iterator'];

suite('hostile pages: a recorder that tampers with the hook', (ctx) => {
  let vendor = null;
  const recorderUrl = () => `${ctx.site.origin}/hostile/recorder.js`;

  /** Loads the recorder page with one evasion, waits for the core's verdict, types, reads back. */
  async function session(how, { keep = false } = {}) {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/hostile/recorder.html?how=${how}`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdict = await waitFor(async () => {
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      return tab?.scripts?.[recorderUrl()];
    }, { message: `the core's verdict on recorder.js (${how})` });
    await sleep(400); // the policy push reaches every frame's hook
    if (how === 'inside-frame') {
      // The field is in the frame the recorder made; keys are dispatched there (the policy
      // applies to any event of an input type, trusted or not).
      await page.eval((text) => {
        const d = document.getElementById('inner-frame').contentDocument;
        const field = d.getElementById('inner');
        for (const key of text) field.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      }, CANARY);
    } else {
      await page.type('#field', CANARY, 30);
    }
    await sleep(700); // a flush, and the hook's reports reach the tab state
    const got = await page.eval(() => ({ recorded: window.__recorded, saw: window.__pageSaw }));
    const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
    if (keep) return { verdict, tab, page, tabId, ...got };
    await page.close();
    return { verdict, tab, ...got };
  }

  async function setMode(action) {
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action } });
  }

  test('the hostile recorder is a recorder to the core', async () => {
    const { verdict } = await session('plain');
    assert.equal(verdict.class, 'session-replay');
    assert.ok(verdict.vendor);
    vendor = verdict.vendor;
  });

  /** What each way does, for the test names. */
  const WHAT = {
    plain: 'document.addEventListener (the control)',
    iframe: 'addEventListener from a fresh about:blank frame, on this document',
    'iframe-removed': 'the same, with the frame removed before registering',
    'handler-iframe': 'a fresh frame\'s onkeydown setter, frame removed, on this document',
    'inside-frame': 'listeners inside a frame made synchronously, on its own field',
    replaced: 'the wrapper kept, deleted and replaced, recording through the kept one',
    'define-foreign': 'Object.defineProperty(EventTarget.prototype) with a fresh frame\'s function',
    stack: 'Error.prepareStackTrace, stackTraceLimit = 0 and a fake Error.prototype.stack',
    forge: 'forged allow-all policies and handshakes, every 50 ms',
    iterator: 'the array iterator replaced to hide the listener from the wrapper',
  };
  for (const how of WAYS) {
    test(`${how}: ${WHAT[how]}: keys in allow, none in block`, async () => {
      await setMode('allow');
      const open = await session(how);
      assert.equal(open.recorded.how, how);
      assert.equal(open.recorded.keys, CANARY, 'allow: the recorder\'s listener works (so block can fail)');
      await setMode('block');
      const r = await session(how);
      assert.equal(r.recorded.keys, '', 'block: the recorder received keys');
      if (how !== 'inside-frame') assert.equal(r.saw.keys, CANARY, 'the page\'s own listener saw the truth');
      assert.ok(r.tab.handled?.blocked > 0, 'blocked events counted');
    });
  }

  test('a forged policy or handshake changes nothing and is counted', async () => {
    const r = await session('forge');
    assert.equal(r.recorded.keys, '', 'the forged allow-all policy switched blocking off');
    assert.ok(!r.recorded.gotChannel, 'the page was handed the hook\'s channel');
    assert.ok(!r.recorded.gotPolicy, 'the bridge spoke to the page\'s own node');
    assert.ok(r.tab.forgedByPage > 0, `forged events counted: ${r.tab.forgedByPage}`);
  });

  test('a hidden stack does not hide the recorder: its listeners are still its own', async () => {
    const r = await session('stack');
    const mine = r.tab.listeners.filter((l) => l.event === 'keydown' && l.target === 'document' && l.capture);
    assert.ok(mine.some((l) => l.script === recorderUrl()), `attributed to recorder.js: ${JSON.stringify(mine)}`);
    assert.ok(!r.tab.listeners.some((l) => l.script.includes('benign.example')), 'attributed to the fake script');
  });

  test('replaced wrappers and another realm\'s function put in their place are reported as evasion', async () => {
    const replaced = await session('replaced', { keep: true });
    assert.ok(replaced.tab.evasions?.some((e) => e.how === 'wrapper-replaced'), `evasions: ${JSON.stringify(replaced.tab.evasions)}`);
    // The person is told, in the popup.
    const popup = await ctx.browser.newPage();
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${replaced.tabId}`));
    const shown = await waitFor(() => popup.eval(() => [...document.querySelectorAll('#evasion-list li')].map((li) => ({ how: li.dataset.how, text: li.textContent }))).then((l) => (l.length ? l : null)), { message: 'the evasion in the popup' });
    assert.ok(shown.some((e) => e.how === 'wrapper-replaced' && /replaced or removed/.test(e.text)), JSON.stringify(shown));
    await popup.close();
    await replaced.page.close();
    // A fresh frame's function put up as this page's: it leads back to itself, so that frame's
    // hook keeps the listener (and blocks it) and says so.
    const foreign = await session('define-foreign');
    const hows = (foreign.tab.evasions ?? []).map((e) => e.how);
    assert.ok(hows.includes('foreign-realm'), `evasions: ${hows}`);
    const named = foreign.tab.evasions.find((e) => e.how === 'foreign-realm');
    assert.equal(named.script, recorderUrl(), 'the evasion names the script');
  });
});
