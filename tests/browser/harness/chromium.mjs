// Drives Debian's Chromium through playwright-core with the built dist/chrome loaded unpacked.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

class ChromiumPage {
  constructor(page) { this.page = page; }
  async goto(url) { await this.page.goto(url, { waitUntil: 'load' }); }
  /** Runs `fn(arg)` in the page (may be async) and returns its JSON-able result. */
  eval(fn, arg) { return this.page.evaluate(fn, arg); }
  async type(selector, text, delay = 40) { await this.page.locator(selector).pressSequentially(text, { delay }); }
  async click(selector) { await this.page.click(selector); }
  async mouseMove(x, y, steps = 10) { await this.page.mouse.move(x, y, { steps }); }
  async screenshot(path) { await this.page.screenshot({ path }); }
  async setViewport(width, height) { await this.page.setViewportSize({ width, height }); }
  async close() { await this.page.close(); }
}

/** Launches Chromium with the extension; resolves to the harness's browser object. */
export async function launchChromium({ extensionDir, site, colorScheme = 'light' }) {
  const userDir = await mkdtemp(join(tmpdir(), 'keyveil-chromium-'));
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
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: 20000 });
  const extensionId = new URL(worker.url()).host;
  return {
    kind: 'chromium',
    extensionId,
    context,
    worker,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async newPage() { return new ChromiumPage(await context.newPage()); },
    async close() {
      await context.close().catch(() => {});
      await rm(userDir, { recursive: true, force: true });
    },
  };
}
