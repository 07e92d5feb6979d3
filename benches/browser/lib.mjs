// Shared pieces of the in-browser benchmarks (page load, worker wake, per-event cost): a generated heavy site served on
// 127.0.0.1 only, Chromium launches with and without the built extension (the same flags as
// tests/browser/harness/chromium.mjs otherwise), and the statistics every bench reports.
import { createServer } from 'node:http';
import { mkdtemp, rm, readdir, readFile, cp, writeFile } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The built extensions: dist/, or KEYVEIL_DIST (as build.sh and the test harness read it). */
export const DIST = process.env.KEYVEIL_DIST ? resolve(ROOT, process.env.KEYVEIL_DIST) : join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// --- statistics ---
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}
export const median = (xs) => quantile(xs, 0.5);
/** `{n, median, p10, p90, min, max}` of a sample. */
export function summary(xs) {
  return { n: xs.length, median: median(xs), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), min: Math.min(...xs), max: Math.max(...xs) };
}

/** What the figures were measured on, for BENCHMARKS.md. */
export function machine() {
  const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return '?'; } };
  const model = (sh('lscpu', []).split('\n').find((l) => l.startsWith('Model name')) ?? '').replace(/^Model name:\s*/, '');
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc', []) || String(cpus().length),
    model,
    load: sh('cat', ['/proc/loadavg']).split(' ').slice(0, 3).join(' '),
    chromium: sh(CHROMIUM, ['--version']),
    node: process.version,
  };
}

// --- the heavy site ---
/** Scripts, listeners and requests of the generated page (overridable per bench). */
export const HEAVY = { scripts: 300, images: 150 };

// A 1x1 GIF, the smallest real image.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * One page script, about 3 KB: it builds a widget, registers the listeners a real app's
 * modules do (clicks, keys, scroll, mouse, an `on*` handler property) and sends some requests
 * (fetch, XHR, an image beacon to its own site), so the hook's registration, attribution and
 * send wrappers all run as on a real page. Nothing in it records input, so it stays `allow`.
 */
function pageScript(i) {
  const helpers = Array.from({ length: 12 }, (_, k) => `
  function helper${k}(list, factor) {
    var out = [];
    for (var j = 0; j < list.length; j++) { out.push({ id: list[j].id * factor + ${k}, label: 'item-' + list[j].id }); }
    return out.filter(function (x) { return x.id % ${k + 2} !== 1; }).map(function (x) { return x.label; }).join(',');
  }`).join('');
  return `/* widget ${i}: generated for the KeyVeil page-load benchmark */
(function () {
  'use strict';${helpers}
  var state = { opened: 0, keys: 0, moved: 0, data: null };
  // Head scripts run before #app exists: they build into the document element instead.
  var root = document.getElementById('app') || document.documentElement;
  var el = document.createElement('section');
  el.className = 'widget w${i % 10}';
  el.innerHTML = '<h3>Widget ${i}</h3><button type="button">open</button><ul></ul>';
  root.appendChild(el);
  var list = [];
  for (var n = 0; n < 20; n++) list.push({ id: n + ${i} });
  el.querySelector('ul').textContent = helper${i % 12}(list, 3).slice(0, 40);
  el.querySelector('button').addEventListener('click', function () { state.opened++; });
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape') state.opened = 0; });
  window.addEventListener('scroll', function () { state.top = window.scrollY; }, { passive: true });
  ${i % 3 === 0 ? "window.addEventListener('mousemove', function (e) { state.moved++; }, true);" : ''}
  ${i % 5 === 0 ? 'el.onmouseover = function () { el.classList.add("hover"); };' : ''}
  ${i % 4 === 0 ? `fetch('/api/${i}').then(function (r) { return r.json(); }).then(function (d) { state.data = d; });` : ''}
  ${i % 10 === 1 ? `var x = new XMLHttpRequest(); x.open('POST', '/api/${i}'); x.send('widget=${i}&ready=1');` : ''}
  ${i % 6 === 2 ? `var im = new Image(); im.src = '/px/${i}.gif?w=${i}';` : ''}
  window.__widgets = (window.__widgets || 0) + 1;
})();
`;
}

