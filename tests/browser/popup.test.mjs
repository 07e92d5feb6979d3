// The popup answers "is this site recording me, who, what, and what did KeyVeil do": drawn from
// the core's view of the tab, with switches that change the settings live, a pause, a local
// broken-site report, proven leaks that stand out, and a toolbar badge that counts recorders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor, artifact } from './harness/index.mjs';

const EMAIL = 'grace.hopper@example.com';

/** Sizes the page to its content, as the browser sizes a popup (no empty space in screenshots). */
async function fitHeight(page) {
  // Firefox sizes the whole window: add what its frame takes.
  const [height, frame] = await page.eval(() => [Math.ceil(document.documentElement.getBoundingClientRect().height), window.outerHeight - window.innerHeight]);
  await page.setViewport(420, height + frame);
}

suite('popup', (ctx) => {
  let tabId = null;
  let popup = null;
  let recorded = null; // the recorder page, kept open across the first tests

  /** The popup as drawn: what a person reads, as data. */
  const shown = () => popup.eval(() => ({
    site: document.getElementById('site').textContent,
    counts: document.getElementById('counts').textContent,
    footer: document.getElementById('engine').textContent,
    summary: document.getElementById('summary').textContent,
    count: document.getElementById('summary').dataset.count,
    paused: document.getElementById('pause').checked,
    status: document.getElementById('status').textContent,
    reload: document.getElementById('status').dataset.reload,
    trackers: [...document.querySelectorAll('li.tracker')].map((li) => ({
      vendor: li.dataset.vendor,
      cls: li.dataset.class,
      mode: li.dataset.mode,
      inputs: li.querySelector('.inputs')?.textContent,
      done: li.querySelector('.done')?.textContent,
      text: li.textContent,
      disabled: [...li.querySelectorAll('input[type=radio]')].every((r) => r.disabled),
    })),
    leaks: [...document.querySelectorAll('#leak-list li')].map((li) => ({ field: li.dataset.field, encoding: li.dataset.encoding, text: li.textContent })),
  }));

  async function openPopup() {
    popup = await ctx.browser.newPage();
    await popup.setViewport(420, 640);
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
    await waitFor(() => popup.eval(() => document.body.dataset.ready === 'true'), { message: 'popup ready' });
  }

  test('a recorded page: the tracker, what it records, how it was found, and the badge', async () => {
    const page = await ctx.browser.newPage();
    recorded = page;
    const url = `${ctx.site.origin}/recorder.html`;
    await page.goto(url);
    tabId = await ctx.browser.tabIdOf(url);
    await page.type('#notes', 'hello', 30);
    await page.mouseMove(200, 200, 5);
    await openPopup();
    const view = await waitFor(async () => {
      const s = await shown();
      const rr = s.trackers.find((tr) => tr.vendor === 'rrweb');
      return rr && /blocked|hidden/.test(rr.done) && /form values/.test(rr.inputs) ? s : null;
    }, { timeout: 20000, message: 'rrweb in the popup with what KeyVeil did' });
    assert.equal(view.site, '127.0.0.1');
    const rr = view.trackers.find((tr) => tr.vendor === 'rrweb');
    assert.equal(rr.cls, 'session-replay');
    assert.equal(rr.mode, 'block', 'session replay is blocked by default');
    // rrweb reads what is typed from the fields' input events (it has no key listener).
    assert.match(rr.inputs, /form values/);
    assert.match(rr.inputs, /mouse/);
    assert.match(rr.text, /what its script does/);
    assert.equal(view.count, String(view.trackers.length));
    // The summary counts in words, one or many, with no "(s)" and no internal terms.
    const n = view.trackers.length;
    assert.equal(view.summary, `${n} recorder${n === 1 ? '' : 's'} found on this site`);
    assert.match(view.counts, /^\d+ requests? checked · \d+ keyboard (or|and) mouse listeners? seen$/);
    assert.match(view.footer, /^KeyVeil \d+\.\d+\.\d+$/, 'the footer names KeyVeil, not its core');
    const badge = await popup.eval((id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId);
    assert.equal(badge, String(view.trackers.length), 'the badge counts the recorders');
    await fitHeight(popup);
    await popup.screenshot(await artifact(`popup-recorder-${ctx.kind}.png`));
  });

  test('counted messages take the plural form of the messages\' language', async () => {
    // The helper every page counts with, run in the popup against the browser's own i18n.
    const forms = await popup.eval(async () => {
      const { tn } = await import('../lib/labels.js');
      return [0, 1, 2, 36, 1234].map((n) => [tn('popupRequests', n), tn('doneBlockedEvents', n), tn('popupSummary', n)]);
    });
    assert.deepEqual(forms, [
      ['0 requests checked', '0 key presses and mouse moves hidden from it', '0 recorders found on this site'],
      ['1 request checked', '1 key press or mouse move hidden from it', '1 recorder found on this site'],
      ['2 requests checked', '2 key presses and mouse moves hidden from it', '2 recorders found on this site'],
      ['36 requests checked', '36 key presses and mouse moves hidden from it', '36 recorders found on this site'],
      ['1,234 requests checked', '1,234 key presses and mouse moves hidden from it', '1,234 recorders found on this site'],
    ]);
  });

  test('a switch changes the mode live and says whether a reload is needed', async () => {
    await popup.click('li.tracker[data-vendor="rrweb"] input[value="fuzz"]');
    let s = await waitFor(async () => {
      const v = await shown();
      return v.trackers.find((tr) => tr.vendor === 'rrweb')?.mode === 'fuzz' && v.status ? v : null;
    }, { message: 'rrweb in fuzz mode' });
    assert.match(s.trackers.find((tr) => tr.vendor === 'rrweb').text, /set by you on this site/);
    const { settings } = await ctx.browser.ask({ type: 'settings.get' });
    assert.equal(settings.sites['127.0.0.1'].vendors.rrweb, 'fuzz', 'the core stored the change');
    // The hook now fuzzes rrweb on the open page: its events are counted as fuzzed.
    s = await waitFor(async () => {
      const v = await shown();
      return /noise/.test(v.trackers.find((tr) => tr.vendor === 'rrweb')?.done ?? '') ? v : null;
    }, { timeout: 3000, interval: 200, message: 'fuzzed events counted' }).catch(() => s);
    // Back to the default: block -> (fuzz) -> default block needs no reload; allow after block does.
    await popup.click('li.tracker[data-vendor="rrweb"] button.link');
    await waitFor(async () => (await shown()).trackers.find((tr) => tr.vendor === 'rrweb')?.mode === 'block', { message: 'back to block' });
    await popup.click('li.tracker[data-vendor="rrweb"] input[value="allow"]');
    s = await waitFor(async () => {
      const v = await shown();
      return v.trackers.find((tr) => tr.vendor === 'rrweb')?.mode === 'allow' && v.reload ? v : null;
    }, { message: 'rrweb allowed' });
    assert.equal(s.reload, 'true', 'letting a blocked recorder through needs a reload');
    // The popup's reload button reloads the page; now allowed, rrweb's uploads carry the text.
    ctx.site.clear();
    await popup.click('#reload');
    await waitFor(() => ctx.site.log().some((r) => r.path === '/collect/rrweb'), { message: 'rrweb recording again after the reload' });
    await recorded.type('#notes', 'Allowed 7', 30);
    await waitFor(() => ctx.site.log().some((r) => r.path === '/collect/rrweb' && Buffer.from(r.body, 'base64').toString().includes('Allowed 7')),
      { message: 'the typed text at the collector once rrweb is allowed' });
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor: 'rrweb', action: null } });
  });

  test('pausing the site disables the switches, and resuming brings them back', async () => {
    await popup.click('#pause');
    let s = await waitFor(async () => { const v = await shown(); return v.paused && v.trackers.every((tr) => tr.disabled) ? v : null; }, { message: 'paused' });
    assert.match(s.summary, /paused/i);
    assert.ok(s.trackers.every((tr) => tr.mode === 'allow'), 'paused: everything is let through');
    const { settings } = await ctx.browser.ask({ type: 'settings.get' });
    assert.equal(settings.sites['127.0.0.1'].paused, true);
    await popup.click('#pause');
    s = await waitFor(async () => { const v = await shown(); return !v.paused && v.trackers.every((tr) => !tr.disabled) ? v : null; }, { message: 'resumed' });
    assert.equal(s.trackers.find((tr) => tr.vendor === 'rrweb').mode, 'block');
  });

  test('"site broken?": a report to copy or save (page, what was done, versions; nothing typed) and the one-click fixes', async () => {
    const before = (await ctx.browser.ask({ type: 'popup.brokenList' })).length;
    await popup.click('#broken');
    // The status line may already hold an earlier message: wait for the record itself.
    const list = await waitFor(async () => {
      const l = await ctx.browser.ask({ type: 'popup.brokenList' });
      return l.length > before ? l : null;
    }, { message: 'the broken-site record saved' });
    const last = list.at(-1);
    assert.equal(last.site, '127.0.0.1');
    assert.equal(last.page, `${ctx.site.origin}/recorder.html`, 'the page, without query or fragment');
    assert.match(last.keyveil, /^\d+\.\d+\.\d+$/);
    assert.match(last.core, /^\d+\.\d+\.\d+$/);
    assert.ok(last.browser.length > 0);
    const rr = last.trackers.find((tr) => tr.vendor === 'rrweb');
    assert.ok(rr && rr.mode === 'block' && rr.class === 'session-replay', JSON.stringify(last.trackers));
    assert.ok(rr.blocked_requests + rr.blocked_events + rr.fuzzed_events + rr.allowed_requests > 0, `what KeyVeil did to it: ${JSON.stringify(rr)}`);
    // The panel shows the same report, to copy or save; nothing typed is in it.
    const panel = await waitFor(() => popup.eval(() => (document.getElementById('broken-panel').hidden ? null : {
      text: document.getElementById('broken-text').value,
      fixes: [...document.querySelectorAll('#broken-fixes button')].map((b) => ({ fix: b.dataset.fix, key: b.dataset.key ?? null, text: b.textContent })),
    })), { message: 'the broken-site panel' });
    assert.deepEqual(JSON.parse(panel.text), last);
    assert.ok(!panel.text.includes('hello'), 'nothing typed on the page');
    await popup.eval(() => {
      window.__saved = null;
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () { window.__saved = this.download; return click.call(this); };
    });
    await popup.click('#save-broken');
    assert.match(await popup.eval(() => window.__saved), /^keyveil-broken-127\.0\.0\.1-\d{4}-\d{2}-\d{2}\.json$/);
    // One click lets the recorder through on this site; another would pause the site.
    assert.ok(panel.fixes.some((f) => f.fix === 'pause'));
    const allow = panel.fixes.find((f) => f.fix === 'allow' && /rrweb/.test(f.text));
    assert.ok(allow, JSON.stringify(panel.fixes));
    await popup.click(`#broken-fixes button[data-fix="allow"][data-key="${allow.key}"]`);
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.sites?.['127.0.0.1']?.vendors?.rrweb === 'allow', { message: 'rrweb allowed by the fix' });
    // The popup redraws from the settings change a moment later.
    await waitFor(async () => (await shown()).reload === 'true', { message: 'and the reload it needs is offered' });
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor: 'rrweb', action: null } });
    await popup.close();
  });

  test('a proven leak stands out: which field went to whom, never the value', async () => {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/leak.html`;
    await page.goto(url);
    tabId = await ctx.browser.tabIdOf(url);
    await page.type('#email', EMAIL, 20);
    await page.click('#city');
    await openPopup();
    const s = await waitFor(async () => { const v = await shown(); return v.leaks.length ? v : null; }, { timeout: 15000, message: 'a leak in the popup' });
    assert.equal(s.leaks[0].field, 'email');
    assert.equal(s.leaks[0].encoding, 'sha256-hex');
    assert.match(s.leaks[0].text, /email/);
    assert.match(s.leaks[0].text, /SHA-256/);
    // Its recipient has a switch like any recorder: what KeyVeil does with its next sends.
    const recipient = s.trackers.find((tr) => /localhost/.test(tr.text));
    assert.ok(recipient, `the recipient's card: ${JSON.stringify(s.trackers)}`);
    assert.equal(recipient.cls, 'keystroke-telemetry');
    assert.equal(recipient.mode, 'fuzz', 'fakes from now on, by default');
    assert.equal(await popup.eval(() => document.querySelectorAll('li.tracker input[type=radio]').length), 3, 'Block, Fuzz and Allow');
    const all = await popup.eval(() => document.body.textContent);
    assert.ok(!all.toLowerCase().includes(EMAIL.toLowerCase()), 'the typed value is not shown');
    await popup.screenshot(await artifact(`popup-leak-${ctx.kind}.png`));
    await popup.close();
    await page.close();
    await sleep(50);
  });
});

suite('popup, dark', (ctx) => {
  test('the dark theme comes from the system, and the popup is drawn in it', async () => {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/recorder.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const popup = await ctx.browser.newPage();
    await popup.setViewport(420, 560);
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
    await waitFor(() => popup.eval(() => document.querySelectorAll('li.tracker').length > 0), { timeout: 15000, message: 'a tracker drawn' });
    const bg = await popup.eval(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 120, `a dark background: ${bg}`);
    // Opened in a window wider than a popup, the popup fills it: no empty strip on the right.
    const [header, fill] = await popup.eval(() => [document.querySelector('header').getBoundingClientRect().width, document.documentElement.clientWidth]);
    assert.equal(header, fill);
    await fitHeight(popup);
    await popup.screenshot(await artifact(`popup-dark-${ctx.kind}.png`));
    await popup.close();
    await page.close();
  });
}, { colorScheme: 'dark' });
