// The dashboard: every site that recorded input, searchable and sortable; the
// per-day SVG chart; the per-tracker view; export, clear and retention; settings, overrides,
// backup and restore; and the lists: My rules with line errors, import, subscriptions (with
// ETag / Last-Modified) and a hostile list title shown as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, waitFor, artifact } from './harness/index.mjs';

const XSS_TITLE = '<img src=x onerror=alert(1)>';

/**
 * Lists served by the test site (the browsers reach it through their proxy setting) under
 * /lists/: one whose title is markup, honouring If-None-Match; every request is kept.
 */
function serveLists(site) {
  const seen = [];
  const etag = '"list-v1"';
  const lastModified = 'Tue, 01 Dec 2026 10:00:00 GMT';
  site.route('/lists/xss.txt', (req, res) => {
    seen.push({ path: req.url, ifNoneMatch: req.headers['if-none-match'] ?? null, ifModifiedSince: req.headers['if-modified-since'] ?? null });
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, { etag }); res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/plain', etag, 'last-modified': lastModified, 'cache-control': 'no-store' });
    res.end(`! Title: ${XSS_TITLE}\n! Version: 7\n! Expires: 2 days\n! keyveil: class=session-replay; vendor=SubVendor\n||sub-recorder.example^\n||bad^host^$nope\n`);
  });
  return { origin: `${site.origin}/lists`, seen, etag };
}

/** Opens the dashboard (optionally on a tab) and waits until it has drawn. */
async function openDashboard(ctx, hash = '') {
  const page = await ctx.browser.newPage();
  await page.goto(ctx.browser.extensionUrl(`dashboard/dashboard.html${hash}`));
  await waitFor(() => page.eval(() => document.body.dataset.ready === 'true'), { message: 'the dashboard to draw' });
  // Downloads are caught, not saved: the blob's text and the file name are kept for the test.
  await page.eval(() => {
    window.__downloads = [];
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => {
      const url = make(blob);
      const d = { url };
      window.__downloads.push(d);
      blob.text().then((text) => { d.text = text; });
      return url;
    };
    HTMLAnchorElement.prototype.click = function click() {
      const d = window.__downloads.find((x) => x.url === this.href);
      if (d) d.name = this.download;
      else window.__downloads.push({ url: this.href, name: this.download });
    };
  });
  return page;
}

const rows = (page, table = 'sites-body') => page.eval((id) => [...document.querySelectorAll(`#${id} tr[data-site]`)].map((tr) => tr.dataset.site), table);
/** Answers the confirmation dialog once it is open. */
async function confirm(page, yes = true) {
  await waitFor(() => page.eval(() => document.getElementById('confirm').open), { message: 'the confirmation dialog' });
  await page.click(yes ? '#confirm-yes' : '#confirm-no');
  await waitFor(() => page.eval(() => !document.getElementById('confirm').open), { message: 'the dialog to close' });
}
const statusText = (page) => page.eval(() => document.getElementById('status').textContent);
async function lastDownload(page, name) {
  return waitFor(() => page.eval((n) => window.__downloads.find((d) => d.name?.startsWith(n) && typeof d.text === 'string') ?? null, name), { message: `download ${name}` });
}
/** Sets a textarea or input value as typing would (fast), firing `input`. */
const setValue = (page, selector, value) => page.eval(([s, v]) => {
  const node = document.querySelector(s);
  node.value = v;
  node.dispatchEvent(new Event('input', { bubbles: true }));
}, [selector, value]);
/** Picks a value in a select as a person would, firing `change`. */
const choose = (page, selector, value) => page.eval(([s, v]) => {
  const node = document.querySelector(s);
  node.value = v;
  node.dispatchEvent(new Event('change', { bubbles: true }));
}, [selector, value]);
/** Hands a file to an `<input type=file>` as choosing it would. */
const chooseFile = (page, selector, text, name) => page.eval(([s, t, n]) => {
  const input = document.querySelector(s);
  const dt = new DataTransfer();
  dt.items.add(new File([t], n, { type: 'text/plain' }));
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}, [selector, text, name]);

