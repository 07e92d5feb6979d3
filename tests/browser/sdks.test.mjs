// Real recorder SDKs from the npm registry, each pointed at the local collector, and a site's
// own rrweb build under a bland name shipping gzip batches to a first-party path. For each:
// allowed, the canary typed by the test reaches the collector (in some encoding, so the test can
// fail); blocked, nothing of the recording does; fuzzed, the recorder still sends but the canary
// is in none of its bytes; and in every mode the page's own listeners, registered after the SDK
// (through any wrapper of addEventListener it installed), see the true input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite, waitFor } from './harness/index.mjs';

const CANARY = 'Zebra crossing 42';
const EARLY = 'Walrus harbour 86'; // typed by tests/site/public/sdks/page.js
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The recorders. `script`: the SDK's file (its verdict names the vendor); `endpoint`: which
 * collector requests are its own; `recording`: whether one of them carries the recording (only
 * Sentry mixes error reports and replays on one endpoint, so only there is it decided by the
 * body); `settle`: how long after the typing its uploads take (its own flush timers).
 */
const SDKS = [
  {
    name: 'first-party rrweb bundle (gzip, own origin)', page: 'first-party', script: '/static/js/main.4f2a.js',
    endpoint: (r) => r.path === '/api/events', recording: () => true, settle: 1500,
  },
  {
    // Envelopes: JSON item headers, the replay recording deflated (zlib) after its header line.
    name: 'Sentry Replay (@sentry/browser)', page: 'sentry', script: '/vendor/sentry.js',
    endpoint: (r) => r.path.startsWith('/collect/sentry'),
    recording: (r, texts) => texts.some((t) => /"type":"replay_(event|recording)"/.test(t)), settle: 2500,
  },
  {
    // Multipart form: the segment deflated (zlib, sync-flushed) by its worker, sent from the page.
    name: 'Datadog RUM session replay (@datadog/browser-rum)', page: 'datadog', script: '/vendor/datadog-rum.js',
    endpoint: (r) => r.path.startsWith('/collect/datadog'),
    recording: (r) => decodeURIComponent(r.query).includes('/api/v2/replay'), settle: 6500,
  },
  {
    // gzip-js bodies (`?compression=gzip-js`) of `$snapshot` events to `/s/`.
    name: 'PostHog session recording (posthog-js)', page: 'posthog', script: '/vendor/posthog.js',
    endpoint: (r) => r.path.startsWith('/collect/posthog'),
    recording: (r, texts) => r.path.includes('/s/') || texts.some((t) => t.includes('$snapshot')), settle: 3500,
  },
  {
    // Its own binary message format (strings as UTF-8), gzip past a size; batches go from a
    // worker it starts from a blob (the page flushes them when the form is saved).
    name: 'OpenReplay (@openreplay/tracker)', page: 'openreplay', script: '/vendor/openreplay.js',
    endpoint: (r) => r.path.startsWith('/collect/openreplay'),
    recording: (r) => r.path.endsWith('/v1/web/i'), settle: 1500,
  },
];

/** Every form of the canary a recorder or its encoder might carry. */
function canaryForms(text) {
  const forms = new Set([text, encodeURIComponent(text), text.replaceAll(' ', '+'), JSON.stringify(text).slice(1, -1)]);
  forms.add(Buffer.from(text).toString('base64').replace(/=+$/, ''));
  forms.add(Buffer.from(text).toString('base64url'));
  forms.add(Buffer.from(text, 'utf16le').toString('latin1'));
  return [...forms];
}

const attempt = (fn) => { try { return fn(); } catch { return null; } };
const SYNC = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * Every layer of a body as text: the bytes themselves; every gzip or zlib stream found at any
 * offset (whole bodies, envelope items, multipart parts; truncated or sync-flushed streams give
 * what they hold); and base64 strings inside text (JSON values, form fields) that decode to text
 * or to a compressed stream. Layers are decoded again, a few levels deep.
 */
export function layers(buf, depth = 0, out = []) {
  out.push(buf.toString('utf8'));
  if (depth > 3 || buf.length === 0) return out;
  for (let i = 0; i + 2 < buf.length; i++) {
    let inner = null;
    if (buf[i] === 0x1f && buf[i + 1] === 0x8b && buf[i + 2] === 8) {
      inner = attempt(() => zlib.gunzipSync(buf.subarray(i), SYNC)) ?? attempt(() => zlib.inflateRawSync(buf.subarray(i + 10), SYNC));
    } else if (buf[i] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(buf[i + 1])) {
      inner = attempt(() => zlib.inflateSync(buf.subarray(i), SYNC));
    }
    if (inner?.length) layers(inner, depth + 1, out);
  }
  const raw = attempt(() => zlib.inflateRawSync(buf, SYNC));
  if (raw?.length && printable(raw)) layers(raw, depth + 1, out);
  for (const m of buf.toString('latin1').matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const d = Buffer.from(m[0], m[0].includes('-') || m[0].includes('_') ? 'base64url' : 'base64');
    if (printable(d) || (d[0] === 0x1f && d[1] === 0x8b) || d[0] === 0x78) layers(d, depth + 1, out);
  }
  return out;
}
function printable(b) {
  const s = b.toString('utf8');
  return s.length > 0 && [...s].filter((c) => c >= ' ' || c === '\n' || c === '\t').length / s.length > 0.9;
}

