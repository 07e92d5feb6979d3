// An extension update keeps the person's settings and rules, and the rules they imply are in
// force again. The update is real: the same extension with a higher version, over the same
// profile (Chromium: the browser relaunched on it with the new files in the same folder, so the
// id stays; Firefox: the new version installed over the running one).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { browsers, launch, waitFor, DIST } from './harness/index.mjs';
import { startSite } from '../site/server.mjs';

const RULES = '! keyveil: class=session-replay; vendor=Mine\n||mine-recorder.example^\n';

async function bumpVersion(dir) {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(await readFile(path, 'utf8'));
  const parts = m.version.split('.').map(Number);
  parts[parts.length - 1] += 1;
  m.version = parts.join('.');
  await writeFile(path, JSON.stringify(m, null, 2));
  return m.version;
}

for (const kind of browsers()) {
  describe(`update [${kind}]`, () => {
    let site;
    let work;
    before(async () => {
      site = await startSite();
      work = await mkdtemp(join(tmpdir(), 'keyveil-update-'));
    });
    after(async () => {
      await site?.close();
      await rm(work, { recursive: true, force: true });
    });

    test('settings, rules and the blocking rules they imply survive an update', async () => {
      const extDir = join(work, 'ext');
      await cp(join(DIST, kind === 'chromium' ? 'chrome' : 'firefox'), extDir, { recursive: true });
      const profile = join(work, 'profile');
      let b = await launch(kind, { site, extensionDir: extDir, userDataDir: profile });
      try {
        const first = await b.ask({ type: 'engine.version' });
        await b.ask({ type: 'settings.apply', change: { op: 'site-vendor', site: '127.0.0.1', vendor: 'Hotjar', action: 'allow' } });
        await b.ask({ type: 'settings.apply', change: { op: 'class', class: 'ad-pixel', action: 'fuzz' } });
        await b.ask({ type: 'lists.saveRules', text: RULES });
        const { settings } = await b.ask({ type: 'settings.get' });
        const version = await bumpVersion(extDir);
        if (kind === 'chromium') {
          await b.close();
          await sleep(500);
          b = await launch(kind, { site, extensionDir: extDir, userDataDir: profile });
        } else {
          await b.installAddon(extDir);
          b.resetExtensionPage();
          await sleep(1000);
        }
        const info = await waitFor(async () => {
          try { return await b.ask({ type: 'engine.version' }); } catch { b.resetExtensionPage(); return null; }
        }, { timeout: 20000, message: 'the updated background' });
        assert.notEqual(info.boot, first.boot, 'a new background runs');
        const now = await b.ask({ type: 'settings.get' });
        assert.deepEqual(now.settings, settings, 'the settings are the same');
        assert.equal(now.problem, null);
        const lists = await b.ask({ type: 'lists.get' });
        assert.equal(lists.rules.text, RULES, 'the rules are the same, as written');
        const v = await waitFor(async () => {
          const r = await b.ask({ type: 'engine.classifyRequest', request: { url: 'https://mine-recorder.example/c', type: 'xmlhttprequest' } });
          return r.vendor === 'Mine' ? r : null;
        }, { message: 'the person\'s rule in use after the update' });
        assert.equal(v.class, 'session-replay');
        if (kind === 'chromium') {
          const page = await b.newPage();
          await page.goto(b.extensionUrl('popup/popup.html?tab=-1'));
          assert.equal(await page.eval(() => globalThis.chrome.runtime.getManifest().version), version, 'the new version runs');
          const rules = await waitFor(async () => {
            const r = await page.eval(() => globalThis.chrome.declarativeNetRequest.getDynamicRules());
            return r.some((x) => x.condition.urlFilter?.includes('mine-recorder.example')) ? r : null;
          }, { message: 'the person\'s rule among Chrome\'s dynamic rules' });
          const hotjar = rules.filter((r) => r.condition.urlFilter?.includes('hotjar') && r.action.type === 'block');
          assert.ok(hotjar.length > 0);
          assert.ok(hotjar.every((r) => (r.condition.excludedInitiatorDomains ?? []).includes('127.0.0.1')), 'the site override is in the rules again');
        }
      } finally {
        await b.close();
      }
    });
  });
}
