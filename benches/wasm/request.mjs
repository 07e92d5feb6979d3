// Times Engine.classifyRequest of the Wasm build under Node on the same request set as
// benches/request.rs (which writes target/bench/requests.jsonl; run `cargo bench --bench request`
// first). Usage: node benches/wasm/request.mjs [path/to/target/wasm-node]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkgDir = path.resolve(process.argv[2] ?? path.join(root, 'target/wasm-node'));
const setPath = process.env.KEYVEIL_REQUESTS ?? path.join(root, 'target/bench/requests.jsonl');
const require = createRequire(import.meta.url);
const { Engine } = require(path.join(pkgDir, 'keyveil.js'));

const reqs = readFileSync(setPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// Start-up: what a woken service worker pays before its first verdict.
const starts = [];
for (let i = 0; i < 30; i++) {
  const t = process.hrtime.bigint();
  // The rules are read on first use (the first request forces them): the whole start-up.
  const e = new Engine();
  e.classifyRequest(reqs[0]);
  e.free();
  starts.push(Number(process.hrtime.bigint() - t));
}

const engine = new Engine();
let flagged = 0;
for (const r of reqs) if (engine.classifyRequest(r).class !== 'none') flagged++;

// Whole-set passes; the per-request figure is the median pass divided by the set size.
const passes = [];
for (let p = 0; p < 15; p++) {
  const t = process.hrtime.bigint();
  for (const r of reqs) engine.classifyRequest(r);
  passes.push(Number(process.hrtime.bigint() - t));
}
const perReq = median(passes) / reqs.length;
console.log(`wasm request set: ${reqs.length} requests, ${flagged} flagged`);
console.log(`wasm classifyRequest median per request: ${perReq.toFixed(0)} ns (includes the JS<->Wasm object conversion)`);
console.log(`wasm new Engine() median: ${(median(starts) / 1000).toFixed(1)} us`);
