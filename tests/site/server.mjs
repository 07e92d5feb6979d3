// The local test site and collector, on 127.0.0.1 only. It serves tests/site/public, a few
// vetted files from node_modules under /vendor/, and stores every request to a collector path
// so tests can read what a tracker actually received. Browsers use it as their HTTP proxy too,
// so a page can call a vendor host (http://in.hotjar.com/…) and the request lands here instead
// of on the internet.
import { createServer } from 'node:http';
import { TLSSocket } from 'node:tls';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const PUBLIC = join(here, 'public');
const NODE_MODULES = resolve(here, '../../node_modules');
/** Files from node_modules the site may serve: real third-party scripts, never the whole tree. */
const VENDOR = {
  'rrweb.js': 'rrweb/dist/rrweb.umd.cjs',
  // Benign listeners: a hotkey library and a rich-text editor, which read every key and send nothing.
  'mousetrap.js': 'mousetrap/mousetrap.js',
  'quill.js': 'quill/dist/quill.js',
  'quill.snow.css': 'quill/dist/quill.snow.css',
  // A vendor SDK: Microsoft Clarity's open-source client, told to upload to the local collector.
  'clarity.js': 'clarity-js/build/clarity.min.js',
  // PostHog's own browser bundle with its session recorder inside (no external script loading).
  'posthog.js': 'posthog-js/dist/array.full.no-external.js',
};
/**
 * Vendor SDKs published only as modules: bundled once per server start by esbuild from a
 * two-line entry in tests/site/sdks/ that puts the SDK's own export on `window`, as the vendor's
 * CDN build would. The code that records and sends is the vendor's, unchanged.
 */
const BUILT = {
  'sentry.js': 'tests/site/sdks/sentry.mjs',
  'datadog-rum.js': 'tests/site/sdks/datadog.mjs',
  'openreplay.js': 'tests/site/sdks/openreplay.mjs',
};
const built = new Map();
function bundled(entry) {
  if (!built.has(entry)) {
    built.set(entry, build({ entryPoints: [resolve(here, '../..', entry)], bundle: true, format: 'iife', platform: 'browser', target: 'es2020', minify: true, write: false, logLevel: 'silent' })
      .then((r) => r.outputFiles[0].text));
  }
  return built.get(entry);
}
/**
 * Answers for the collector: the remote configuration an SDK fetches before it records, with
 * just enough to turn recording on (anything else the collector answers with a 1x1 GIF).
 */
const ANSWERS = [
  // PostHog: remote config and flags turn session recording on, to its `/s/` endpoint, gzip'd.
  [/^\/collect\/posthog\/array\/[^/]+\/config(\.js)?$/, { sessionRecording: { endpoint: '/s/' }, supportedCompression: ['gzip-js'], surveys: false, heatmaps: false }],
  [/^\/collect\/posthog\/flags\/?$/, { flags: {}, featureFlags: {}, sessionRecording: { endpoint: '/s/' }, supportedCompression: ['gzip-js'], errorsWhileComputingFlags: false }],
  // OpenReplay: the session start hands out the token its uploads carry.
  [/^\/collect\/openreplay\/v1\/web\/start$/, () => ({ token: 'keyveil-test-token', userUUID: 'u-1', sessionID: '1000001', projectID: '1', startTimestamp: Date.now(), timestamp: Date.now(), delay: 0, beaconSizeLimit: 1000000, compressionThreshold: 24000, canvasEnabled: false, projectKey: 'keyveiltest' })],
];
/** First-party paths the collector also stores: where a site's own bundle sends its batches. */
const FIRST_PARTY_SINKS = ['/api/events', '/api/poll', '/api/formlog'];
/**
 * Files made of several, served as one: a recorder and an SDK's wrapper of `addEventListener`
 * in the same file, as error trackers with session replay ship them.
 */
const BUNDLES = {
  'rrweb-sdk.js': ['node_modules/rrweb/dist/rrweb.umd.cjs', 'tests/site/public/wrapping/wrap.js'],
  // A site's own build (keys starting with `/` are whole paths): rrweb and the page's glue in one
  // file with a hashed, bland name, shipping gzip batches to a first-party path.
  '/static/js/main.4f2a.js': ['node_modules/rrweb/dist/rrweb.umd.cjs', 'tests/site/sdks/first-party-glue.js'],
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.cjs': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8' };
const MAX_BODY = 8 * 1024 * 1024;
/** Test-only certificate for intercepted https vendor hosts (see tls/README.md). */
const TLS = { key: readFileSync(join(here, 'tls/key.pem')), cert: readFileSync(join(here, 'tls/cert.pem')) };

/** Hosts that are our own site; anything else arriving here came through the proxy. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
/**
 * Meta's own sites, stood in for by public/meta/ (one page that reads its host): the page and
 * its scripts, and a first-party API that answers posts and searches. Every request to them is
 * still stored like any proxied one, so a test sees what reached which path.
 */
const STAND_IN_HOSTS = new Set(['www.facebook.com', 'www.instagram.com', 'www.messenger.com', 'www.threads.net', 'www.threads.com', 'web.whatsapp.com']);
const STAND_IN_FILES = { '/': 'index.html', '/rsrc/sites.js': 'sites.js', '/rsrc/app.js': 'app.js', '/rsrc/logger.js': 'logger.js', '/rsrc/style.css': 'style.css' };
const STAND_IN_API = {
  '/api/graphql/': 'post', '/api/graphql': 'post', '/graphql/query': 'post', '/send': 'post',
  '/ajax/typeahead/search/': 'search', '/api/v1/web/search/topsearch/': 'search', '/search': 'search',
};

