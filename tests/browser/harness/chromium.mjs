// Drives Debian's Chromium through playwright-core with the built dist/chrome loaded unpacked.
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

class ChromiumPage {
  constructor(page) { this.page = page; }
  async goto(url) { await this.page.goto(url, { waitUntil: 'load' }); }
  /** Runs `fn(arg)` in the page (may be async) and returns its JSON-able result. */
  eval(fn, arg) { return this.page.evaluate(fn, arg); }
  // Input goes to the page in front: a page behind another tab (the harness's extension page)
  // gets its frames throttled, and each mouse step then waits about a second for one.
  async type(selector, text, delay = 40) { await this.page.bringToFront(); await this.page.locator(selector).pressSequentially(text, { delay }); }
  async click(selector) { await this.page.bringToFront(); await this.page.click(selector); }
  /** Presses one key (a name such as 'Tab', 'Shift+Tab', 'Enter') in the page in front. */
  async press(key) { await this.page.bringToFront(); await this.page.keyboard.press(key); }
  async mouseMove(x, y, steps = 10) { await this.page.bringToFront(); await this.page.mouse.move(x, y, { steps }); }
  async screenshot(path) { await this.page.screenshot({ path }); }
  async setViewport(width, height) { await this.page.setViewportSize({ width, height }); }
  async close() { await this.page.close(); }
}

/**
 * The id Chromium gives an unpacked extension: the SHA-256 of its absolute path, its first 16
 * bytes written in the letters a-p.
 */
function unpackedId(dir) {
  return [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/**
 * Launches Chromium with the extension (or, with `extensionDir: null`, without any: what a page
 * sees when KeyVeil is not installed); resolves to the harness's browser object.
 */
export async function launchChromium({ extensionDir, site, colorScheme = 'light', userDataDir, privateWindows = false }) {
  // A given profile is the caller's to keep (a relaunch on it is how an update is tested).
  const userDir = userDataDir ?? await mkdtemp(join(tmpdir(), 'keyveil-chromium-'));
  if (privateWindows && extensionDir) {
    // "Allow in Incognito" is a per-extension preference of the profile, read at start (a fresh
    // profile only: Chromium rewrites the file on exit).
    await mkdir(join(userDir, 'Default'), { recursive: true });
    await writeFile(join(userDir, 'Default', 'Preferences'), JSON.stringify({ extensions: { settings: { [unpackedId(extensionDir)]: { incognito: true } } } }));
  }
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: EXECUTABLE,
    headless: true,
    colorScheme,
    // The local proxy answers https for vendor hosts with a test certificate.
    ignoreHTTPSErrors: true,
    // Loopback stays direct; every other host goes to the local site, never the internet.
    proxy: site ? { server: `http://${site.proxy}` } : undefined,
    args: [
      // Without the except flag Playwright's own --disable-extensions wins and nothing loads.
      ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const worker = !extensionDir ? null : context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: 20000 });
  const extensionId = worker ? new URL(worker.url()).host : null;
  return {
    kind: 'chromium',
    extensionId,
    context,
    worker,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async newPage() { return new ChromiumPage(await context.newPage()); },
    /**
     * Stops the extension's service worker for real (CDP ServiceWorker.stopAllWorkers, what
     * chrome://serviceworker-internals' "Stop" does) and resolves once Chrome says it stopped.
     */
    async stopBackground() {
      const page = context.pages()[0] ?? await context.newPage();
      const cdp = await context.newCDPSession(page);
      let stopped = false;
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        for (const v of versions) {
          if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'stopped') stopped = true;
        }
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      const end = Date.now() + 5000;
      while (!stopped && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      await cdp.detach().catch(() => {});
      if (!stopped) throw new Error('the service worker did not stop');
    },
    async close() {
      await context.close().catch(() => {});
      if (!userDataDir) await rm(userDir, { recursive: true, force: true });
    },
  };
}
