// Recorders that do not take what was typed from input events: one polls every field's `value`
// on its own timer and ships it; the other logs key timings, reads the form through FormData
// (no getter is called) and posts both into a worker started from a blob, which uploads: no
// source scan can see that way out, so it is named by what it posts (behaviour). Both are
// small, first-party, under bland names. Allowed, the canary reaches both paths (so the test can
// fail); fuzzed, both still send and the canary is in nothing they hold or send; blocked,
// nothing they send arrives. The page's own handlers see the truth in every mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const CANARY = 'Quartz heron 77';
const POLLER = '/pollers/vendor.3c1e.js';
const FORMS = '/pollers/chunk.77ab.js';

suite('recorders that poll fields and upload from a worker', (ctx) => {
  const classes = {};

  async function session() {
    ctx.site.clear();
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/pollers.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdicts = async () => {
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      const s = Object.entries(tab?.scripts ?? {});
      return { poller: s.find(([u, v]) => u.endsWith(POLLER) && v)?.[1], forms: s.find(([u, v]) => u.endsWith(FORMS) && v)?.[1] };
    };
    await waitFor(async () => { const v = await verdicts(); return v.poller && v.forms; }, { timeout: 20000, message: 'the verdicts on both recorders' });
    await sleep(300); // the policy reaches the hook
    const typedAt = Date.now();
    await page.type('#notes', CANARY, 30);
    await sleep(400);
    await page.click('#save');
    await sleep(1800); // the poller ships every 100 ms; the worker flushes on Save and each second
    const scripts = await verdicts();
    const polled = await page.eval(() => ({ ...window.__polled }));
    const saw = await page.eval(() => window.__pageSaw);
    const fieldValue = await page.eval(() => document.getElementById('notes').value);
    await page.close();
    const bodies = (path) => ctx.site.log().filter((r) => r.path === path && r.at > typedAt).map((r) => Buffer.from(r.body, 'base64').toString('utf8'));
    return { scripts, polled, saw, fieldValue, poll: bodies('/api/poll'), formlog: bodies('/api/formlog') };
  }

  async function setMode(action) {
    for (const c of new Set(Object.values(classes).filter((c) => c && c !== 'none'))) {
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-class', site: '127.0.0.1', class: c, action } });
    }
  }
  function pageWorked(r, mode) {
    assert.equal(r.saw.keys, CANARY, `${mode}: the page's key handler saw the true keys`);
    assert.equal(r.saw.saved, CANARY, `${mode}: the Save button stored the true value`);
    assert.equal(r.fieldValue, CANARY, `${mode}: the field holds what was typed`);
  }
  const carries = (texts) => texts.filter((t) => t.includes(CANARY));

  test('the core names both recorders', async () => {
    await setMode(null);
    const r = await session();
    classes.poller = r.scripts.poller.class;
    classes.forms = r.scripts.forms.class;
    assert.notEqual(classes.poller, 'none', `the poller: ${JSON.stringify(r.scripts.poller)}`);
    assert.notEqual(classes.forms, 'none', `the form reader: ${JSON.stringify(r.scripts.forms)}`);
    assert.equal(r.scripts.forms.foundBy, 'script-behaviour', 'the form reader is named by what it posts to its worker');
  });

  test('allow: both take the true text and ship it (so the cases below can fail)', async () => {
    assert.ok(classes.poller, 'the verdicts from the first case');
    await setMode('allow');
    const r = await session();
    pageWorked(r, 'allow');
    assert.equal(r.polled.notes, CANARY, 'the poller read the true value');
    assert.ok(carries(r.poll).length > 0, `the poller shipped the canary: ${r.poll.slice(-2)}`);
    assert.ok(carries(r.formlog).length > 0, `the worker shipped the canary: ${r.formlog.slice(-2)}`);
  });

  test('fuzz: both still send, and the canary is in nothing they read or send', async () => {
    assert.ok(classes.poller, 'the verdicts from the first case');
    await setMode('fuzz');
    const r = await session();
    pageWorked(r, 'fuzz');
    assert.equal(typeof r.polled.notes, 'string');
    assert.equal(r.polled.notes.length, CANARY.length, `the poller read a fake of the same length: ${r.polled.notes}`);
    assert.notEqual(r.polled.notes, CANARY, 'the poller read the true value');
    assert.ok(r.poll.length > 0, 'the poller still sends');
    assert.ok(r.formlog.length > 0, 'the worker still sends');
    assert.deepEqual(carries(r.poll), [], 'the poller shipped the canary');
    assert.deepEqual(carries(r.formlog), [], 'the worker shipped the canary');
  });

  test('block: nothing either sends arrives', async () => {
    assert.ok(classes.poller, 'the verdicts from the first case');
    await setMode('block');
    const r = await session();
    pageWorked(r, 'block');
    assert.notEqual(r.polled.notes, CANARY, 'the poller read the true value');
    assert.deepEqual(r.poll, [], 'the poller shipped');
    assert.deepEqual(r.formlog, [], 'the worker shipped');
    await setMode(null);
  });
});