/** The stand-in's answer to `url`, or null to answer as the collector does. */
async function standIn(method, url, body) {
  if (!STAND_IN_HOSTS.has(url.hostname)) return null;
  const file = method === 'GET' && STAND_IN_FILES[url.pathname];
  if (file) {
    const path = join(PUBLIC, 'meta', file);
    return { status: 200, type: TYPES[extname(path)], body: await readFile(path) };
  }
  const json = (value) => ({ status: 200, type: 'application/json', body: JSON.stringify(value) });
  // A GraphQL search (Threads) is a GET on the graphql path with a query.
  const kind = url.pathname === '/api/graphql' && url.searchParams.has('search') ? 'search' : STAND_IN_API[url.pathname];
  if (kind === 'post' && method === 'POST') {
    let text = '';
    try { text = JSON.parse(new URLSearchParams(body.toString()).get('variables') ?? '{}')?.input?.message?.text ?? ''; } catch { /* answered empty */ }
    return json({ data: { ok: true, id: String(Date.now()), text } });
  }
  if (kind === 'search') {
    const q = [...url.searchParams.values()][0] ?? '';
    return json({ results: [1, 2, 3].map((n) => ({ title: `${q} — result ${n} on ${url.hostname}` })) });
  }
  return null;
}

/**
 * Starts the site. Resolves to `{ origin, altOrigin, port, proxy, log, clear, close }`:
 * `origin` is http://127.0.0.1:PORT, `altOrigin` http://localhost:PORT (another site, for
 * third-party requests), `log()` the requests the collector stored.
 */
export async function startSite({ port = 0, quiet = true } = {}) {
  const received = [];
  const hits = new Map(); // path -> requests for it
  /** Paths a test answers itself (`route(path, (req, res) => …)`), e.g. a list with an ETag. */
  const routes = new Map();
  const server = createServer(async (req, res) => {
    // Proxied requests carry an absolute URL; direct ones a path plus a Host header.
    const scheme = req.socket.encrypted ? 'https' : 'http';
    const url = new URL(req.url, `${scheme}://${req.headers.host ?? '127.0.0.1'}`);
    const chunks = [];
    let size = 0;
    for await (const c of req) { size += c.length; if (size <= MAX_BODY) chunks.push(c); }
    const body = Buffer.concat(chunks);
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-credentials': 'true', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, PUT, OPTIONS' };
    if (!quiet) console.error(`site: ${req.method} ${url.href} ${body.length}b`);
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    if (req.method === 'OPTIONS') { res.writeHead(204, cors); res.end(); return; }

    const proxied = !LOCAL_HOSTS.has(url.hostname);
    if (proxied || url.pathname.startsWith('/collect') || FIRST_PARTY_SINKS.includes(url.pathname)) {
      received.push({ at: Date.now(), method: req.method, url: url.href, host: url.hostname, path: url.pathname, query: url.search, headers: req.headers, body: body.toString('base64'), size });
      const page = proxied ? await standIn(req.method, url, body).catch(() => null) : null;
      if (page) {
        res.writeHead(page.status, { ...cors, 'content-type': page.type, 'cache-control': 'no-store' });
        res.end(page.body);
        return;
      }
      const answer = ANSWERS.find(([re]) => re.test(url.pathname))?.[1];
      if (answer) {
        res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(typeof answer === 'function' ? answer() : answer));
        return;
      }
      // A pixel answers with a 1x1 GIF; everything else with an empty 200.
      const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
      res.writeHead(200, { ...cors, 'content-type': 'image/gif', 'cache-control': 'no-store' });
      res.end(gif);
      return;
    }
    if (routes.has(url.pathname)) { routes.get(url.pathname)(req, res); return; }
    if (url.pathname === '/__log') {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify(received));
      return;
    }
    try {
      let file;
      const name = url.pathname.startsWith('/vendor/') ? url.pathname.slice('/vendor/'.length) : url.pathname;
      const bundle = BUNDLES[name];
      if (BUILT[name]) {
        const code = await bundled(BUILT[name]);
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(code);
        return;
      }
      if (bundle) {
        const parts = await Promise.all(bundle.map((f) => readFile(join(here, '../..', f), 'utf8')));
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(parts.join(';\n'));
        return;
      }
      if (url.pathname.startsWith('/vendor/')) {
        const rel = VENDOR[url.pathname.slice('/vendor/'.length)];
        if (!rel) throw Object.assign(new Error('not vendored'), { code: 'ENOENT' });
        file = join(NODE_MODULES, rel);
      } else {
        const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
        file = normalize(join(PUBLIC, decodeURIComponent(path)));
        if (!file.startsWith(PUBLIC)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      }
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  // https through the proxy: accept the tunnel, then speak TLS on it ourselves with the test
  // certificate and hand the decrypted stream to the same HTTP server.
  server.on('connect', (req, socket, head) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) socket.unshift(head);
    const tls = new TLSSocket(socket, { isServer: true, ...TLS });
    tls.on('error', () => socket.destroy());
    server.emit('connection', tls);
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  const actual = server.address().port;
  return {
    port: actual,
    origin: `http://127.0.0.1:${actual}`,
    altOrigin: `http://localhost:${actual}`,
    proxy: `127.0.0.1:${actual}`,
    /** Requests stored by the collector (and everything proxied), oldest first. */
    log: () => received.slice(),
    /** How many times `path` was asked for (any host, any method), since the site started. */
    hits: (path) => hits.get(path) ?? 0,
    clear: () => { received.length = 0; },
    route: (path, handler) => { routes.set(path, handler); },
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

// `node tests/site/server.mjs [PORT]` serves the site by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const site = await startSite({ port: Number(process.argv[2] ?? 8080), quiet: false });
  console.log(`KeyVeil test site at ${site.origin}/ (collector: ${site.origin}/collect, log: ${site.origin}/__log)`);
}
