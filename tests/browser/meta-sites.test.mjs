// Meta's own sites, on local stand-ins (tests/site/public/meta/, answered through the proxy for
// the real host names): posting, searching and the typing indicator keep working while the
// interaction logger's batches (typing timings) never reach the logging paths; the popup shows
// that logging as Meta's keystroke telemetry and says where Meta takes objections to AI training.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor, artifact } from './harness/index.mjs';

/** Each stand-in: its logging endpoints (host, path) and the first-party paths that must work. */
const SITES = [
  { host: 'www.facebook.com', site: 'facebook.com', logs: [['www.facebook.com', '/ajax/bz']], post: '/api/graphql/', search: '/ajax/typeahead/search/', typing: '/ufi/typing/' },
  {
    host: 'www.instagram.com', site: 'instagram.com', post: '/graphql/query', search: '/api/v1/web/search/topsearch/',
    logs: [['www.instagram.com', '/logging/falco'], ['graph.instagram.com', '/logging_client_events'], ['www.instagram.com', '/ajax/bz']],
  },
  { host: 'www.messenger.com', site: 'messenger.com', logs: [['www.messenger.com', '/ajax/bnzai']], post: '/api/graphql/', search: '/ajax/typeahead/search/', typing: '/ajax/messaging/typ.php' },
  { host: 'www.threads.net', site: 'threads.net', logs: [['graph.threads.net', '/logging_client_events'], ['www.threads.net', '/logging/falco']], post: '/api/graphql', search: '/api/graphql' },
  { host: 'www.threads.com', site: 'threads.com', logs: [['www.threads.com', '/logging/falco']], post: '/api/graphql', search: '/api/graphql' },
  { host: 'web.whatsapp.com', site: 'web.whatsapp.com', logs: [['dyn.web.whatsapp.com', '/wam']], post: '/send', search: '/search' },
];
const TEXT = 'Lunch at noon?';

