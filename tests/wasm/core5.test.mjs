// Smoke test of the Wasm API for leak proof, noise, policy and the report, run under Node
// against wasm-bindgen's `--target nodejs` glue (`./build.sh test` runs it this way):
//   cargo build --release --target wasm32-unknown-unknown --lib
//   wasm-bindgen --target nodejs --out-dir target/wasm-node target/wasm32-unknown-unknown/release/keyveil.wasm
//   echo '{ "type": "commonjs" }' > target/wasm-node/package.json   # the glue is CommonJS
//   KEYVEIL_NODE_PKG=target/wasm-node node --test tests/wasm/core5.test.mjs
// It checks the shapes the extension relies on (plain objects, typed arrays, thrown errors),
// not the behaviour, which the Rust tests cover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createHash, getRandomValues } from 'node:crypto';
import path from 'node:path';

const require = createRequire(import.meta.url);
const pkg = path.resolve(process.env.KEYVEIL_NODE_PKG ?? 'target/wasm-node', 'keyveil.js');
const { Engine } = require(pkg);
const engine = new Engine();

test('leak probe finds a SHA-256 of the typed e-mail', () => {
  const probe = engine.leakProbe([
    { field: { name: 'email', type: 'email' }, value: ' Alice@Example.org ' },
    { field: { name: 'pin' }, value: '1234' },
  ]);
  assert.equal(probe.skipped, 1);
  const h = createHash('sha256').update('alice@example.org').digest('hex');
  const scan = probe.scan(`https://www.facebook.com/tr/?id=1&ud[em]=${h}`, undefined);
  assert.deepEqual(scan.matches, [
    { field: { name: 'email', type: 'email' }, normalisation: 'lower-trimmed', encoding: 'sha256-hex', location: 'url' },
  ]);
  assert.equal(scan.truncated, false);
  const body = new TextEncoder().encode('{"t":"alice@example.org"}');
  assert.equal(probe.scan(undefined, body).matches[0].encoding, 'plain');
  assert.ok(!JSON.stringify(scan).includes('alice'));
  assert.throws(() => engine.leakProbe('nope'), /bad typed values/);
});

test('noise: substitution, fake keys, batches, seed checks', () => {
  const noise = engine.newNoise(getRandomValues(new Uint8Array(16)));
  const fake = noise.substitute('Jane 42');
  assert.equal(fake.length, 7);
  assert.equal(fake[4], ' ');
  const { from, to, codes } = noise.table();
  assert.ok(from.startsWith('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'));
  assert.equal(to.length, from.length);
  // The hook's lookups give what fakeKey computes.
  const k = noise.fakeKey('a', 'KeyA', 65);
  assert.equal(k.key, to[from.indexOf('a')]);
  assert.deepEqual({ code: k.code, key_code: k.keyCode }, codes.KeyA);
  assert.equal(k.charCode, k.key.codePointAt(0));
  const e = noise.fakeKey('é', 'Digit2', 50);
  assert.equal(e.key, to[from.indexOf('é')]);
  assert.equal(e.code, codes.Digit2.code);
  assert.deepEqual(noise.fakeKey('Enter', 'Enter', 13), { key: 'Enter', code: 'Enter', keyCode: 13, charCode: 0 });
  const t = noise.timing(256);
  assert.ok(t instanceof Float64Array && t.length === 256);
  const p = noise.pointer(256);
  assert.ok(p instanceof Int32Array && p.length === 512);
  assert.throws(() => engine.newNoise(new Uint8Array(8)), /seed too short/);
  assert.throws(() => noise.timing(1e6), /batch/);
});

test('pixel scrubbing and DNR list', () => {
  const s = engine.scrubPixel('https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=ab&fbp=fb.1.2.3', 'url');
  assert.deepEqual(s, { payload: 'https://www.facebook.com/tr/?id=1&ev=Lead', stripped: ['ud[em]', 'fbp'] });
  assert.ok(engine.dnrRemoveParams().includes('ud%5Bem%5D'));
  assert.equal(engine.isIdentityParam('udff[ph]'), true);
  assert.throws(() => engine.scrubPixel('x', 'json'), /unknown payload kind/);
});

test('settings, decisions and the page policy', () => {
  const defaults = engine.settingsDefault();
  assert.equal(defaults.version, 1);
  const { settings, reload_needed } = engine.settingsApply(defaults, {
    op: 'site-vendor', site: 'https://www.shop.example/', vendor: 'Hotjar', action: 'allow',
  });
  assert.equal(reload_needed, true);
  assert.deepEqual(engine.decide(settings, 'shop.example', 'session-replay', 'Hotjar'), { action: 'allow', source: 'site-vendor' });
  assert.deepEqual(engine.settingsMigrate(JSON.stringify(settings)), settings);
  const policy = engine.policyFor(settings, 'https://shop.example/x', [
    { url: 'https://static.hotjar.com/c/hotjar.js', class: 'session-replay', vendor: 'Hotjar' },
    { url: 'https://cdn.fullstory.com/s/fs.js', class: 'session-replay', vendor: 'FullStory' },
  ]);
  assert.equal(policy.scripts['https://static.hotjar.com/c/hotjar.js'], 'allow');
  assert.equal(policy.scripts['https://cdn.fullstory.com/s/fs.js'], 'block');
  assert.equal(policy.unknown, 'allow');
  assert.equal(policy.classes['keystroke-telemetry'], 'fuzz');
  assert.throws(() => engine.settingsMigrate('{"version":9}'), /newer than this KeyVeil/);
  assert.throws(() => engine.decide(defaults, 'a.example', 'replay', undefined), /unknown class/);
});

test('report: merge, persist, replay, export, import', () => {
  let report = engine.reportLoad(undefined);
  const ts = Date.UTC(2026, 10, 23, 18, 41);
  const events = [
    { id: 'e1', ts, site: 'https://shop.example/', vendor: 'Hotjar', class: 'session-replay', inputs: ['keys'], found_by: ['list-rule'], blocked: 3 },
    { id: 'e2', ts, site: 'shop.example', vendor: 'Meta', class: 'meta-pixel', stripped: 2, leaks: [{ field: { name: 'email' }, encoding: 'sha256-hex' }] },
  ];
  assert.deepEqual(report.merge(events), { merged: 2, duplicates: 0, ignored: 0, rejected: [], pruned: false });
  const stored = report.toJson();
  report = engine.reportLoad(stored);
  assert.equal(report.merge(events).duplicates, 2);
  assert.deepEqual(report.dropped(), []);
  const site = report.site('shop.example');
  assert.equal(site.trackers.Hotjar.blocked_requests, 3);
  assert.equal(report.chart()[0].met, 2);
  const csv = report.export('csv', ts);
  assert.ok(csv.startsWith('site,tracker,vendor,'));
  const back = engine.reportImport(report.export('json', ts));
  assert.deepEqual(back.site('shop.example'), site);
  assert.throws(() => engine.reportImport('{}'), /not a KeyVeil report export/);
  assert.throws(() => report.export('xml', ts), /unknown export format/);
  assert.equal(report.clearSite('shop.example'), true);
  assert.equal(report.site('shop.example'), null);
});
