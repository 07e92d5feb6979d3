// A keystroke logger no classifier of sources can read (it runs from a blob: URL) is named a
// recorder by what it does: it listened to keys, then sent them. Block withholds every batch,
// fuzz lets it send with nothing true in it, allow lets the truth through (so the test can
// fail); the page's own handler sees the truth throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from './harness/index.mjs';

const CANARY = 'Marble otter 53';

/** The keys the logger shipped, decoded from base64 inside JSON. */
function shipped(site) {
  return site.log().filter((r) => r.path === '/collect/ux').flatMap((r) => {
    try {
      const outer = JSON.parse(Buffer.from(r.body, 'base64').toString('utf8'));
      return JSON.parse(Buffer.from(outer.d, 'base64').toString('utf8'));
    } catch { return [{ k: '<unreadable>' }]; }
  });
}

suite('a keystroke logger named by its behaviour', (ctx) => {
  async function session() {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/behaviour.html`;
    await page.goto(url);
    await sleep(500); // the logger arrives and registers
    // Until it is judged, its capture-phase listener gets noise (the policy's `pending`); its
    // first batch convicts it, and from then on the setting for its class applies.
    await page.type('#name', 'warm up ', 60);
    await sleep(1200);
    await page.type('#name', CANARY, 60);
    await sleep(1500);
    const tabId = await ctx.browser.tabIdOf(url);
    const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
    const saw = await page.eval(() => window.__pageSaw);
    await page.close();
    const records = shipped(ctx.site);
    const keys = records.map((r) => r.k).filter((k) => typeof k === 'string' && k.length === 1).join('');
    const logger = Object.entries(tab.scripts ?? {}).find(([u]) => u.startsWith('blob:'));
    return { tab, saw, records, keys, logger };
  }
  const setMode = (action) => ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-class', site: '127.0.0.1', class: 'keystroke-telemetry', action } });

  test('allow: the logger ships every key (so the tests below can fail), and is named by behaviour', async () => {
    await setMode('allow');
    const r = await session();
    assert.equal(r.saw.keys, `warm up ${CANARY}`);
    assert.ok(r.keys.endsWith(CANARY), `the logger shipped the typed keys: ${r.keys}`);
    assert.ok(!r.keys.startsWith('warm'), `before its verdict the logger got noise: ${r.keys}`);
    assert.ok(r.logger, `a blob: script in the tab record: ${JSON.stringify(Object.keys(r.tab.scripts ?? {}))}`);
    assert.equal(r.logger[1].class, 'keystroke-telemetry');
    assert.equal(r.logger[1].foundBy, 'script-behaviour');
  });

  test('fuzz (the default for keystroke telemetry): it still sends, and nothing it sends is true', async () => {
    await setMode(null);
    const r = await session();
    assert.equal(r.saw.keys, `warm up ${CANARY}`, 'the page saw the true keys');
    assert.ok(r.records.length >= CANARY.length - 2, `the logger kept sending (${r.records.length} records)`);
    assert.equal(r.keys.length, r.records.filter((x) => typeof x.k === 'string' && x.k.length === 1).length);
    for (let i = 0; i + 4 <= CANARY.length; i++) assert.ok(!r.keys.includes(CANARY.slice(i, i + 4)), `a run of true keys shipped: ${r.keys}`);
    // The physical keys too: a record's code names the key as well as its key does.
    const trueCodes = [...`warm up ${CANARY}`].map((c) => (/[a-z]/i.test(c) ? `Key${c.toUpperCase()}` : /\d/.test(c) ? `Digit${c}` : null));
    const sent = r.records.map((x) => x.c);
    const same = trueCodes.filter((c, i) => c && sent[i] === c).length;
    assert.ok(same < trueCodes.filter(Boolean).length / 2, `${same} true key codes shipped: ${sent.join(' ')}`);
  });

  test('block: the logger\'s vendor (the site itself) receives none of it', async () => {
    await setMode('block');
    const r = await session();
    assert.equal(r.saw.keys, `warm up ${CANARY}`, 'the page saw the true keys');
    assert.equal(r.records.length, 0, `records shipped: ${JSON.stringify(r.records).slice(0, 200)}`);
    assert.equal(r.logger?.[1].class, 'keystroke-telemetry');
  });
});
