// Fuzz mode, read by read: what a keystroke-dynamics recorder reads of each event it
// receives. Keys, codes, coordinates, the field's value and the time stamp are false; what the
// page itself reads of the same events is true; and what a recorder uses to find its way (the
// element it listens on, the event's path and phase) is right, also for a key delivered late
// for timing jitter, after the dispatch is over. Nothing of the hook is left on the event.
// The recorder is tests/site/public/hostile/recorder.js, `?how=inspect`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const CANARY = 'Mild otter 58';
const shape = (s) => s.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '0');

suite('fuzz mode: what a recorder reads of each event', (ctx) => {
  let vendor = null;

  async function session() {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/hostile/recorder.html?how=inspect`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const verdict = await waitFor(async () => (await ctx.browser.ask({ type: 'report.tab', tabId }))?.scripts?.[`${ctx.site.origin}/hostile/recorder.js`], { message: 'the core\'s verdict on recorder.js' });
    await sleep(400); // the policy push reaches the hook
    await page.type('#field', CANARY, 40);
    const box = await page.eval(() => { const r = document.getElementById('field').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
    await page.mouseMove(box.x + 2, box.y + box.h / 2, 2);
    await page.mouseMove(box.x + box.w - 2, box.y + box.h / 2, 12);
    await sleep(800); // the late deliveries
    const got = await page.eval(() => ({ recorded: window.__recorded, saw: window.__pageSaw }));
    await page.close();
    return { verdict, ...got };
  }

  test('allow: the recorder reads the truth (so the fuzz run can fail)', async () => {
    const first = await session();
    vendor = first.verdict.vendor;
    assert.ok(vendor, 'the recorder has a vendor name');
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action: 'allow' } });
    const r = await session();
    assert.equal(r.recorded.keys, CANARY);
    const keys = r.recorded.reads.filter((x) => x.type === 'keydown');
    assert.equal(keys.at(-1).value, CANARY.slice(0, -1), 'the value before the last key');
    assert.deepEqual(keys.map((x) => x.timeStamp), r.saw.stamps.slice(-keys.length));
    const xs = r.recorded.reads.filter((x) => x.type === 'mousemove').map((x) => x.x);
    assert.ok(xs.length > 3, `${xs.length} moves over the field`);
    assert.ok(xs.every((x) => r.saw.xs.includes(x)), 'true coordinates');
  });

  test('fuzz: keys, codes, values, times and coordinates are false; the rest is right', async () => {
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor, action: 'fuzz' } });
    const r = await session();
    assert.equal(r.saw.keys, CANARY, 'the page saw the true keys');
    assert.equal(r.saw.values.at(-1), CANARY, 'the page read the true value');
    const keys = r.recorded.reads.filter((x) => x.type === 'keydown');
    assert.equal(keys.length, CANARY.length, 'every key still reached the recorder');
    assert.deepEqual(keys.map((k) => k.n), [...CANARY].map((_, i) => i), 'late, but in the order typed');
    assert.notEqual(r.recorded.keys, CANARY);
    assert.equal(shape(r.recorded.keys), shape(CANARY), `letter for letter, digit for digit: ${JSON.stringify(r.recorded.reads.filter((x) => x.type === 'keydown').map((x) => [x.n, x.key, x.code, x.timeStamp]))} true ${JSON.stringify(r.saw.stamps)}`);
    for (const [i, k] of keys.entries()) {
      if (CANARY[i] === ' ') continue;
      assert.equal(k.which, k.keyCode, 'which follows keyCode');
      if (/[A-Za-z]/.test(k.key)) {
        assert.equal(k.code, `Key${k.key.toUpperCase()}`, `code matches the false key ${k.key}`);
        assert.equal(k.keyCode, k.key.toUpperCase().charCodeAt(0), 'keyCode matches the false key');
      }
    }
    const values = keys.map((k) => k.value).filter((v) => v);
    assert.ok(values.length > 0);
    for (const v of values) {
      assert.ok(!CANARY.startsWith(v), `the recorder read a true value: ${v}`);
      assert.equal(shape(v), shape(CANARY.slice(0, v.length)));
    }
    // Delivered late: time stamps moved (by the core's jitter, which can be 0), never earlier.
    const stamps = keys.map((k) => k.timeStamp);
    const truth = r.saw.stamps.slice(-keys.length);
    const late = stamps.map((t, i) => t - truth[i]);
    assert.ok(late.every((d) => d >= 0) && late.filter((d) => d >= 1).length >= late.length / 2, `late stamps: ${late.map((d) => d.toFixed(1))}`);
    // The true stamp is not to be had through Event.prototype's getter either.
    for (const k of keys) assert.equal(k.protoStamp, k.timeStamp, 'Event.prototype\'s timeStamp getter gives the moved stamp');
    for (const k of keys) {
      assert.ok(k.atField, 'currentTarget is the field the recorder listens on, also late');
      assert.ok(k.path >= 4, `composedPath() has the field's path (${k.path}), also late`);
      assert.equal(k.phase, 2, 'eventPhase: at the target');
      assert.deepEqual(k.ownKeysAfter.filter((p) => p !== 'isTrusted'), [], 'nothing left on the event');
    }
    const moves = r.recorded.reads.filter((x) => x.type === 'mousemove');
    assert.ok(moves.length > 3, `${moves.length} moves over the field`);
    const exact = moves.filter((m) => r.saw.xs.includes(m.x)).length;
    assert.ok(exact < moves.length / 2, `${exact} of ${moves.length} recorded x are true`);
    for (const m of moves) assert.deepEqual(m.ownKeys.filter((p) => p !== 'isTrusted'), [], 'mouse events: no own properties at all');
  });
});