/** The first-run page as drawn: its words, any message key left showing, and its picture. */
async function welcomeShown(page) {
  return page.eval(() => ({
    title: document.title,
    h1: document.querySelector('h1').textContent,
    lang: document.documentElement.lang,
    keysShown: [...document.querySelectorAll('[data-i18n]')].filter((n) => !n.textContent.trim() || n.textContent === n.dataset.i18n).map((n) => n.dataset.i18n),
    text: document.body.textContent,
    picture: { width: document.getElementById('popup-picture').naturalWidth, alt: document.getElementById('popup-picture').alt },
  }));
}

suite('dashboard', (ctx) => {
  test('the first-run page opens once on install, in words from _locales, with a picture of the popup', async () => {
    const welcomeUrl = ctx.browser.extensionUrl('welcome/welcome.html');
    const opened = await waitFor(async () => {
      const page = await ctx.browser.newPage();
      await page.goto(ctx.browser.extensionUrl('popup/popup.html?tab=-1'));
      const tabs = await page.eval(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).map((t) => t.url));
      await page.close();
      const found = tabs.filter((u) => u === welcomeUrl);
      return found.length ? found : null;
    }, { message: 'the first-run page in a tab' });
    assert.equal(opened.length, 1, 'opened once');
    const page = await ctx.browser.newPage();
    await page.setViewport(1100, 1400);
    await page.goto(welcomeUrl);
    await waitFor(() => page.eval(() => document.body.dataset.ready === 'true'), { message: 'the first-run page to draw' });
    const shown = await welcomeShown(page);
    assert.deepEqual(shown.keysShown, [], 'every message found');
    assert.equal(shown.title, 'Welcome to KeyVeil');
    assert.equal(shown.lang, 'en');
    for (const words of ['Block', 'Fuzz', 'Allow', 'stays on this computer', 'subscribe']) assert.ok(shown.text.includes(words), words);
    await waitFor(() => page.eval(() => document.getElementById('popup-picture').complete), { message: 'the picture' });
    assert.ok((await welcomeShown(page)).picture.width > 0, 'the picture of the popup loads');
    assert.match(shown.picture.alt, /popup/);
    await page.screenshot(await artifact(`welcome-${ctx.kind}.png`));
    // The dashboard links to it.
    const dash = await openDashboard(ctx);
    assert.equal(await dash.eval(() => document.getElementById('welcome-link').href), welcomeUrl);
    assert.equal(await dash.eval(() => document.getElementById('welcome-link').textContent), 'How KeyVeil works');
    await dash.close();
    await page.close();
  });

  test('the options page is the dashboard', async () => {
    const page = await openDashboard(ctx);
    const manifest = await page.eval(() => (globalThis.browser ?? globalThis.chrome).runtime.getManifest());
    // Firefox hands back the page as a full URL, Chrome as written.
    assert.equal(new URL(manifest.options_ui?.page ?? '', ctx.browser.extensionUrl('')).href, ctx.browser.extensionUrl('dashboard/dashboard.html'));
    assert.equal(manifest.options_ui.open_in_tab, true);
    assert.equal(await page.eval(() => document.title), 'KeyVeil dashboard');
    await page.close();
  });

  test('every site that recorded input is a row with its trackers; search filters it', async () => {
    // Two sites meet Hotjar and Meta's pixel: 127.0.0.1 and localhost.
    for (const origin of [ctx.site.origin, ctx.site.altOrigin]) {
      const p = await ctx.browser.newPage();
      await p.goto(`${origin}/beacons.html`);
      await p.close();
    }
    await waitFor(async () => {
      const o = await ctx.browser.ask({ type: 'dash.overview' });
      return ['127.0.0.1', 'localhost'].every((s) => o.summaries.some((r) => r.site === s && r.trackers.length >= 2));
    }, { message: 'both sites in the report' });
    const page = await openDashboard(ctx);
    const got = await rows(page);
    assert.ok(got.includes('127.0.0.1') && got.includes('localhost'), `rows: ${got}`);
    const trackers = await page.eval(() => [...document.querySelectorAll('#sites-body tr[data-site="127.0.0.1"] button.tracker')].map((b) => b.textContent));
    assert.ok(trackers.includes('Hotjar'), `trackers: ${trackers}`);
    assert.ok(trackers.includes('Meta'), `trackers: ${trackers}`);
    const cells = await page.eval(() => [...document.querySelectorAll('#sites-body tr[data-site="127.0.0.1"] td')].map((td) => td.textContent));
    assert.ok(cells.some((c) => c.includes('Session replay')), `cells: ${cells}`);
    // A column with nothing to show says so in words, not with a dash.
    assert.ok(!cells.includes('—'), `cells: ${cells}`);
    assert.equal(await page.eval(() => document.getElementById('sites-title').textContent), 'Sites with recorders');
    await page.type('#search', 'localh');
    assert.deepEqual(await waitFor(async () => { const r = await rows(page); return r.length === 1 ? r : null; }, { message: 'search to filter' }), ['localhost']);
    assert.match(await page.eval(() => document.getElementById('sites-count').textContent), /^Sites shown: 1 of \d+$/);
    await setValue(page, '#search', 'hotjar'); // tracker names are searched too
    assert.ok((await rows(page)).length >= 2);
    await setValue(page, '#search', 'no-such-site');
    assert.deepEqual(await rows(page), []);
    assert.equal(await page.eval(() => document.getElementById('sites-empty').hidden), false);
    // A search that hides every row says how to get them back.
    assert.match(await page.eval(() => document.getElementById('sites-empty').textContent), /^No site matches this search\. Clear the search box/);
    await page.close();
  });

  test('clicking a column sorts by it, and again reverses it', async () => {
    const page = await openDashboard(ctx);
    await page.click('button[data-sort="site"]');
    const asc = await rows(page);
    assert.deepEqual(asc, [...asc].sort((a, b) => a.localeCompare(b)));
    assert.equal(await page.eval(() => document.querySelector('button[data-sort="site"]').parentElement.getAttribute('aria-sort')), 'ascending');
    await page.click('button[data-sort="site"]');
    assert.deepEqual(await rows(page), [...asc].reverse());
    assert.equal(await page.eval(() => document.querySelector('button[data-sort="site"]').parentElement.getAttribute('aria-sort')), 'descending');
    await page.close();
  });

  test('the chart draws a bar per series per day, equal to the core\'s counts', async () => {
    const { chart } = await ctx.browser.ask({ type: 'dash.overview' });
    assert.ok(chart.length >= 1 && chart.at(-1).met >= 4, `chart: ${JSON.stringify(chart)}`);
    const page = await openDashboard(ctx);
    const bars = await page.eval(() => [...document.querySelectorAll('#chart svg rect.bar')].map((r) => ({
      day: r.dataset.day, series: r.dataset.series, value: Number(r.dataset.value), height: Number(r.getAttribute('height')),
    })));
    for (const point of chart) {
      for (const series of ['met', 'blocked', 'fuzzed']) {
        const bar = bars.find((b) => b.day === point.day && b.series === series);
        assert.ok(bar, `a ${series} bar for ${point.day}`);
        assert.equal(bar.value, point[series], `${series} on ${point.day}`);
      }
    }
    const today = bars.filter((b) => b.day === chart.at(-1).day);
    const met = today.find((b) => b.series === 'met');
    for (const b of today) assert.ok(b.height <= met.height + 0.01, 'no series taller than met');
    assert.ok(met.height > 0);
    // The legend names the series in words, not the core's field names.
    assert.deepEqual(await page.eval(() => [...document.querySelectorAll('#chart .legend li')].map((li) => li.textContent)), ['Found', 'Blocked', 'Fed noise']);
    await page.close();
  });

  test('the per-tracker view lists the sites where a vendor recorded you', async () => {
    const page = await openDashboard(ctx);
    await page.click('#sites-body tr[data-site="localhost"] button.tracker[data-vendor="Hotjar"]');
    await waitFor(() => page.eval(() => !document.getElementById('vendor-view').hidden), { message: 'the vendor view' });
    const sites = await rows(page, 'vendor-body');
    assert.deepEqual([...sites].sort(), ['127.0.0.1', 'localhost']);
    assert.match(await page.eval(() => document.getElementById('vendor-title').textContent), /Sites where Hotjar was found: 2/);
    await page.close();
  });

  test('export: JSON is the core\'s report export, CSV a row per site and tracker', async () => {
    const page = await openDashboard(ctx);
    await page.click('#export-json');
    const json = JSON.parse((await lastDownload(page, 'keyveil-report-')).text);
    assert.equal(json.format, 'keyveil-report');
    assert.equal(json.version, 1);
    assert.ok(json.sites['127.0.0.1'].trackers.Hotjar, 'Hotjar on 127.0.0.1');
    assert.equal(json.sites['127.0.0.1'].trackers.Hotjar.class, 'session-replay');
    await page.click('#export-csv');
    const csv = (await waitFor(() => page.eval(() => window.__downloads.find((d) => d.name?.endsWith('.csv') && d.text) ?? null), { message: 'the CSV' })).text;
    const lines = csv.trim().split('\r\n');
    assert.ok(lines[0].startsWith('site,tracker,vendor,host,class'), lines[0]);
    assert.ok(lines.some((l) => l.startsWith('localhost,Hotjar,Hotjar,')), csv);
    await page.close();
  });

  test('retention is a settings change the core checks', async () => {
    const page = await openDashboard(ctx);
    await setValue(page, '#retention', '30');
    await page.click('#retention-form button[type="submit"]');
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.retention_days === 30, { message: 'retention 30' });
    await waitFor(async () => /30 days/.test(await statusText(page)), { message: 'the status line' });
    await page.close();
  });

  test('default per class and the per-site overrides: set, shown, removed', async () => {
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: 'localhost', vendor: 'Hotjar', action: 'allow' } });
    const page = await openDashboard(ctx, '#settings');
    assert.equal(await page.eval(() => document.getElementById('panel-settings').hidden), false);
    // The class default: Fuzz for session replay, through the select.
    await page.eval(() => {
      const s = document.querySelector('select[data-class="session-replay"]');
      s.value = 'fuzz';
      s.dispatchEvent(new Event('change'));
    });
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.classes?.['session-replay'] === 'fuzz', { message: 'class default saved' });
    const decided = await ctx.browser.ask({ type: 'dash.overview' });
    assert.deepEqual(decided.classes.find((c) => c.class === 'session-replay').now, { action: 'fuzz', source: 'class' });
    // The override row, then its removal.
    await waitFor(() => page.eval(() => document.querySelectorAll('#overrides-body tr[data-site="localhost"]').length === 1), { message: 'the override row' });
    const text = await page.eval(() => document.querySelector('#overrides-body tr[data-site="localhost"]').textContent);
    assert.match(text, /Hotjar/);
    const rowValue = (site) => page.eval((s) => document.querySelector(`#overrides-body tr[data-site="${s}"] select.edit-override`)?.value, site);
    assert.equal(await rowValue('localhost'), 'allow');
    // A row is changed in place: the same core change with the new value.
    await choose(page, '#overrides-body tr[data-site="localhost"] select.edit-override', 'block');
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.sites?.localhost?.vendors?.Hotjar === 'block', { message: 'the row changed to Block' });
    await waitFor(async () => (await rowValue('localhost')) === 'block', { message: 'the row redrawn as Block' });
    // A rule is added for a site the report never met: a class, then a tracker by name.
    await setValue(page, '#override-site', 'shop.example');
    await choose(page, '#override-what', 'class:keystroke-telemetry');
    await choose(page, '#override-action', 'allow');
    await page.click('#override-form button[type="submit"]');
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.sites?.['shop.example']?.classes?.['keystroke-telemetry'] === 'allow', { message: 'the class rule added' });
    await choose(page, '#override-what', 'vendor');
    assert.equal(await page.eval(() => document.getElementById('override-vendor').hidden), false, 'a name field for a tracker');
    await setValue(page, '#override-vendor', 'Clarity');
    await choose(page, '#override-action', 'fuzz');
    await page.click('#override-form button[type="submit"]');
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.sites?.['shop.example']?.vendors?.Clarity === 'fuzz', { message: 'the vendor rule added' });
    await waitFor(() => page.eval(() => document.querySelectorAll('#overrides-body tr[data-site="shop.example"]').length === 2), { message: 'both new rows' });
    // A site the core cannot take is refused, with the reason in the status line.
    await setValue(page, '#override-site', 'not a site');
    await page.click('#override-form button[type="submit"]');
    await waitFor(async () => /did not work/.test(await statusText(page)), { message: 'the refusal' });
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-class', site: 'shop.example', class: 'keystroke-telemetry', action: null } });
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: 'shop.example', vendor: 'Clarity', action: null } });
    await page.setViewport(1280, 900);
    await page.screenshot(await artifact(`dashboard-settings-${ctx.kind}.png`));
    await page.click('#overrides-body tr[data-site="localhost"] button.remove-override');
    await waitFor(async () => !(await ctx.browser.ask({ type: 'settings.get' })).settings.sites?.localhost, { message: 'override removed' });
    await waitFor(() => page.eval(() => document.querySelectorAll('#overrides-body tr[data-site="localhost"]').length === 0), { message: 'row gone' });
    // Back to the built-in default.
    await page.eval(() => {
      const s = document.querySelector('select[data-class="session-replay"]');
      s.value = '';
      s.dispatchEvent(new Event('change'));
    });
    await waitFor(async () => !(await ctx.browser.ask({ type: 'settings.get' })).settings.classes?.['session-replay'], { message: 'class default removed' });
    await page.close();
  });

  test('My rules: a bad line is shown with its line number and reason; good lines are kept and used', async () => {
    const page = await openDashboard(ctx, '#lists');
    await waitFor(() => page.eval(() => document.getElementById('builtin-text').textContent.length > 100), { message: 'the built-in list' });
    assert.match(await page.eval(() => document.getElementById('builtin-info').textContent), /KeyVeil built-in list, version \d{4}\.\d\d\.\d\d — rules: \d+/);
    const rules = '! keyveil: class=session-replay; vendor=MyRecorder\n||my-recorder.example^\n||broken.example^$frobnicate\n||second.example^\n';
    await setValue(page, '#rules', rules);
    await page.click('#rules-save');
    const problems = await waitFor(async () => {
      const p = await page.eval(() => [...document.querySelectorAll('#rules-problems li')].map((li) => ({ line: Number(li.dataset.line), cls: li.className, text: li.textContent })));
      return p.length ? p : null;
    }, { message: 'the problems list' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].line, 3);
    assert.equal(problems[0].cls, 'rejected');
    assert.match(problems[0].text, /Line 3: \|\|broken\.example\^\$frobnicate/);
    assert.match(problems[0].text, /unknown option \$frobnicate/);
    assert.match(await page.eval(() => document.getElementById('rules-summary').textContent), /^Rules in use: 2 · lines with errors: 1 · lines ignored: 0$/);
    // Nothing the person wrote is lost, and the good rules decide requests now.
    assert.equal((await ctx.browser.ask({ type: 'lists.get' })).rules.text, rules);
    const v = await ctx.browser.ask({ type: 'engine.classifyRequest', request: { url: 'https://my-recorder.example/c', type: 'xmlhttprequest' } });
    assert.equal(v.class, 'session-replay');
    assert.equal(v.vendor, 'MyRecorder');
    if (ctx.kind === 'chromium') {
      // Chrome blocks through DNR: the person's rule is among the dynamic rules.
      const dnr = await waitFor(async () => {
        const r = await page.eval(async () => JSON.stringify(await chrome.declarativeNetRequest.getDynamicRules()));
        return r.includes('my-recorder.example') ? r : null;
      }, { message: 'the rule in DNR' });
      assert.ok(!dnr.includes('frobnicate'));
    }
    // Reloaded, the editor shows the same text and the same problem.
    await page.close();
    const again = await openDashboard(ctx, '#lists');
    await waitFor(() => again.eval(() => document.getElementById('rules').value.includes('frobnicate')), { message: 'rules kept' });
    assert.equal(await again.eval(() => document.querySelector('#rules-problems li')?.dataset.line), '3');
    await again.close();
  });

  test('import from paste and file appends to the rules; export is canonical filter syntax', async () => {
    const page = await openDashboard(ctx, '#lists');
    await waitFor(() => page.eval(() => document.getElementById('rules').value.includes('frobnicate')), { message: 'rules loaded' });
    await page.eval(() => { document.querySelector('#panel-lists details').open = true; });
    await setValue(page, '#import-paste', '||pasted.example^\nexample.com##.banner');
    await page.click('#import-add');
    await waitFor(async () => (await ctx.browser.ask({ type: 'lists.get' })).rules.text.includes('||pasted.example^'), { message: 'pasted rules saved' });
    await chooseFile(page, '#import-file', '||from-file.example^\n', 'mine.txt');
    const saved = await waitFor(async () => { const r = await ctx.browser.ask({ type: 'lists.get' }); return r.rules.text.includes('from-file') ? r.rules : null; }, { message: 'file rules saved' });
    assert.ok(saved.text.startsWith('! keyveil: class=session-replay; vendor=MyRecorder\n||my-recorder.example^'), 'earlier rules kept first');
    assert.ok(saved.info.problems.some((p) => p.fate === 'ignored' && p.reason === 'cosmetic'));
    await page.click('#rules-export');
    const out = (await lastDownload(page, 'keyveil-my-rules')).text;
    assert.match(out, /\|\|my-recorder\.example\^/);
    assert.match(out, /\|\|from-file\.example\^/);
    assert.ok(!out.includes('frobnicate'), 'a rejected line is not shared');
    await page.close();
  });

  test('subscriptions: the title is text, never markup; ETag is honoured; errors are shown', async () => {
    const lists = serveLists(ctx.site);
    const page = await openDashboard(ctx, '#lists');
    await page.type('#subscribe-url', `${lists.origin}/xss.txt`);
    await page.click('#subscribe-form button[type="submit"]');
    await waitFor(() => page.eval(() => document.querySelectorAll('#subs li.sub').length === 1 && document.querySelector('#subs .sub-title').textContent !== document.querySelector('#subs .sub-url').textContent), { message: 'the subscription with its title' });
    const shown = await page.eval(() => ({
      title: document.querySelector('#subs .sub-title').textContent,
      imgs: [...document.querySelectorAll('img')].map((i) => i.getAttribute('src')),
      facts: document.querySelector('#subs li.sub').textContent,
    }));
    assert.equal(shown.title, XSS_TITLE);
    assert.deepEqual(shown.imgs, ['../icons/icon-32.png'], 'no <img> made from the title');
    assert.match(shown.facts, /version 7/);
    assert.match(shown.facts, /rules: 1/);
    assert.match(shown.facts, /lines with errors: 1/);
    // Its rules decide requests.
    const v = await ctx.browser.ask({ type: 'engine.classifyRequest', request: { url: 'https://sub-recorder.example/x', type: 'script' } });
    assert.equal(v.vendor, 'SubVendor');
    const [sub] = (await ctx.browser.ask({ type: 'lists.get' })).subscriptions;
    assert.equal(sub.refreshHours, 48, 'Expires: 2 days');
    assert.equal(sub.etag, lists.etag);
    // Updating again sends the validators; a 304 keeps the list.
    await page.click('#subs button.sub-refresh');
    await waitFor(() => lists.seen.length >= 2, { message: 'a second fetch' });
    assert.equal(lists.seen[1].ifNoneMatch, lists.etag);
    assert.equal(lists.seen[1].ifModifiedSince, 'Tue, 01 Dec 2026 10:00:00 GMT');
    const after = (await ctx.browser.ask({ type: 'lists.get' })).subscriptions[0];
    assert.equal(after.error, null);
    assert.equal(after.title, XSS_TITLE);
    // A list that cannot be fetched is shown with its error.
    await setValue(page, '#subscribe-url', `${lists.origin}/missing.txt`);
    await page.click('#subscribe-form button[type="submit"]');
    await waitFor(() => page.eval(() => document.querySelector('#subs .sub-error')?.textContent ?? null), { message: 'the error' });
    assert.match(await page.eval(() => document.querySelector('#subs .sub-error').textContent), /HTTP 404/);
    assert.equal(await page.eval(() => document.querySelectorAll('img').length), 1);
    await page.setViewport(1200, 1100);
    await page.screenshot(await artifact(`dashboard-lists-${ctx.kind}.png`));
    await page.close();
  });

  test('backup and restore bring back settings, rules and subscriptions', async () => {
    const page = await openDashboard(ctx, '#settings');
    await page.click('#backup');
    const backup = JSON.parse((await lastDownload(page, 'keyveil-backup-')).text);
    assert.equal(backup.format, 'keyveil-backup');
    assert.equal(backup.settings.retention_days, 30);
    assert.match(backup.userRules, /my-recorder/);
    assert.equal(backup.subscriptions.length, 2);
    // Change everything, then restore.
    await ctx.browser.ask({ type: 'settings.apply', change: { op: 'retention', days: 200 } });
    await ctx.browser.ask({ type: 'lists.saveRules', text: '' });
    // A file that is not a backup changes nothing and says why.
    await chooseFile(page, '#restore', '{"hello": 1}', 'nope.json');
    await confirm(page);
    await waitFor(async () => /not a KeyVeil backup/.test(await statusText(page)), { message: 'the refusal' });
    // The refusal crosses as a message code and its parameters, for the page to say in its language.
    const answer = await ctx.browser.message({ type: 'dash.restore', text: JSON.stringify({ format: 'keyveil-backup', version: 99 }) });
    assert.deepEqual([answer.code, answer.params], ['errBackupVersion', ['99']]);
    assert.equal((await ctx.browser.ask({ type: 'settings.get' })).settings.retention_days, 200);
    await chooseFile(page, '#restore', JSON.stringify(backup), 'backup.json');
    await confirm(page);
    await waitFor(async () => (await ctx.browser.ask({ type: 'settings.get' })).settings.retention_days === 30, { message: 'settings restored' });
    const restored = await ctx.browser.ask({ type: 'lists.get' });
    assert.equal(restored.rules.text, backup.userRules);
    assert.deepEqual(restored.subscriptions.map((s) => s.url).sort(), backup.subscriptions.map((s) => s.url).sort());
    await page.close();
  });

  test('screenshot: the sites page, light and dark themes come from the system', async () => {
    const page = await openDashboard(ctx);
    await page.setViewport(1280, 1000);
    await page.screenshot(await artifact(`dashboard-${ctx.kind}.png`));
    const bg = await page.eval(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(246, 248, 250)', 'light theme in a light browser');
    await page.close();
  });

  test('clearing one site removes only it; clear all empties the report', async () => {
    const page = await openDashboard(ctx);
    await page.click('#sites-body tr[data-site="localhost"] button.clear-site');
    await confirm(page);
    await waitFor(async () => !(await rows(page)).includes('localhost'), { message: 'localhost row gone' });
    assert.ok((await rows(page)).includes('127.0.0.1'));
    const o = await ctx.browser.ask({ type: 'dash.overview' });
    assert.ok(!o.summaries.some((s) => s.site === 'localhost'));
    assert.ok(o.summaries.some((s) => s.site === '127.0.0.1'));
    // Cancel keeps everything.
    await page.click('#clear-all');
    await confirm(page, false);
    assert.ok((await ctx.browser.ask({ type: 'dash.overview' })).summaries.length > 0);
    await page.click('#clear-all');
    await confirm(page);
    await waitFor(async () => (await ctx.browser.ask({ type: 'dash.overview' })).summaries.length === 0, { message: 'empty report' });
    await waitFor(async () => (await rows(page)).length === 0, { message: 'empty table' });
    // An empty report is not "no match": it says what will fill it.
    assert.match(await page.eval(() => document.getElementById('sites-empty').textContent), /^No site yet: KeyVeil has not found a recorder\./);
    await page.close();
  });
});

suite('dashboard, dark theme', (ctx) => {
  test('the dark theme follows prefers-color-scheme', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.browser.extensionUrl('dashboard/dashboard.html'));
    await waitFor(() => page.eval(() => document.body.dataset.ready === 'true'), { message: 'the dashboard to draw' });
    const bg = await page.eval(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(16, 19, 22)');
    await page.setViewport(1280, 800);
    await page.screenshot(await artifact(`dashboard-dark-${ctx.kind}.png`));
    await page.close();
  });

  test('the first-run page is dark too', async () => {
    const page = await ctx.browser.newPage();
    await page.setViewport(1100, 1400);
    await page.goto(ctx.browser.extensionUrl('welcome/welcome.html'));
    await waitFor(() => page.eval(() => document.body.dataset.ready === 'true' && document.getElementById('popup-picture').complete), { message: 'the first-run page to draw' });
    const bg = await page.eval(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(16, 19, 22)');
    // The picture is the dark popup's.
    assert.match(await page.eval(() => document.getElementById('popup-picture').currentSrc), /popup-dark\.png$/);
    await page.screenshot(await artifact(`welcome-dark-${ctx.kind}.png`));
    await page.close();
  });
}, { colorScheme: 'dark' });
