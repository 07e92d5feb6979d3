// Times Engine.classifyScript in the Wasm build (Node) on a >= 5 MB minified bundle made of real
// minified scripts from the corpus (tests/corpus/fetch.sh). Target: under 50 ms per call. Then the
// native bench's 20 largest real bundles (MB/s) and one 255-byte script (µs per call).
// Usage: node benches/wasm/script.mjs [PATH_TO_WASM_BINDGEN_NODEJS_PACKAGE]
//   (default target/wasm-node; build it with cargo build --release --target
//   wasm32-unknown-unknown --lib && wasm-bindgen --target nodejs --out-dir target/wasm-node
//   target/wasm32-unknown-unknown/release/keyveil.wasm)
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.resolve(process.argv[2] ?? path.join(root, 'target/wasm-node'));
const require = createRequire(import.meta.url);
const { Engine } = require(path.join(pkg, 'keyveil.js'));

const TARGET_BYTES = 5 * 1024 * 1024;
const RUNS = 15;

// Minified files only (one line longer than 10,000 characters), largest first, until 5 MB.
const listing = execFileSync('bash', [
  path.join(root, 'tests/corpus/fetch.sh'),
  path.join(root, 'tests/corpus/train.tsv'),
  path.join(root, 'tests/corpus/heldout.tsv'),
  path.join(root, 'tests/corpus/heldout2.tsv'),
], { encoding: 'utf8', maxBuffer: 1 << 24 });
const minified = listing.trim().split('\n').map((l) => l.split('\t')[0])
  .map((p) => ({ p, text: readFileSync(p, 'utf8') }))
  .filter(({ text }) => text.split('\n').some((line) => line.length > 10000))
  .sort((a, b) => b.text.length - a.text.length);
const parts = [];
let size = 0;
for (const { text } of minified) {
  if (size >= TARGET_BYTES) break;
  parts.push(text);
  size += Buffer.byteLength(text);
}
const bundle = parts.join(';\n');
const bytes = Buffer.byteLength(bundle);
if (bytes < TARGET_BYTES) throw new Error(`only ${bytes} bytes of minified scripts in the corpus`);

const engine = new Engine();
const url = 'https://cdn.example/bundle.min.js';
let verdict;
for (let i = 0; i < 3; i++) verdict = engine.classifyScript(url, bundle); // warm-up
const times = [];
for (let i = 0; i < RUNS; i++) {
  const t = process.hrtime.bigint();
  verdict = engine.classifyScript(url, bundle);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const mb = bytes / 1e6;
console.log(JSON.stringify({
  bench: 'wasm classifyScript',
  files: parts.length,
  bytes,
  runs: RUNS,
  min_ms: +times[0].toFixed(2),
  median_ms: +median.toFixed(2),
  mb_per_s_median: +(mb / (median / 1000)).toFixed(1),
  target_ms: 50,
  verdict: { records_input: verdict.records_input, class: verdict.class, vendor: verdict.vendor },
  node: process.version,
}));
// The native bench's `bundles` group (benches/script.rs): the 20 largest script files under the
// recorder and browser-library packages of node_modules, each classified on its own, so the
// Wasm figure sits beside the native one. Same package list as BUNDLE_PACKAGES there.
const BUNDLE_PACKAGES = ['@datadog', '@openreplay', '@posthog', '@rrweb', '@sentry', 'clarity-js',
  'posthog-js', 'rrweb', 'rrweb-snapshot', 'rrdom', 'web-vitals', 'web-vitals-soft-navs',
  'mousetrap', 'preact', 'quill', 'quill-delta', 'parchment', 'lodash-es', 'dompurify', 'jszip',
  'pako', 'fflate', 'core-js', 'mitt', 'nanoid', 'react-dom'];
const found = [];
const walk = (dir) => {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && /\.(js|mjs|cjs)$/.test(e.name)) found.push({ p, size: statSync(p).size });
  }
};
for (const pkg of BUNDLE_PACKAGES) walk(path.join(root, 'node_modules', pkg));
found.sort((a, b) => b.size - a.size || (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
const big = found.slice(0, 20).map(({ p }) => readFileSync(p, 'utf8'));
if (big.length > 0) {
  const bigBytes = big.reduce((n, t) => n + Buffer.byteLength(t), 0);
  for (let i = 0; i < 2; i++) for (const t of big) engine.classifyScript(url, t); // warm-up
  const bigTimes = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    for (const text of big) engine.classifyScript(url, text);
    bigTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  bigTimes.sort((a, b) => a - b);
  const bigMedian = bigTimes[Math.floor(bigTimes.length / 2)];
  // A small script's whole cost (call, copy in, verdict out): the 255-byte handwritten logger.
  const small = readFileSync(path.join(root, 'tests/corpus/handwritten/get_per_key.js'), 'utf8');
  const N = 2000;
  for (let i = 0; i < N; i++) engine.classifyScript(url, small); // warm-up
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) engine.classifyScript(url, small);
  const smallUs = Number(process.hrtime.bigint() - t) / 1e3 / N;
  console.log(JSON.stringify({
    bench: 'wasm classifyScript, 20 largest bundles',
    files: big.length,
    bytes: bigBytes,
    runs: bigTimes.length,
    min_ms: +bigTimes[0].toFixed(1),
    median_ms: +bigMedian.toFixed(1),
    mb_per_s_median: +(bigBytes / 1e6 / (bigMedian / 1000)).toFixed(1),
    small_255b_us: +smallUs.toFixed(2),
  }));
}
if (median >= 50) {
  console.error(`median ${median.toFixed(1)} ms is over the 50 ms target`);
  process.exitCode = 1;
}