/** The collector's requests from this recorder, each with its decoded layers. */
function received(site, sdk) {
  return site.log().filter(sdk.endpoint).map((r) => {
    const texts = [decodeURIComponent(r.url), ...layers(Buffer.from(r.body, 'base64'))];
    return { ...r, texts, recording: sdk.recording(r, texts), canary: canaryForms(CANARY).some((f) => texts.some((t) => t.includes(f))) };
  });
}
const describe = (rs) => rs.map((r) => `${r.method} ${r.path}${r.query.slice(0, 60)} ${r.size}b${r.recording ? ' [recording]' : ''}${r.canary ? ' [CANARY]' : ''}`).join('; ') || 'nothing';

suite('real recorder SDKs', (ctx) => {
  for (const sdk of SDKS) {
    let verdict = null;
    let byDefault = null; // the first load's result: the default mode, session replay blocked

    /** Loads the page, waits for the verdict on the SDK, moves, types, saves, waits for uploads. */
    async function session(mode) {
      ctx.site.clear();
      const page = await ctx.browser.newPage();
      const url = `${ctx.site.origin}/sdks/${sdk.page}.html`;
      await page.goto(url);
      const tabId = await ctx.browser.tabIdOf(url);
      const v = await waitFor(async () => {
        const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
        return Object.entries(tab?.scripts ?? {}).find(([u, s]) => u.includes(sdk.script) && s)?.[1];
      }, { timeout: 20000, message: `the core's verdict on ${sdk.script}` });
      await sleep(300); // the policy push reaches the hook
      const typedAt = Date.now();
      await page.mouseMove(320, 220, 8);
      await page.type('#notes', CANARY, 30);
      await page.click('#save');
      if (mode === 'allow') {
        await waitFor(() => received(ctx.site, sdk).some((r) => r.canary), { timeout: sdk.settle + 8000, message: `${sdk.name} sending the canary` }).catch(() => {});
      } else {
        await sleep(sdk.settle);
      }
      const saw = await page.eval(() => window.__pageSaw);
      const fieldValue = await page.eval(() => document.getElementById('notes').value);
      const tab = await ctx.browser.ask({ type: 'report.tab', tabId });
      await page.close();
      await sleep(300); // anything sent as the page went away
      // Allowed, a recorder may still be holding its last batch for the page's exit: let it come.
      if (mode === 'allow') await waitFor(() => received(ctx.site, sdk).some((r) => r.canary), { timeout: 3000, message: 'the last batch' }).catch(() => {});
      return { verdict: v, saw, fieldValue, tab, typedAt, got: received(ctx.site, sdk) };
    }

    /**
     * Loads the page with the person typing while it loads (page.js `?early`): the first half
     * at DOMContentLoaded, the rest during the load, before anything waits for a verdict; then
     * saves, and waits for the uploads.
     */
    async function earlySession() {
      ctx.site.clear();
      ctx.site.route('/sdks/slow.gif', async (_req, res) => {
        await sleep(600);
        res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
        res.end(GIF);
      });
      const page = await ctx.browser.newPage();
      await page.goto(`${ctx.site.origin}/sdks/${sdk.page}.html?early`);
      await sleep(800);
      await page.click('#save');
      await sleep(sdk.settle);
      const saw = await page.eval(() => window.__pageSaw);
      const fieldValue = await page.eval(() => document.getElementById('notes').value);
      await page.close();
      await sleep(300);
      const got = ctx.site.log().filter(sdk.endpoint).map((r) => {
        const texts = [decodeURIComponent(r.url), ...layers(Buffer.from(r.body, 'base64'))];
        return { ...r, texts, recording: sdk.recording(r, texts), canary: canaryForms(EARLY).some((f) => texts.some((t) => t.includes(f))) };
      });
      return { saw, fieldValue, got };
    }

    /**
     * Sets the mode for the recorder's class on the site. Not per vendor: one SDK gets more than
     * one name (a bundled recorder's script is named after the recorder inside it, its uploads
     * by their own shape), and which names appear varies from load to load.
     */
    async function setMode(action) {
      await ctx.browser.ask({ type: 'settings.apply', change: { op: 'site-class', site: '127.0.0.1', class: verdict.class, action } });
    }

    /** The page's own handlers ran and saw the true input. */
    function pageWorked(r, mode) {
      assert.equal(r.saw.keys, CANARY, `${mode}: the page's key handler saw the true keys`);
      assert.equal(r.saw.keydowns, CANARY.length, `${mode}: the page's key handler ran for every key`);
      assert.equal(r.saw.saved, CANARY, `${mode}: the Save button stored the true value`);
      assert.equal(r.fieldValue, CANARY, `${mode}: the field holds what was typed`);
      assert.ok(r.saw.moves > 0, `${mode}: the page saw the mouse`);
    }

    test(`${sdk.name}: the core names it a recorder, and blocks it by default`, async (t) => {
      const r = await session('default');
      verdict = r.verdict;
      byDefault = r;
      assert.equal(verdict.class, 'session-replay', `verdict: ${JSON.stringify(verdict)}`);
      const filed = Object.values(r.tab.trackers ?? {}).filter((t) => t.class === 'session-replay').map((t) => t.vendor);
      t.diagnostic(`${sdk.name}: script named ${verdict.vendor}; uploads filed as ${filed.join(', ') || 'nothing'}`);
      // By default (session replay blocked) its vendor receives nothing of the recording.
      const leaked = r.got.filter((x) => x.recording || x.canary);
      assert.equal(leaked.length, 0, `reached the collector by default: ${describe(leaked)}`);
      pageWorked(r, 'default');
    });

    test(`${sdk.name}: its stopped uploads are counted on the tab`, { todo: sdk.todo?.counted }, () => {
      assert.ok(byDefault, 'the default load from the first case');
      const trackers = Object.values(byDefault.tab.trackers ?? {}).filter((t) => t.class === 'session-replay');
      assert.ok(trackers.some((t) => t.blocked > 0), `no replay tracker with stopped uploads: ${JSON.stringify(byDefault.tab.trackers)}`);
      for (const t of trackers) assert.equal(t.requests, t.blocked, `${t.vendor}: an upload was let through`);
    });

    test(`${sdk.name}, allow: the canary reaches its collector (so the other cases can fail)`, { todo: sdk.todo?.allow }, async () => {
      assert.ok(verdict, 'the verdict from the first case');
      await setMode('allow');
      const r = await session('allow');
      pageWorked(r, 'allow');
      assert.ok(r.got.some((x) => x.recording), `no recording reached the collector: ${describe(r.got)}`);
      assert.ok(r.got.some((x) => x.canary), `the canary is in nothing the collector decoded: ${describe(r.got)}`);
    });

    test(`${sdk.name}, block: nothing of the recording reaches its collector`, { todo: sdk.todo?.block }, async (t) => {
      assert.ok(verdict, 'the verdict from the first case');
      await setMode('block');
      const r = await session('block');
      t.diagnostic(`block: the collector got ${describe(r.got)}`);
      pageWorked(r, 'block');
      const leaked = r.got.filter((x) => x.recording || x.canary);
      assert.equal(leaked.length, 0, `reached the collector: ${describe(leaked)}`);
      // A vendor with separate endpoints gets nothing with a body at all; only Sentry mixes
      // error reports and replays on one endpoint, so its non-replay envelopes may pass.
      if (sdk.page !== 'sentry') {
        const sent = r.got.filter((x) => x.size > 0);
        assert.equal(sent.length, 0, `payloads reached the vendor: ${describe(sent)}`);
      }
    });

    for (const mode of ['allow', 'block', 'fuzz']) {
      test(`${sdk.name}, typed while the page loads, ${mode}: ${mode === 'allow' ? 'the text reaches its collector (so the others can fail)' : 'none of it reaches its collector'}`, async (t) => {
        assert.ok(verdict, 'the verdict from the first case');
        await setMode(mode);
        const r = await earlySession();
        t.diagnostic(`${mode}, typed at page start: the collector got ${describe(r.got)}`);
        assert.equal(r.fieldValue, EARLY, 'the field holds what was typed');
        assert.equal(r.saw.keys, EARLY, "the page's key handler saw the true keys");
        assert.equal(r.saw.saved, EARLY, 'the Save button stored the true value');
        const carrying = r.got.filter((x) => x.canary);
        if (mode === 'allow') assert.ok(carrying.length > 0, `the text typed at page start is in nothing the collector decoded: ${describe(r.got)}`);
        else assert.equal(carrying.length, 0, `the text typed at page start reached the collector: ${describe(carrying)}`);
        if (mode === 'block') assert.equal(r.got.filter((x) => x.recording).length, 0, `a recording reached the collector: ${describe(r.got)}`);
        await setMode(null);
      });
    }

    test(`${sdk.name}, fuzz: the recorder still sends, and the canary is in none of it`, { todo: sdk.todo?.fuzz?.[ctx.kind] }, async (t) => {
      assert.ok(verdict, 'the verdict from the first case');
      await setMode('fuzz');
      const r = await session('fuzz');
      t.diagnostic(`fuzz: the collector got ${describe(r.got)}`);
      pageWorked(r, 'fuzz');
      const after = r.got.filter((x) => x.recording && x.at > r.typedAt);
      assert.ok(after.length > 0, `the recorder sent no recording after the typing: ${describe(r.got)}`);
      const carrying = r.got.filter((x) => x.canary);
      assert.equal(carrying.length, 0, `the canary reached the collector: ${describe(carrying)}`);
      await setMode(null);
    });
  }
});
