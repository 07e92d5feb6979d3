// Hostile pages, abuse: a page that forges KeyVeil's page messages (wrong shape,
// huge, thousands at once, naming another site's tracker), floods the hook, or tries to reach
// the extension's own pages forges no report, changes no setting and crashes nothing; a flood
// is coalesced by the hook (nothing lost) and bounded in the tab state. And markup in a vendor name (the
// person's own rule names it) is shown as text in the popup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const FLOOD = 300;
const XSS_VENDOR = '<img src=x onerror="document.title=\'xss\'">';

suite('hostile pages: forged messages, floods, reaching for the extension', (ctx) => {
  async function open() {
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/hostile/abuse.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    // The hook's first report (the page's own listener) is in: the bridge is talking.
    await waitFor(async () => (await ctx.browser.ask({ type: 'report.tab', tabId }))?.listeners?.length > 0, { message: 'the page\'s own listener reported' });
    return { page, tabId };
  }

  test('forged observations and policies on window reach nothing and are counted', async () => {
    const { page, tabId } = await open();
    const forged = await page.eval(() => {
      let n = 0;
      const fire = (type, detail) => { n++; window.dispatchEvent(new CustomEvent(type, { detail })); };
      const obs = (o) => fire('keyveil:observe', JSON.stringify([o]));
      // Another site's tracker, counts, a leak check, an evasion: all claims about others.
      obs({ kind: 'listener', event: 'keydown', target: 'document', capture: true, script: 'https://static.hotjar.com/c/hotjar-1.js' });
      obs({ kind: 'handled', action: 'blocked', count: 9999, script: 'https://static.hotjar.com/c/hotjar-1.js' });
      obs({ kind: 'send', sink: 'websocket', url: 'wss://other.example/', body: 'x', script: 'https://other.example/a.js' });
      obs({ kind: 'evasion', how: 'wrapper-replaced', script: 'https://other.example/a.js' });
      // Wrong shapes, and one too large to read.
      fire('keyveil:observe', { not: 'a string' });
      fire('keyveil:observe', '{');
      fire('keyveil:observe', JSON.stringify({ kind: 'listener' }));
      fire('keyveil:observe', 'x'.repeat(10 * 1024 * 1024));
      // Thousands at once.
      for (let i = 0; i < 5000; i++) obs({ kind: 'listener', event: `forged${i}`, target: 'window', script: `https://forged.example/${i}.js` });
      // Policies: pause everything, allow everything, garbage.
      for (let i = 0; i < 100; i++) fire('keyveil:policy', JSON.stringify({ policy: { paused: true, scripts: {}, unknown: 'allow' } }));
      fire('keyveil:policy', '{"keys":{"from":"a","to":"b","codes":{}}}');
      fire('keyveil:policy', 'not json');
      return n;
    });
    await sleep(1500); // what the bridge would have forwarded is filed by now
    const filed = await ctx.browser.ask({ type: 'report.tab', tabId });
    const scripts = filed.listeners.map((l) => l.script);
    assert.ok(!scripts.some((s) => /hotjar|forged\.example|other\.example/.test(s)), `forged listeners filed: ${scripts.filter((s) => /example|hotjar/.test(s)).slice(0, 3)}`);
    const tab = await waitFor(async () => {
      const t = await ctx.browser.ask({ type: 'report.tab', tabId });
      return t?.forgedByPage >= forged ? t : null;
    }, { message: `${forged} forged events counted` });
    const all = tab.listeners.map((l) => l.script);
    assert.ok(!all.some((s) => /hotjar|forged\.example|other\.example/.test(s)), `forged listeners filed: ${scripts.filter((s) => /example|hotjar/.test(s)).slice(0, 3)}`);
    assert.ok(!Object.values(tab.trackers ?? {}).some((t) => t.vendor === 'Hotjar'), 'a forged Hotjar tracker');
    assert.ok(!(tab.handled?.blocked >= 9999), 'forged handled counts');
    assert.equal(tab.evasions, undefined, 'a forged evasion');
    // Nothing crashed: the page's own listener, the hook and the core still work.
    await page.type('#field', 'ok', 20);
    assert.equal(await page.eval(() => window.__pageSaw.keys), 'ok');
    assert.ok((await ctx.browser.ask({ type: 'engine.version' })).version);
    await page.close();
  });

  test('a flood through the hook is coalesced: every registration filed, none dropped, the record bounded', async () => {
    const { page, tabId } = await open();
    // One new listener per task, hundreds a second: the hook sends them as a few messages
    // (one per 100 ms at most), so none is lost to the bridge's rate limit.
    await page.eval(async (n) => {
      const el = document.createElement('div');
      for (let i = 0; i < n; i++) {
        await new Promise((ok) => setTimeout(ok, 0));
        el.addEventListener(`flood${i}`, () => {});
      }
    }, FLOOD);
    const count = (t) => t.listeners.filter((l) => l.event.startsWith('flood')).length;
    const tab = await waitFor(async () => {
      const t = await ctx.browser.ask({ type: 'report.tab', tabId });
      return t && count(t) >= FLOOD ? t : null;
    }, { message: 'every flood registration filed' });
    assert.equal(count(tab), FLOOD);
    assert.equal(tab.droppedByBridge ?? 0, 0, 'nothing dropped');
    // Far more than a tab keeps: the record stays bounded (the newest kept).
    await page.eval((n) => {
      const el = document.createElement('div');
      for (let i = 0; i < n; i++) el.addEventListener(`burst${i}`, () => {});
    }, 3000);
    const after = await waitFor(async () => {
      const t = await ctx.browser.ask({ type: 'report.tab', tabId });
      return t?.listeners.some((l) => l.event === 'burst2999') ? t : null;
    }, { timeout: 30000, interval: 500, message: 'the newest burst registration filed' });
    assert.ok(after.listeners.length <= 1000, `${after.listeners.length} listeners kept`);
    await page.close();
  });

  test('large payloads do not take registrations down with them: messages are cut by size', async () => {
    const { page, tabId } = await open();
    // In one task: listeners, each followed by a beacon with a 60 KB body. The hook batches
    // all of it; one message holding it all would be over the bridge's size limit, refused
    // whole, and the registrations lost with it.
    await page.eval((n) => {
      const el = document.createElement('div');
      const body = 'p'.repeat(60000);
      for (let i = 0; i < n; i++) {
        el.addEventListener(`big${i}`, () => {});
        navigator.sendBeacon('/nothing-here', body);
      }
    }, 30);
    const tab = await waitFor(async () => {
      const t = await ctx.browser.ask({ type: 'report.tab', tabId });
      return t?.listeners.filter((l) => l.event.startsWith('big')).length >= 30 ? t : null;
    }, { timeout: 20000, message: 'every registration beside the large payloads filed' });
    assert.equal(tab.droppedByBridge ?? 0, 0, 'nothing dropped');
    await page.close();
  });

  test('the page cannot reach the extension\'s pages or change a setting', async () => {
    const before = (await ctx.browser.ask({ type: 'settings.get' })).settings;
    const { page } = await open();
    const change = { op: 'pause', site: '127.0.0.1', paused: true };
    const tried = await page.eval(async ({ urls, change, id }) => {
      const r = {};
      const msg = { type: 'settings.apply', change };
      const api = globalThis.browser ?? globalThis.chrome;
      r.runtime = typeof api?.runtime?.sendMessage === 'function';
      try { api.runtime.sendMessage(id, msg); } catch (e) { r.sendError = e.constructor.name; }
      window.postMessage(msg, '*');
      r.frames = [];
      for (const url of urls) {
        const f = document.createElement('iframe');
        f.src = url;
        document.body.appendChild(f);
        await new Promise((ok) => { f.onload = ok; setTimeout(ok, 1500); });
        let seen;
        try { seen = f.contentDocument ? f.contentDocument.URL : 'no document'; } catch (e) { seen = e.name; }
        try { f.contentWindow.postMessage(msg, '*'); } catch { /* cross-origin */ }
        r.frames.push(seen);
      }
      try {
        const w = window.open(urls[0]);
        r.opened = !!w;
        try { w?.postMessage(msg, '*'); w?.close(); } catch { /* cross-origin */ }
      } catch (e) { r.openError = e.name || String(e); }
      return r;
    }, { urls: [ctx.browser.extensionUrl('popup/popup.html?tab=-1'), ctx.browser.extensionUrl('dashboard/dashboard.html')], change, id: ctx.browser.extensionId });
    await sleep(500);
    const after = (await ctx.browser.ask({ type: 'settings.get' })).settings;
    assert.deepEqual(after, before, 'a setting changed');
    assert.equal(tried.runtime, false, 'the page has a runtime.sendMessage');
    // No frame holds an extension page the page can script.
    for (const seen of tried.frames) assert.ok(!/^(?:chrome|moz)-extension:/.test(seen), `the page read an extension page: ${seen}`);
    await page.close();
  });

  test('popup: a vendor name with markup (from the person\'s own rule) is text, and no <img> appears', async () => {
    const saved = await ctx.browser.ask({ type: 'lists.saveRules', text: `! keyveil: class=session-replay; vendor=${XSS_VENDOR}\n||evil.example^\n` });
    assert.equal(saved.summary.filters, 1, `the rule was read: ${JSON.stringify(saved.problems)}`);
    const page = await ctx.browser.newPage();
    const url = `${ctx.site.origin}/hostile/xss.html`;
    await page.goto(url);
    const tabId = await ctx.browser.tabIdOf(url);
    await waitFor(async () => Object.values((await ctx.browser.ask({ type: 'report.tab', tabId }))?.trackers ?? {}).some((t) => t.vendor === XSS_VENDOR), { message: 'the tracker with the markup vendor' });
    const popup = await ctx.browser.newPage();
    await popup.goto(ctx.browser.extensionUrl(`popup/popup.html?tab=${tabId}`));
    await waitFor(() => popup.eval(() => document.querySelectorAll('li.tracker').length > 0), { message: 'the popup draws the tracker' });
    const shown = await popup.eval(() => ({
      names: [...document.querySelectorAll('li.tracker .name')].map((n) => n.textContent),
      imgs: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
      handlers: document.querySelectorAll('[onerror]').length,
      title: document.title,
    }));
    assert.ok(shown.names.includes(XSS_VENDOR), `the name is shown as text: ${shown.names}`);
    assert.deepEqual(shown.imgs, ['../icons/icon-32.png'], 'no <img> made from the vendor name');
    assert.equal(shown.handlers, 0);
    assert.notEqual(shown.title, 'xss');
    await popup.close();
    await page.close();
    await ctx.browser.ask({ type: 'lists.saveRules', text: '' });
  });
});
