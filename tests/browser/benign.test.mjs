// Libraries that listen to every key but record nothing (a hotkey library and a rich-text
// editor, real ones from the npm registry) are left alone: not reported, not blocked, not
// fuzzed, and they see exactly what the person typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const TEXT = 'Great shoes 10';

suite('benign key listeners', (ctx) => {
  test('mousetrap and quill get true keys and are not called recorders', async () => {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/editor.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    // Both libraries register key listeners; wait for the core's verdicts on their sources.
    const tab = await waitFor(async () => {
      const t = await ctx.browser.ask({ type: 'report.tab', tabId });
      const v = t?.scripts ?? {};
      const mt = Object.entries(v).find(([u]) => u.endsWith('/vendor/mousetrap.js'));
      const qu = Object.entries(v).find(([u]) => u.endsWith('/vendor/quill.js'));
      return mt?.[1] && qu?.[1] ? t : null;
    }, { timeout: 15000, message: 'verdicts on mousetrap.js and quill.js' });
    for (const [u, v] of Object.entries(tab.scripts)) {
      if (/\/vendor\/(mousetrap|quill)\.js$/.test(u)) assert.equal(v.class, 'none', `${u} was called ${v.class}: ${JSON.stringify(v.evidence)}`);
    }
    assert.ok(tab.listeners.some((l) => l.script.endsWith('/vendor/mousetrap.js') && /^key/.test(l.event)), 'the hook saw mousetrap\'s key listener');
    await page.click('h1');
    await page.type('body', '?', 20);
    await page.click('#editor .ql-editor');
    await page.type('#editor .ql-editor', TEXT, 20);
    await sleep(300);
    const saw = await page.eval(() => ({ shortcuts: window.__shortcuts, text: window.__quill.getText().trim() }));
    assert.deepEqual(saw.shortcuts, ['?'], 'the hotkey fired on the true key');
    assert.equal(saw.text, TEXT, 'the editor holds exactly what was typed');
    const after = await ctx.browser.ask({ type: 'report.tab', tabId });
    assert.equal((after.handled?.blocked ?? 0) + (after.handled?.fuzzed ?? 0), 0, 'no event was withheld or fuzzed');
    const view = await ctx.browser.ask({ type: 'popup.view', tabId });
    assert.equal(view.recorders, 0, `the popup lists ${JSON.stringify(view.trackers.map((t) => t.vendor ?? t.host))}`);
    await page.close();
  });
});