suite('meta sites', (ctx) => {
  const hits = (host, path, method) => ctx.site.log().filter((r) => r.host === host && r.path === path && (!method || r.method === method));
  const logged = (s) => s.logs.flatMap(([host, path]) => hits(host, path));
  const setMeta = (site, action) => ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site, vendor: 'Meta', action } });

  /** Opens the stand-in, writes and posts, searches; resolves to what the page shows. */
  async function use(s) {
    const page = await ctx.browser.newPage();
    const url = `https://${s.host}/`;
    await page.goto(url);
    await waitFor(() => page.eval(() => document.title.endsWith('stand-in')), { message: `${s.host} loaded` });
    await page.type('#composer', TEXT, 30);
    await page.click('#send');
    const result = await waitFor(() => page.eval(() => document.getElementById('result').textContent), { message: `${s.host}: the post's result` });
    await page.type('#q', 'pasta', 30);
    await page.click('#search');
    const results = await waitFor(async () => {
      const r = await page.eval(() => [...document.querySelectorAll('#results li')].map((li) => li.textContent));
      return r.length ? r : null;
    }, { message: `${s.host}: search results` });
    // The logger flushes every 400 ms: give it several rounds.
    await sleep(1500);
    return { page, url, result, results, tabId: await ctx.browser.tabIdOf(url) };
  }

  for (const s of SITES) {
    test(`${s.host}: posting and search work, the interaction logging is blocked`, async () => {
      await setMeta(s.site, null);
      ctx.site.clear();
      const { page, result, results, tabId } = await use(s);
      assert.equal(result, `Posted: ${TEXT}`, 'the post went out and its result shows');
      assert.deepEqual(results, [1, 2, 3].map((n) => `pasta — result ${n} on ${s.host}`));
      assert.ok(hits(s.host, s.post, 'POST').length >= 1, 'the post reached the site\'s API');
      assert.ok(hits(s.host, s.search).length >= 1, 'the search reached the site');
      if (s.typing) assert.ok(hits(s.host, s.typing).length >= 1, 'the typing indicator is the person\'s choice: not blocked');
      assert.deepEqual(logged(s).map((r) => r.url), [], 'interaction logging reached Meta');
      const view = await waitFor(async () => {
        const v = await ctx.browser.ask({ type: 'popup.view', tabId });
        return v?.trackers.find((t) => t.vendor === 'Meta' && t.blocked_requests > 0) ? v : null;
      }, { message: `${s.host}: Meta's blocked logging in the tab view` });
      const meta = view.trackers.find((t) => t.vendor === 'Meta');
      assert.equal(meta.class, 'keystroke-telemetry');
      assert.equal(meta.mode.action, 'block');
      assert.equal(meta.mode.source, 'builtin');
      assert.ok(meta.first_party, 'Meta\'s logging on its own site is first-party');
      assert.equal(view.ai_optout?.owner, 'Meta', 'the AI-training note comes with Meta\'s sites');
      await page.close();
    });
  }

  test('allowed by the person, the same pages do ship typing timings (the stand-ins really log)', async () => {
    for (const s of [SITES[0], SITES[1]]) {
      await setMeta(s.site, 'allow');
      ctx.site.clear();
      const { page } = await use(s);
      for (const [host, path] of s.logs) {
        const got = await waitFor(() => hits(host, path)[0], { message: `${host}${path} when allowed` });
        const body = Buffer.from(got.body, 'base64').toString();
        assert.match(body, /flight|dwell/, `${host}${path} carries key timings`);
      }
      await page.close();
      await setMeta(s.site, null);
    }
  });

  test('the popup: Meta\'s keystroke telemetry with its class, and where to object to AI training', async () => {
    await setMeta('facebook.com', null);
    const { page, tabId } = await use(SITES[0]);
    const popup = await ctx.browser.newPage();
    await popup.setViewport(420, 640);
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
    const shown = await waitFor(async () => {
      const v = await popup.eval(() => {
        const li = document.querySelector('li.tracker[data-vendor="Meta"]');
        return li && {
          cls: li.dataset.class,
          mode: li.dataset.mode,
          badge: li.querySelector('.badge').textContent,
          text: li.textContent,
          noteHidden: document.getElementById('ai-optout').hidden,
          note: document.getElementById('ai-optout-text').textContent,
          links: [...document.querySelectorAll('#ai-optout-links a')].map((a) => ({ kind: a.dataset.kind, href: a.href, target: a.target, text: a.textContent })),
        };
      });
      return v && /blocked/.test(v.text) ? v : null;
    }, { timeout: 15000, message: 'Meta in the popup' });
    assert.equal(shown.cls, 'keystroke-telemetry');
    assert.equal(shown.badge, 'Keystroke telemetry');
    assert.equal(shown.mode, 'block');
    assert.equal(shown.noteHidden, false);
    assert.match(shown.note, /Meta/);
    assert.deepEqual(shown.links.map((l) => l.kind), ['privacy-center', 'objection-form']);
    assert.ok(shown.links.every((l) => l.href.startsWith('https://') && l.target === '_blank'));
    assert.match(shown.links[1].href, /^https:\/\/www\.facebook\.com\/help\/contact\//);
    // Fit the screenshot to the popup's content.
    const height = await popup.eval(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const frame = await popup.eval(() => window.outerHeight - window.innerHeight);
    await popup.setViewport(420, height + frame);
    await popup.screenshot(await artifact(`popup-meta-${ctx.kind}.png`));
    await popup.close();
    await page.close();
  });

  test('no AI-training note on a site that is not Meta\'s', async () => {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/recorder.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    const view = await ctx.browser.ask({ type: 'popup.view', tabId });
    assert.equal(view.ai_optout, null);
    const popup = await ctx.browser.newPage();
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
    await waitFor(() => popup.eval(() => document.body.dataset.ready === 'true'), { message: 'popup ready' });
    assert.equal(await popup.eval(() => document.getElementById('ai-optout').hidden), true);
    await popup.close();
    await page.close();
  });
});
