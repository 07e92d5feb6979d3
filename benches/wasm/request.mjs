// KeyVeil's Wasm request matching under Node against uBlock Origin's static network filtering
// engine (@gorhill/ubo-core, GPL-3.0, a reference only: none of its code is in KeyVeil), in the
// same process, on the same lists and the same requests as benches/request.rs (which writes
// target/bench/requests-*.jsonl and target/bench/native.json; run `cargo bench --bench request`
// first). For each rule set (the built-in list; the built-in list with EasyPrivacy and EasyList):
// - per-request time of KeyVeil's flat entry (`FlatMatcher.matchRequest`: strings in, a code
//   out), of uBO's `matchRequest`, and of KeyVeil's object entry (`Engine.classifyRequest`), in
//   interleaved rounds (one whole pass of each in turn), median round; CPU time of the process
//   (`process.cpuUsage`, user + system: Node runs JavaScript on one thread, but a GC helper
//   thread's time counts too), with wall time beside it;
// - the flat entry against native `Engine::match_request` (target/bench/native.json);
// - start-up (engine made and lists loaded) and memory: KeyVeil's Wasm linear memory grown by
//   the build (and the engine's own heap figure), uBO's `process.memoryUsage()` heapUsed +
//   arrayBuffers with the lists loaded minus before it loaded any, after a forced GC (run Node with --expose-gc; without it
//   the uBO figure is left out);
// - how often the two engines decide alike.
// Usage: node --expose-gc benches/wasm/request.mjs [path/to/target/wasm-node]
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StaticNetFilteringEngine, pslInit } from '@gorhill/ubo-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkgDir = path.resolve(process.argv[2] ?? path.join(root, 'target/wasm-node'));
const require = createRequire(import.meta.url);
const kvPkg = require(path.join(pkgDir, 'keyveil.js'));
const { Engine, FlatMatcher } = kvPkg;
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const PSL = process.env.KEYVEIL_PSL ?? '/usr/share/publicsuffix/public_suffix_list.dat';

const fixture = (name) => readFileSync(path.join(root, 'tests/fixtures/lists', name), 'utf8');
const BUILTIN = readFileSync(path.join(root, 'lists/keyveil.txt'), 'utf8');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = globalThis.gc ?? null;

/** Bytes of the Wasm module's linear memory. */
const wasmMemory = () => FlatMatcher.wasmMemoryBytes();

function jsHeap() {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** CPU and wall time of f(), in nanoseconds. */
function timed(f) {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  f();
  const wall = Number(process.hrtime.bigint() - t);
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) * 1000, wall };
}

const FLAT_BLOCK = 1;

