// What the person sees, with real data, in both themes: the popup on a page with several
// recorders and a proven leak, and on a paused site; the dashboard with a week and with a month
// of history; each at phone width (360 px) and wide, with no part of the page wider than the
// window; and a keyboard-only walk through both, every control reached and named. Screenshots
// go to target/browser-tests/looks-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor, artifact, ROOT } from './harness/index.mjs';

const DAY_MS = 86400000;
const PIXEL_PAGE = readFileSync(join(ROOT, 'tests/site/public/pixel.html'), 'utf8');
/** The pixel page's own script: fires Meta's pixel twice on load. */
const PIXEL_SCRIPT = PIXEL_PAGE.slice(PIXEL_PAGE.lastIndexOf('<script>'), PIXEL_PAGE.lastIndexOf('</script>') + 9).replace(/document\.getElementById\('fire'\)[^;]*;/, '');

/** One page with a session recorder (rrweb), a script that leaks the typed e-mail, and a pixel. */
function busyPage(site) {
  site.route('/busy.html', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>busy</title>
<script src="/vendor/rrweb.js"></script></head><body><main><h1>Checkout</h1>
<label>E-mail <input id="email" name="email" type="email" autocomplete="email"></label>
<label>City <input id="city" name="city"></label><label>Notes <textarea id="notes"></textarea></label></main>
<script src="/leaky.js"></script>
<script>
  const collector = 'http://localhost:' + location.port + '/collect/rrweb';
  let events = [];
  rrweb.record({ emit(e) { events.push(e); } });
  setInterval(() => { if (!events.length) return; const b = events; events = []; fetch(collector, { method: 'POST', body: JSON.stringify({ events: b }) }); }, 500);
</script>
${PIXEL_SCRIPT}</body></html>`);
  });
  return `${site.origin}/busy.html`;
}

/** Parts of the page wider than the window (a phone must not scroll sideways); a table that scrolls in its own box is fine. */
const overflow = (page) => page.eval(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((n) => {
    // Screen-reader-only text is clipped to a pixel: its box is not seen.
    if (n.closest('.scroll, .sr-only') || !n.getClientRects().length) return false;
    const r = n.getBoundingClientRect();
    return r.right > width + 1;
  }).map((n) => `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}${n.className && typeof n.className === 'string' ? `.${n.className.split(' ')[0]}` : ''}`);
  return { width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
});

/** Sizes the page to its content's height at `width`. */
async function fit(page, width) {
  await page.setViewport(width, 600);
  const [height, frame] = await page.eval(() => [Math.ceil(document.documentElement.getBoundingClientRect().height), window.outerHeight - window.innerHeight]);
  await page.setViewport(width, Math.min(height + frame, 2400));
  // The chart draws itself again at a new width, a moment after it.
  await sleep(400);
}

/**
 * Walks the page with Tab only; returns each control reached (in order) and every visible
 * control that Tab should reach (radio groups count once, by name; roving tab lists by their
 * selected tab), each with its accessible name as the page gives it.
 */
async function tabWalk(page, max = 120) {
  // Start before the first control: a focus point at the top of the page, out of the Tab order.
  await page.eval(() => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
  });
  const reached = [];
  for (let i = 0; i < max; i++) {
    await page.press('Tab');
    const here = await page.eval(() => {
      const n = document.activeElement;
      if (!n || n === document.body) return null;
      // A stable name for the control: the popup redraws its list while the walk goes on.
      return n.type === 'radio' ? `radio:${n.name}` : n.id ? `#${n.id}` : [n.tagName, n.dataset.key, n.dataset.fix, n.dataset.sort, n.dataset.site, n.getAttribute('aria-label'), n.textContent.trim().slice(0, 40)].join('|');
    });
    if (here === null || (reached.length && here === reached[0])) break;
    reached.push(here);
  }
  return page.eval((walked) => {
    const describe = (n) => (n.type === 'radio' ? `radio:${n.name}` : n.id ? `#${n.id}` : [n.tagName, n.dataset.key, n.dataset.fix, n.dataset.sort, n.dataset.site, n.getAttribute('aria-label'), n.textContent.trim().slice(0, 40)].join('|'));
    const nameOf = (n) => {
      const by = n.getAttribute('aria-labelledby');
      const labels = n.labels?.length ? [...n.labels].map((l) => l.textContent).join(' ') : '';
      const label = by ? by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
        : (n.getAttribute('aria-label') || labels || n.textContent || n.getAttribute('title') || n.getAttribute('alt') || n.getAttribute('placeholder') || '');
      return label.trim();
    };
    const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      // A control taken out of the Tab order counts as one Tab must reach, except the tab list's
      // unselected tabs (arrow keys move between them) and the walk's own starting point.
      .filter((n) => n.getClientRects().length && !n.disabled && (n.tabIndex >= 0 || (n.matches('a[href], button, input, select, textarea') && n.getAttribute('role') !== 'tab'))
        && !n.closest('[hidden], dialog:not([open])') && getComputedStyle(n).visibility !== 'hidden');
    const groups = new Map();
    for (const n of controls) {
      const key = n.type === 'radio' ? `radio:${n.name}` : n;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(n);
    }
    return [...groups.values()].map((ns) => ({
      what: ns[0].type === 'radio' ? `radio group ${ns[0].name}` : ns[0].outerHTML.slice(0, 100),
      reached: walked.includes(describe(ns[0])),
      name: ns[0].type === 'radio' ? (ns[0].closest('[role=radiogroup]')?.getAttribute('aria-label') ?? '') : nameOf(ns[0]),
    }));
  }, reached);
}

