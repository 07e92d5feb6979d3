// Drives Debian's Firefox ESR through geckodriver (plain WebDriver over HTTP, no client
// library) with the built dist/firefox installed as a temporary add-on, by path.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const BINARY = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const GECKODRIVER = process.env.GECKODRIVER ?? join(homedir(), '.cargo/bin/geckodriver');
const GECKO_ID = 'keyveil@keyveil.dev';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

class WebDriver {
  constructor(base) { this.base = base; this.session = null; }
  async call(method, path, body) {
    const url = `${this.base}${this.session && !path.startsWith('/session') ? `/session/${this.session}` : ''}${path}`;
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const v = json.value ?? {};
      throw new Error(`WebDriver ${method} ${path}: ${v.error ?? res.status}: ${v.message ?? ''}`);
    }
    return json.value;
  }
}

/**
 * The WebDriver body for `fn(arg)`: the function's source is inlined (never eval'd in the
 * page, whose CSP may forbid it) and its promise settles the async script.
 */
function asyncScript(fn) {
  return `const done = arguments[arguments.length - 1];
    Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
      .then((value) => done({ ok: true, value: value === undefined ? null : value }),
            (e) => done({ ok: false, error: String(e && e.stack || e) }));`;
}

class FirefoxPage {
  constructor(browser, handle) { this.browser = browser; this.handle = handle; }
  async focus() {
    if (this.browser.current !== this.handle) {
      await this.browser.wd.call('POST', '/window', { handle: this.handle });
      this.browser.current = this.handle;
    }
  }
  async goto(url) {
    await this.focus();
    await this.browser.wd.call('POST', '/url', { url });
  }
  async eval(fn, arg) {
    await this.focus();
    const r = await this.browser.wd.call('POST', '/execute/async', { script: asyncScript(fn), args: [arg ?? null] });
    if (!r?.ok) throw new Error(`in page: ${r?.error}`);
    return r.value;
  }
  async element(selector) {
    await this.focus();
    const el = await this.browser.wd.call('POST', '/element', { using: 'css selector', value: selector });
    return el[ELEMENT];
  }
  async type(selector, text) {
    const id = await this.element(selector);
    await this.browser.wd.call('POST', `/element/${id}/value`, { text });
  }
  async click(selector) {
    const id = await this.element(selector);
    await this.browser.wd.call('POST', `/element/${id}/click`, {});
  }
  /** Presses one key ('Tab', 'Shift+Tab', 'Enter', 'Space' or a character) as WebDriver key actions. */
  async press(key) {
    await this.focus();
    const CODES = { Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Space: ' ', ArrowRight: '\uE014', ArrowLeft: '\uE012', Escape: '\uE00C' };
    const keys = key.split('+').map((k) => CODES[k] ?? k);
    const actions = [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))];
    await this.browser.wd.call('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }
  async mouseMove(x, y, steps = 10) {
    await this.focus();
    const moves = Array.from({ length: steps }, (_, i) => ({
      type: 'pointerMove', origin: 'viewport', duration: 16,
      x: Math.round((x * (i + 1)) / steps), y: Math.round((y * (i + 1)) / steps),
    }));
    await this.browser.wd.call('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: moves }] });
  }
  async screenshot(path) {
    await this.focus();
    const png = await this.browser.wd.call('GET', '/screenshot');
    await writeFile(path, Buffer.from(png, 'base64'));
  }
  async setViewport(width, height) {
    await this.focus();
    await this.browser.wd.call('POST', '/window/rect', { width, height });
  }
  async close() {
    await this.focus();
    const left = await this.browser.wd.call('DELETE', '/window');
    // WebDriver has no current context after its window closes; move to one that is left.
    this.browser.current = null;
    if (left?.length) {
      await this.browser.wd.call('POST', '/window', { handle: left[0] });
      this.browser.current = left[0];
    }
  }
}

/**
 * Launches Firefox ESR with the extension (or, with `extensionDir: null`, without it);
 * resolves to the harness's browser object.
 */
export async function launchFirefox({ extensionDir, site, colorScheme = 'light', backgroundIdleMs, privateWindows = false }) {
  const port = await freePort();
  // --allow-system-access: without it WebDriver refuses to open moz-extension:// pages.
  const driver = spawn(GECKODRIVER, ['--port', String(port), '--allow-system-access'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let driverLog = '';
  driver.stderr.on('data', (d) => { driverLog = (driverLog + d).slice(-4000); });
  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  for (let i = 0; ; i++) {
    try { if ((await wd.call('GET', '/status')).ready) break; } catch { /* not up yet */ }
    if (i > 100) throw new Error(`geckodriver did not start: ${driverLog}`);
    await sleep(100);
  }
  const uuid = randomUUID();
  const prefs = {
    // A fixed extension UUID gives a predictable moz-extension:// URL for the popup.
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
    'ui.systemUsesDarkTheme': colorScheme === 'dark' ? 1 : 0,
    'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
    'browser.shell.checkDefaultBrowser': false,
    'app.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.getAddons.cache.enabled': false,
  };
  // Firefox offers no command to stop an event page; it suspends one that is idle this long.
  if (backgroundIdleMs) prefs['extensions.background.idle.timeout'] = backgroundIdleMs;
  if (site) {
    // Every non-loopback http host goes to the local site (loopback is never proxied).
    const [host, p] = site.proxy.split(':');
    Object.assign(prefs, { 'network.proxy.type': 1, 'network.proxy.http': host, 'network.proxy.http_port': Number(p), 'network.proxy.ssl': host, 'network.proxy.ssl_port': Number(p) });
  }
  try {
    const created = await wd.call('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'firefox', acceptInsecureCerts: true, 'moz:firefoxOptions': { binary: BINARY, args: ['-headless'], prefs } } },
    });
    wd.session = created.sessionId;
  } catch (e) {
    driver.kill();
    throw new Error(`${e.message}\n${driverLog}`);
  }
  await wd.call('POST', '/timeouts', { pageLoad: 20000, script: 30000 });
  // By path and temporary: installed as a zip, content scripts stayed dead on Firefox 140.
  // Private windows run an add-on only with the person's consent, which geckodriver can give.
  if (extensionDir) await wd.call('POST', '/moz/addon/install', { path: extensionDir, temporary: true, ...(privateWindows ? { allowPrivateBrowsing: true } : {}) });
  const browser = {
    kind: 'firefox',
    wd,
    current: await wd.call('GET', '/window'),
    extensionId: uuid,
    extensionUrl: (path) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`,
    async newPage() {
      const { handle } = await wd.call('POST', '/window/new', { type: 'tab' });
      return new FirefoxPage(browser, handle);
    },
    /** Installs (or, for the same add-on id, updates in place) a temporary add-on by path. */
    async installAddon(path) {
      await wd.call('POST', '/moz/addon/install', { path, temporary: true });
      // The update closes the add-on's own pages; if the current window was one of them,
      // WebDriver is left without a context: move to a window that is left.
      await sleep(500);
      const handles = await wd.call('GET', '/window/handles');
      if (!handles.includes(browser.current)) {
        await wd.call('POST', '/window', { handle: handles[0] });
        browser.current = handles[0];
      }
    },
    /** Lets the event page go idle past its (short, see backgroundIdleMs) timeout. */
    async stopBackground() {
      if (!backgroundIdleMs) throw new Error('launch Firefox with backgroundIdleMs to stop its background');
      await sleep(backgroundIdleMs * 2.5);
    },
    async close() {
      await wd.call('DELETE', `/session/${wd.session}`).catch(() => {});
      driver.kill();
    },
  };
  return browser;
}