async function run(name, extras) {
  const setPath = path.join(root, `target/bench/requests-${name}.jsonl`);
  if (!existsSync(setPath)) throw new Error(`${setPath} missing: run \`cargo bench --bench request\` first`);
  const reqs = readFileSync(setPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const n = reqs.length;
  const builds = name === 'builtin' ? 15 : 3;

  // Memory first: the start-up rounds below leave freed space in the module's memory, which
  // never shrinks and would hide how much a build needs.
  const memBefore = wasmMemory();
  const kv = new FlatMatcher();
  if (extras.length) kv.setExtraLists(extras);
  const kvOwn = kv.heapBytes();
  const memAfter = wasmMemory();

  // Start-up: engine made and lists loaded, the first verdict's worth of work.
  const kvStarts = [];
  for (let i = 0; i < builds; i++) {
    const t = process.hrtime.bigint();
    const m = new FlatMatcher();
    if (extras.length) m.setExtraLists(extras);
    else m.heapBytes();
    kvStarts.push(Number(process.hrtime.bigint() - t));
    m.free();
  }

  // uBO's engine is a single instance: each start-up replaces its lists.
  const lists = () => [BUILTIN, ...extras].map((raw, k) => ({ name: `l${k}`, raw }));
  const uboStarts = [];
  for (let i = 0; i < builds; i++) {
    await ubo.useLists([]);
    const t = process.hrtime.bigint();
    await ubo.useLists(lists());
    uboStarts.push(Number(process.hrtime.bigint() - t));
  }
  // From before uBO first loaded any list: emptied, its engine keeps the buffers it grew.
  await ubo.useLists(lists());
  const uboHeap = gc ? jsHeap() - jsHeapAtStart : NaN;

  const obj = new Engine();
  if (extras.length) obj.setExtraLists(extras);

  const uboReqs = reqs.map((r) => ({ originURL: r.initiator, url: r.url, type: r.type }));
  let agree = 0;
  let kvBlocks = 0;
  let uboBlocks = 0;
  for (let i = 0; i < n; i++) {
    const r = reqs[i];
    const k = (kv.matchRequest(r.url, r.initiator, r.type, 'GET') & 0xf) === FLAT_BLOCK;
    const u = ubo.matchRequest(uboReqs[i]) === 1;
    kvBlocks += k;
    uboBlocks += u;
    agree += k === u;
  }

  const t = { flat: [], ubo: [], obj: [] };
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    t.flat.push(timed(() => {
      for (const r of reqs) sink ^= kv.matchRequest(r.url, r.initiator, r.type, 'GET');
    }));
    t.ubo.push(timed(() => {
      for (const q of uboReqs) sink ^= ubo.matchRequest(q);
    }));
    t.obj.push(timed(() => {
      for (const r of reqs) {
        try {
          sink ^= obj.classifyRequest(r).class.length;
        } catch {
          sink ^= 1;
        }
      }
    }));
  }
  const per = (xs, k) => median(xs.map((x) => x[k])) / n;
  const [flat, u, o] = [t.flat, t.ubo, t.obj].map((xs) => per(xs, 'cpu'));
  const [flatW, uW, oW] = [t.flat, t.ubo, t.obj].map((xs) => per(xs, 'wall'));
  let native = NaN;
  try {
    native = JSON.parse(readFileSync(path.join(root, 'target/bench/native.json'), 'utf8'))[name]?.match_request ?? NaN;
  } catch {}

  console.log(`\n== wasm ${name}: ${n} requests, ${ROUNDS} interleaved rounds, median (CPU; wall in brackets)`);
  console.log(`KeyVeil FlatMatcher.matchRequest  ${flat.toFixed(0).padStart(6)} ns/request (${flatW.toFixed(0)})`);
  console.log(`uBO matchRequest                  ${u.toFixed(0).padStart(6)} ns/request (${uW.toFixed(0)})   KeyVeil is ${(u / flat).toFixed(2)}x faster`);
  console.log(`KeyVeil Engine.classifyRequest    ${o.toFixed(0).padStart(6)} ns/request (${oW.toFixed(0)})   flat entry is ${(o / flat).toFixed(2)}x faster`);
  console.log(`native Engine::match_request      ${Number.isFinite(native) ? native.toFixed(0).padStart(6) : '     ?'} ns/request   Wasm/native ${(flat / native).toFixed(2)}`);
  console.log(`start-up: KeyVeil ${(median(kvStarts) / 1e6).toFixed(1)} ms, uBO ${(median(uboStarts) / 1e6).toFixed(1)} ms (KeyVeil/uBO ${(median(kvStarts) / median(uboStarts)).toFixed(2)})`);
  console.log(`memory: KeyVeil Wasm memory grew ${((memAfter - memBefore) / 1e6).toFixed(2)} MB to ${(memAfter / 1e6).toFixed(2)} MB (engine's own figure ${(kvOwn / 1e6).toFixed(2)} MB); uBO JS heap + array buffers above the start ${Number.isFinite(uboHeap) ? (uboHeap / 1e6).toFixed(2) + ' MB' : '? (run with --expose-gc)'}`);
  console.log(`blocked: KeyVeil ${kvBlocks}, uBO ${uboBlocks}; decide alike on ${(100 * agree / n).toFixed(2)}%`);
  kv.free();
  obj.free();
  return sink;
}

let psl;
try {
  psl = readFileSync(PSL, 'utf8');
} catch (e) {
  throw new Error(`uBO needs the Public Suffix List at ${PSL} (Debian package publicsuffix, or set KEYVEIL_PSL): ${e.message}`);
}
pslInit(psl);
const ubo = await StaticNetFilteringEngine.create({ noPSL: true });
const jsHeapAtStart = jsHeap();
console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
await run('builtin', []);
await run('builtin+easyprivacy+easylist', [fixture('easyprivacy.txt'), fixture('easylist.txt')]);
console.log(`\nload average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
