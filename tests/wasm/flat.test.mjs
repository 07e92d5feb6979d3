// The flat request entry (src/wasm_flat.rs) as JavaScript calls it: strings in, one integer code
// out, details only on request; bad input is a code, never a thrown error.
// Build the Node glue as in core5.test.mjs, then: KEYVEIL_NODE_PKG=target/wasm-node node --test tests/wasm/flat.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { FlatMatcher, Engine } = require(path.resolve(process.env.KEYVEIL_NODE_PKG ?? 'target/wasm-node', 'keyveil.js'));

const outcome = (code) => code & 0xf;
const classIndex = (code) => (code >> 8) & 0xff;

test('a listed recorder is blocked with its class, an unlisted host is not', () => {
  const m = new FlatMatcher();
  const code = m.matchRequest('https://in.hotjar.com/api/v2/client', 'https://shop.example/', 'xmlhttprequest', 'POST');
  assert.equal(outcome(code), 1);
  assert.equal(classIndex(code), 0); // session-replay
  assert.match(m.matchedRule(), /hotjar/);
  assert.equal(m.matchedVendor(), 'Hotjar');
  assert.equal(m.exceptionRule(), undefined);
  const none = m.matchRequest('https://cdn.example/app.js', 'https://shop.example/', 'script', undefined);
  assert.equal(outcome(none), 0);
  assert.equal(classIndex(none), 4); // none
  assert.equal(m.matchedRule(), undefined);
  m.free();
});

test('the code agrees with classifyRequest on the same request', () => {
  const m = new FlatMatcher();
  const e = new Engine();
  const classes = ['session-replay', 'keystroke-telemetry', 'meta-pixel', 'ad-pixel', 'none'];
  for (const url of [
    'https://static.hotjar.com/c/hotjar-1.js',
    'https://edge.fullstory.com/s/fs.js',
    'https://www.facebook.com/tr/?id=1234567890123&ev=PageView&dl=https%3A%2F%2Fx%2F&rl=&if=false&ts=1&sw=1920&sh=1080&v=2.9.180&r=stable&ec=0',
    'https://fonts.gstatic.com/s/a.woff2',
  ]) {
    const code = m.matchRequest(url, 'https://site.example/', 'script', 'GET');
    const v = e.classifyRequest({ url, initiator: 'https://site.example/', type: 'script', method: 'GET' });
    assert.equal(classes[classIndex(code)], v.class, url);
    assert.equal(outcome(code) === 1 ? m.matchedRule() : null, v.rule ?? null, url);
  }
  m.free();
  e.free();
});

test('bad input is a code, not a throw', () => {
  const m = new FlatMatcher();
  assert.equal(outcome(m.matchRequest('https://', '', '', '')), 8);
  assert.equal(outcome(m.matchRequest(undefined, null, undefined, null)), 8);
  assert.equal(outcome(m.matchRequest('data:text/plain,hi', '', 'image', '')), 9);
  assert.equal(outcome(m.matchRequest('https://in.hotjar.com/x', 'not a url', 'nonsense', '')), 1);
  m.free();
});

test('extra lists take part and can be replaced', () => {
  const m = new FlatMatcher();
  const url = 'https://rec.mine.example/collect';
  assert.equal(outcome(m.matchRequest(url, '', 'xmlhttprequest', '')), 0);
  const n = m.setExtraLists(['||rec.mine.example^\n@@||rec.mine.example/ok^\n']);
  assert.ok(n > 2);
  assert.equal(outcome(m.matchRequest(url, '', 'xmlhttprequest', '')), 1);
  assert.equal(outcome(m.matchRequest('https://rec.mine.example/ok/1', '', 'xmlhttprequest', '')), 2);
  assert.equal(m.exceptionRule(), '@@||rec.mine.example/ok^');
  m.setExtraLists([]);
  assert.equal(outcome(m.matchRequest(url, '', 'xmlhttprequest', '')), 0);
  assert.ok(FlatMatcher.wasmMemoryBytes() >= 65536);
  m.free();
});