for (const colorScheme of ['light', 'dark']) {
  suite(`looks, ${colorScheme}`, (ctx) => {
    let busyTab = null;

    async function popupFor(tabId) {
      const popup = await ctx.browser.newPage();
      await popup.setViewport(420, 640);
      await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
      await waitFor(() => popup.eval(() => document.body.dataset.ready === 'true'), { message: 'popup ready' });
      return popup;
    }

    test('the popup on a page with several recorders and a proven leak, at 360 and 420 px', async () => {
      const url = busyPage(ctx.site);
      const page = await ctx.browser.newPage();
      await page.goto(url);
      busyTab = await ctx.browser.tabIdOf(url);
      await page.type('#email', 'ada.lovelace@example.com', 20);
      await page.click('#city');
      await page.type('#city', 'London', 20);
      const popup = await popupFor(busyTab);
      await waitFor(() => popup.eval(() => document.querySelectorAll('li.tracker').length >= 3 && document.querySelectorAll('#leak-list li').length >= 1),
        { timeout: 20000, message: 'three recorders and a leak drawn' });
      // Every recorder, the leak's recipient too, has its Block / Fuzz / Allow switch.
      const switches = await popup.eval(() => [...document.querySelectorAll('li.tracker')].map((li) => [li.dataset.class, li.querySelectorAll('input[type=radio]').length]));
      for (const [cls, n] of switches) if (cls !== 'none') assert.equal(n, 3, `switch for ${cls}`);
      for (const width of [360, 420]) {
        await fit(popup, width);
        const o = await overflow(popup);
        assert.deepEqual(o.wide, [], `nothing wider than ${width} px`);
        assert.ok(o.scroll <= o.width, `no sideways scroll at ${width} px: ${JSON.stringify(o)}`);
        await popup.screenshot(await artifact(`looks-popup-busy-${width}-${colorScheme}-${ctx.kind}.png`));
      }
      // Drawn as the toolbar popup: the panel takes the content's widest line, which must be
      // the body's own width (else Firefox's panel is wider and shows a strip beside it).
      await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${busyTab}&popup`));
      await waitFor(() => popup.eval(() => document.querySelectorAll('li.tracker').length >= 3), { message: 'drawn as a popup' });
      const widths = await popup.eval(() => {
        document.documentElement.style.width = 'max-content';
        return { page: document.documentElement.getBoundingClientRect().width, body: document.body.getBoundingClientRect().width };
      });
      assert.equal(widths.page, widths.body, `the popup's preferred width is its body's: ${JSON.stringify(widths)}`);
      assert.ok(widths.body >= 340 && widths.body <= 420, `a popup's width: ${widths.body}`);
      await popup.close();
    });

    test('the popup on a paused site', async () => {
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'pause', site: '127.0.0.1', paused: true } });
      const popup = await popupFor(busyTab);
      await waitFor(() => popup.eval(() => document.getElementById('pause').checked && document.querySelectorAll('li.tracker').length >= 1), { message: 'paused drawn' });
      await fit(popup, 420);
      await popup.screenshot(await artifact(`looks-popup-paused-${colorScheme}-${ctx.kind}.png`));
      await popup.close();
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'pause', site: '127.0.0.1', paused: null } });
    });

    test('keyboard only: every control of the popup is reached by Tab and has a name', async () => {
      const popup = await popupFor(busyTab);
      await waitFor(() => popup.eval(() => document.querySelectorAll('li.tracker').length >= 3), { message: 'trackers drawn' });
      // The broken-site panel too: opened, its controls join the walk.
      await popup.click('#broken');
      await waitFor(() => popup.eval(() => !document.getElementById('broken-panel').hidden), { message: 'the panel' });
      const controls = await tabWalk(popup);
      // Three switches, the pause, the panel's buttons and the link at least.
      assert.ok(controls.length >= 8, `the walk sees the controls: ${controls.length}`);
      assert.deepEqual(controls.filter((c) => !c.reached).map((c) => c.what), [], 'not reached by Tab');
      assert.deepEqual(controls.filter((c) => !c.name).map((c) => c.what), [], 'without an accessible name');
      await popup.close();
    });

    test('the dashboard with a week, then a month, of history; at 360 and 1280 px', async () => {
      await seedHistory(7);
      for (const days of [7, 30]) {
        if (days === 30) await seedHistory(30);
        const page = await ctx.browser.newPage();
        await page.goto(ctx.browser.extensionUrl('dashboard/dashboard.html'));
        await waitFor(() => page.eval(() => document.body.dataset.ready === 'true'), { message: 'the dashboard' });
        const drawn = await page.eval(() => new Set([...document.querySelectorAll('#chart rect.bar')].map((r) => r.dataset.day)).size);
        assert.ok(drawn >= days - 1, `a bar group per day: ${drawn} for ${days}`);
        for (const width of [360, 1280]) {
          await fit(page, width);
          const o = await overflow(page);
          assert.deepEqual(o.wide, [], `nothing wider than ${width} px (tables scroll in their box)`);
          await page.screenshot(await artifact(`looks-dashboard-${days}d-${width}-${colorScheme}-${ctx.kind}.png`));
        }
        if (days === 30) {
          for (const tab of ['settings', 'lists']) {
            await page.click(`#tab-${tab}`);
            for (const width of [360, 1280]) {
              await fit(page, width);
              const o = await overflow(page);
              assert.deepEqual(o.wide, [], `${tab}: nothing wider than ${width} px`);
              await page.screenshot(await artifact(`looks-dashboard-${tab}-${width}-${colorScheme}-${ctx.kind}.png`));
            }
          }
        }
        await page.close();
      }
    });

    test('keyboard only: every control of each dashboard tab is reached by Tab and has a name', async () => {
      const page = await ctx.browser.newPage();
      await page.setViewport(1280, 900);
      for (const tab of ['sites', 'settings', 'lists']) {
        await page.goto(ctx.browser.extensionUrl(`dashboard/dashboard.html#${tab}`));
        await waitFor(() => page.eval(() => document.body.dataset.ready === 'true'), { message: 'the dashboard' });
        const controls = await tabWalk(page, 250);
        assert.ok(controls.length >= 5, `${tab}: the walk sees the controls`);
        assert.deepEqual(controls.filter((c) => !c.reached).map((c) => c.what), [], `${tab}: not reached by Tab`);
        assert.deepEqual(controls.filter((c) => !c.name).map((c) => c.what), [], `${tab}: without an accessible name`);
      }
      await page.close();
    });

    /**
     * Spreads the report over the last `days` days: each tracker's tallies copied to every day
     * with varied counts, written where the background keeps the report, the background
     * restarted so it reads it.
     */
    async function seedHistory(days) {
      const page = await ctx.browser.newPage();
      await page.goto(ctx.browser.extensionUrl('popup/popup.html?tab=-1'));
      await page.eval(async ([n, dayMs]) => {
        const api = globalThis.browser ?? globalThis.chrome;
        const { report } = await api.storage.local.get('report');
        const r = JSON.parse(report);
        const now = Date.now();
        for (const site of Object.values(r.sites)) {
          site.first_seen = now - (n - 1) * dayMs;
          for (const t of Object.values(site.trackers)) {
            t.first_seen = site.first_seen;
            const base = t.days?.at(-1) ?? { blocked: 1, fuzzed: 0 };
            t.days = Array.from({ length: n }, (_, i) => ({
              ...base,
              day: new Date(now - (n - 1 - i) * dayMs).toISOString().slice(0, 10),
              blocked: base.blocked ? 1 + ((i * 7) % 11) : 0,
              fuzzed: base.fuzzed ? 2 + ((i * 5) % 13) : 0,
            }));
          }
        }
        await api.storage.local.set({ report: JSON.stringify(r) });
      }, [days, DAY_MS]);
      await page.close();
      await ctx.browser.stopBackground();
      ctx.browser.resetExtensionPage();
    }
  }, { colorScheme, backgroundIdleMs: 1000 });
}
