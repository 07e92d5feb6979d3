// The browser test harness: one suite, written once, run in Chromium and in Firefox against the
// built extension and the local test site. A test file is a `suite(title, (ctx) => { test(...) })`.
import { describe, before, after } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSite } from '../../site/server.mjs';
import { launchChromium } from './chromium.mjs';
import { launchFirefox } from './firefox.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const ARTIFACTS = join(ROOT, 'target', 'browser-tests');
/** The built extensions: dist/, or KEYVEIL_DIST when build.sh was told to build elsewhere. */
export const DIST = process.env.KEYVEIL_DIST ? resolve(ROOT, process.env.KEYVEIL_DIST) : join(ROOT, 'dist');

/** The browsers to run, from KEYVEIL_BROWSERS (default both). */
export function browsers() {
  return (process.env.KEYVEIL_BROWSERS ?? 'chromium,firefox').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Launches one browser with the built extension, adds the harness helpers to it. With
 * `extension: false` the browser has no extension at all (to compare what a page sees);
 * then only `newPage()`, `kind` and `close()` make sense.
 * @param {'chromium'|'firefox'} kind
 */
export async function launch(kind, { site, colorScheme, backgroundIdleMs, extension = true, extensionDir: dir, userDataDir, privateWindows } = {}) {
  const extensionDir = !extension ? null : dir ?? join(DIST, kind === 'chromium' ? 'chrome' : 'firefox');
  const b = kind === 'chromium'
    ? await launchChromium({ extensionDir, site, colorScheme, userDataDir, privateWindows })
    : kind === 'firefox'
      ? await launchFirefox({ extensionDir, site, colorScheme, backgroundIdleMs, privateWindows })
      : (() => { throw new Error(`unknown browser ${kind}`); })();
  let extPage = null;
  /** Sends a runtime message from an extension page (the trusted tier) and returns the answer. */
  b.message = async (msg) => {
    if (!extPage) {
      extPage = await b.newPage();
      await extPage.goto(b.extensionUrl('popup/popup.html?tab=-1'));
    }
    return extPage.eval((m) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage(m), msg);
  };
  /** Forgets the extension page used by message() (after the extension reloaded, it is gone). */
  b.resetExtensionPage = () => { extPage = null; };
  /** Like message(), but unwraps `{result}` and throws on `{error}`. */
  b.ask = async (msg) => {
    const answer = await b.message(msg);
    if (!answer || 'error' in answer) throw new Error(`background answered ${JSON.stringify(answer)} to ${msg.type}`);
    return answer.result;
  };
  /**
   * Opens `url` in a new private (incognito) window through the extension's windows API (the
   * browser was launched with `privateWindows: true`); resolves to the tab's id once it loaded.
   * The test drives such a tab through the extension only (tabs API, popup view).
   */
  b.openPrivate = async (url) => {
    if (!extPage) await b.message({ type: 'engine.version' });
    return extPage.eval(async (u) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const w = await api.windows.create({ incognito: true, url: u });
      const end = Date.now() + 15000;
      for (;;) {
        const [tab] = await api.tabs.query({ windowId: w.id });
        if (tab?.status === 'complete' && tab.url?.startsWith(u.split('#')[0])) return tab.id;
        if (Date.now() > end) throw new Error(`the private window did not load ${u}: ${JSON.stringify(tab)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }, url);
  };
  /** The id of the tab whose URL starts with `prefix`. */
  b.tabIdOf = async (prefix) => {
    if (!extPage) await b.message({ type: 'engine.version' });
    const tabs = await extPage.eval(async () => (await (globalThis.browser ?? globalThis.chrome).tabs.query({})).map((t) => ({ id: t.id, url: t.url })));
    const tab = tabs.find((t) => t.url?.startsWith(prefix));
    if (!tab) throw new Error(`no tab at ${prefix}; tabs: ${JSON.stringify(tabs)}`);
    return tab.id;
  };
  return b;
}

/** Polls `fn` until it returns a truthy value or `timeout` ms pass; returns the last value. */
export async function waitFor(fn, { timeout = 10000, interval = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${message}; last value: ${JSON.stringify(last)}`);
    await sleep(interval);
  }
}

/** A path under target/browser-tests for a test artifact (screenshots, logs). */
export async function artifact(name) {
  await mkdir(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * Declares a suite once per browser. `body(ctx)` registers tests; when they run, `ctx.browser`
 * is the launched browser, `ctx.site` the local site and `ctx.kind` 'chromium' or 'firefox'.
 */
export function suite(title, body, { colorScheme, backgroundIdleMs, privateWindows } = {}) {
  for (const kind of browsers()) {
    describe(`${title} [${kind}]`, () => {
      const ctx = { kind };
      before(async () => {
        ctx.site = await startSite();
        ctx.browser = await launch(kind, { site: ctx.site, colorScheme, backgroundIdleMs, privateWindows });
      }, { timeout: 90000 });
      after(async () => {
        await ctx.browser?.close();
        await ctx.site?.close();
      });
      body(ctx);
    });
  }
}