function heavyPage(url) {
  const v = url.searchParams.get('fresh') ?? '';
  const q = v ? `?v=${encodeURIComponent(v)}` : '';
  const s = Number(url.searchParams.get('scripts') ?? HEAVY.scripts);
  const im = Number(url.searchParams.get('images') ?? HEAVY.images);
  const port = url.port;
  const head = [];
  const body = [];
  for (let i = 0; i < s; i++) {
    // A third in <head> (parser-blocking), a third deferred, a third at the end of <body>.
    const tag = `<script src="/s/${i}.js${q}"${i % 3 === 1 ? ' defer' : ''}></script>`;
    (i % 3 === 2 ? body : head).push(tag);
  }
  const imgs = [];
  for (let i = 0; i < im; i++) {
    // Half from the page's own site, half from "another site" (localhost), as CDNs are.
    const host = i % 2 ? `http://localhost:${port}` : '';
    imgs.push(`<img src="${host}/img/${i}.gif" width="8" height="8" alt="">`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Heavy page</title>
<style>.widget{display:inline-block;width:180px;margin:4px;border:1px solid #ccc}</style>
${head.join('\n')}
</head><body>
<h1>A heavy page</h1>
<input id="q" name="q"><textarea id="notes"></textarea>
<div id="app"></div>
<div id="imgs">${imgs.join('')}</div>
${body.join('\n')}
</body></html>`;
}

/**
 * Starts the benchmark site on 127.0.0.1 (`localhost` names it as a second site). It is also
 * the browsers' proxy, so a stray request to any other host is answered here, counted, and
 * never reaches the internet. Extra routes: `extra[path] = {type, body}`.
 */
export async function startHeavySite({ extra = {} } = {}) {
  const stray = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`);
    req.resume();
    const send = (code, type, body) => {
      res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
      res.end(body);
    };
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      stray.push(url.href);
      return send(404, 'text/plain', 'not here');
    }
    const p = url.pathname;
    let m;
    if (extra[p]) return send(200, extra[p].type, extra[p].body);
    if (p === '/heavy.html') return send(200, 'text/html; charset=utf-8', heavyPage(url));
    if ((m = /^\/s\/(\d+)\.js$/.exec(p))) return send(200, 'text/javascript', pageScript(Number(m[1])));
    if (/^\/(img|px)\/\d+\.gif$/.test(p)) return send(200, 'image/gif', GIF);
    if ((m = /^\/api\/(\d+)$/.exec(p))) return send(200, 'application/json', JSON.stringify({ id: Number(m[1]), items: [1, 2, 3] }));
    if (p === '/blank.html') return send(200, 'text/html; charset=utf-8', '<!doctype html><title>blank</title>');
    return send(404, 'text/plain', 'not found');
  });
  // https through the proxy: refuse the tunnel (nothing here needs it), and count it.
  server.on('connect', (req, socket) => { stray.push(`CONNECT ${req.url}`); socket.end('HTTP/1.1 403 Forbidden\r\n\r\n'); });
  // Hundreds of parallel requests: keep-alive sockets must not be the limit.
  server.keepAliveTimeout = 30000;
  await new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    proxy: `127.0.0.1:${port}`,
    stray: () => stray.slice(),
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

// --- CPU time per Chromium process, from /proc: who pays for the extension, whatever the load ---
const TICK_MS = 1000 / Number((() => { try { return execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(); } catch { return '100'; } })());

/** What a Chromium process is, from its command line. */
function processKind(cmd) {
  if (!/--type=/.test(cmd)) return 'browser';
  if (/--extension-process/.test(cmd)) return 'extension renderer';
  if (/--type=renderer/.test(cmd)) return 'page renderer';
  if (/network\.mojom\.NetworkService/.test(cmd)) return 'network service';
  if (/--type=gpu-process/.test(cmd)) return 'gpu';
  return 'other';
}

/**
 * CPU milliseconds (user + system) used so far by each kind of process of the Chromium whose
 * profile is `userDir`, found by its command line and its descendants.
 */
export async function chromiumCpu(userDir) {
  const procs = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      procs.push({ pid: Number(pid), ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS, cmd });
    } catch { /* gone meanwhile */ }
  }
  const root = procs.find((p) => p.cmd.includes(`--user-data-dir=${userDir}`) && !/--type=/.test(p.cmd));
  const out = {};
  if (!root) return out;
  const mine = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  for (const p of procs) if (mine.has(p.pid)) out[processKind(p.cmd)] = (out[processKind(p.cmd)] ?? 0) + p.ms;
  return out;
}

