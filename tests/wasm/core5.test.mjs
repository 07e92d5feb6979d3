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

test('leak proof: the report event names the field and encoding, never the value', () => {
  const values = [
    { field: { name: 'email', type: 'email' }, value: ' Alice@Example.org ' },
    { field: { name: 'pin' }, value: '1234' },
  ];
  const h = createHash('sha256').update('alice@example.org').digest('hex');
  const event = engine.proveLeak(values, `https://www.facebook.com/tr/?id=1&ud[em]=${h}`, undefined, 'https://shop.example/checkout');
  assert.deepEqual(event.leaks, [{ field: { name: 'email', type: 'email' }, encoding: 'sha256-hex' }]);
  assert.equal(event.site, 'shop.example');
  assert.ok(!JSON.stringify(event).includes('alice'));
  const body = new TextEncoder().encode('{"t":"alice@example.org"}');
  assert.equal(engine.proveLeak(values, 'https://collector.example/c', body, 'https://shop.example/').leaks[0].encoding, 'plain');
  assert.equal(engine.proveLeak(values, 'https://collector.example/c', undefined, 'https://shop.example/'), null);
  assert.throws(() => engine.proveLeak('nope', 'https://a.example/', undefined, 'https://b.example/'), /bad typed values/);
});

test('noise: the hook table, cadence, pointer batches, seed checks', () => {
  // That the table gives what the core's fake keys are is a Rust test (fuzz::keys).
  const noise = engine.newNoise(getRandomValues(new Uint8Array(16)));
  const { from, to, codes } = noise.table();
  assert.ok(from.startsWith('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'));
  assert.equal(to.length, from.length);
  assert.deepEqual(Object.keys(codes.KeyA).sort(), ['code', 'key_code']);
  const c = noise.cadence();
  assert.equal(typeof c.max_delay_ms, 'number');
  assert.ok(c.codes.length > 0 && [...c.down_ms, ...c.up_ms].every((ms) => typeof ms === 'number'));
  const p = noise.pointer(256);
  assert.ok(p instanceof Int32Array && p.length === 512);
  assert.throws(() => engine.newNoise(new Uint8Array(8)), /seed too short/);
  assert.throws(() => noise.pointer(1e6), /batch/);
});

test('pixel scrubbing', () => {
  const s = engine.scrubPixel('https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=ab&fbp=fb.1.2.3', 'url');
  assert.deepEqual(s, { payload: 'https://www.facebook.com/tr/?id=1&ev=Lead', stripped: ['ud[em]', 'fbp'] });
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

test('report: merge, persist, replay, export', () => {
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
  assert.deepEqual(JSON.parse(report.export('json', ts)).sites['shop.example'], site);
  assert.throws(() => report.export('xml', ts), /unknown export format/);
  assert.equal(report.clearSite('shop.example'), true);
  assert.equal(report.site('shop.example'), null);
});