/** `after - before`, kind by kind. */
export function cpuDelta(before, after) {
  const d = {};
  for (const k of Object.keys(after)) d[k] = after[k] - (before[k] ?? 0);
  return d;
}

// --- Chromium ---
/**
 * Launches Debian's Chromium headless, with the extension at `extensionDir` or (null) without
 * any; every other flag as in the test harness, so the two differ by the extension only.
 * Resolves to `{context, worker, extensionId, close}`.
 */
export async function launchChromium({ extensionDir = null, proxy }) {
  const userDir = await mkdtemp(join(tmpdir(), 'keyveil-bench-'));
  const ext = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless: true,
    proxy: proxy ? { server: `http://${proxy}` } : undefined,
    args: [
      ...ext,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Not in the test harness: the page's form fields make Chromium ask its autofill server
      // (answered by the local proxy) dozens of times per load, in both browsers; noise only.
      '--disable-features=AutofillServerCommunication',
    ],
  });
  let worker = null;
  let extensionId = null;
  if (extensionDir) {
    worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: 20000 });
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    worker,
    extensionId,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path}`,
    cpu: () => chromiumCpu(userDir),
    async close() {
      await context.close().catch(() => {});
      await rm(userDir, { recursive: true, force: true });
    },
  };
}

/** Sends `msg` from an extension page (the trusted tier) and returns the background's answer. */
export function ask(extPage, msg) {
  return extPage.evaluate((m) => chrome.runtime.sendMessage(m), msg);
}

/** The bench's floor extension (benches/browser/floor: KeyVeil's listeners and content scripts, doing nothing). */
export const FLOOR_DIR = fileURLToPath(new URL('./floor', import.meta.url));

/**
 * The listener shapes a floor can have: `plan`, KeyVeil's in Chrome (the core's plan, as the
 * background reads it); `all`, every request with its body (KeyVeil's shape before the plan).
 */
export const FLOOR_SHAPES = {
  plan: async () => JSON.parse(await readFile(join(ROOT, 'extension', 'background', 'observe-plan.json'), 'utf8')).chrome,
  all: async () => ({ every: null, with_query: [], query_urls: [], bodies: true, blocking: false, blocked: [], blocked_error: '' }),
};

/** A copy of the floor extension with listeners of `shape` (a key of FLOOR_SHAPES), in a temporary folder. */
export async function floorDir(shape = 'plan') {
  if (!FLOOR_SHAPES[shape]) throw new Error(`unknown floor shape ${shape}; choose from ${Object.keys(FLOOR_SHAPES).join(', ')}`);
  const dir = await mkdtemp(join(tmpdir(), `keyveil-floor-${shape}-`));
  await cp(FLOOR_DIR, dir, { recursive: true });
  await writeFile(join(dir, 'plan.js'), `self.KEYVEIL_OBSERVE_PLAN = ${JSON.stringify(await FLOOR_SHAPES[shape]())};\n`);
  return dir;
}

/**
 * Runs `fn` with a Chromium with KeyVeil, one without, and one per entry of `floors`
 * (`{name: extension folder}`, e.g. `{floor: FLOOR_DIR}`): extensions built like KeyVeil that do
 * nothing, whose cost is what any such extension pays. `fn` gets `{site, withExt, without,
 * floors: {name: browser}}`.
 */
export async function withBrowsers(fn, { extra, floors = {} } = {}) {
  const site = await startHeavySite({ extra });
  const extensionDir = join(DIST, 'chrome');
  const floorNames = Object.keys(floors);
  let browsers = [];
  try {
    // Settled, not Promise.all: if one launch fails, the other browsers must still be closed.
    const launched = await Promise.allSettled([
      launchChromium({ extensionDir, proxy: site.proxy }),
      launchChromium({ extensionDir: null, proxy: site.proxy }),
      ...floorNames.map((n) => launchChromium({ extensionDir: floors[n], proxy: site.proxy })),
    ]);
    browsers = launched.map((l) => (l.status === 'fulfilled' ? l.value : null));
    const failed = launched.find((l) => l.status === 'rejected');
    if (failed) throw failed.reason;
    const [withExt, without, ...rest] = browsers;
    return await fn({ site, withExt, without, floors: Object.fromEntries(floorNames.map((n, i) => [n, rest[i]])) });
  } finally {
    for (const b of browsers) await b?.close();
    await site.close();
  }
}

export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
