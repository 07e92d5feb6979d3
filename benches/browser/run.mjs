// Runs the in-browser benchmarks (page load, worker wake, per-event cost) one after another (never side by side: the machine
// has two shared cores) and writes their figures with the machine's description to
// target/bench/browser.json. `./build.sh bench` runs it after the Rust and Wasm benches.
//   node benches/browser/run.mjs [pageload] [wake] [events] [firefox]      (default: all)
// The extension comes from $KEYVEIL_DIST/chrome and /firefox (default dist/), as the tests read it.
// KEYVEIL_BENCH_QUICK=1 runs a few repetitions only, to check the benches themselves.
import { mkdir, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, DIST, machine } from './lib.mjs';
import * as pageload from './pageload.mjs';
import * as wake from './wake.mjs';
import * as events from './events.mjs';
import * as firefox from './firefox.mjs';

const quick = process.env.KEYVEIL_BENCH_QUICK === '1';
// Chosen so that a full run takes about four minutes on two quiet cores (six to eight when
// other builds share them: loads then take twice as long).
const BENCHES = {
  pageload: () => pageload.run(quick ? { reps: 2, freshReps: 1 } : { reps: 10, freshReps: 4 }),
  wake: () => wake.run(quick ? { reps: 3 } : { reps: 30 }),
  events: () => events.run(quick ? { events: 5000, rounds: 2 } : { events: 20000, rounds: 11 }),
  firefox: () => firefox.run(quick ? { reps: 2, warmup: 1, wakeReps: 2 } : { reps: 8, wakeReps: 20 }),
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
for (const name of chosen) if (!BENCHES[name]) throw new Error(`unknown bench ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
await access(join(DIST, 'chrome', 'manifest.json')).catch(() => {
  throw new Error(`no built extension in ${join(DIST, 'chrome')}: run ./build.sh build (or KEYVEIL_DIST=... ./build.sh package) first`);
});

const out = { machine: machine(), extension: join(DIST, 'chrome'), results: {} };
console.log(`in-browser benchmarks: ${out.machine.date}, nproc ${out.machine.nproc}, ${out.machine.model}, load ${out.machine.load}, ${out.machine.chromium}, node ${out.machine.node}`);
for (const name of chosen) {
  const started = Date.now();
  out.results[name] = await BENCHES[name]();
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
out.machine.loadAfter = machine().load;
const dir = join(ROOT, 'target', 'bench');
await mkdir(dir, { recursive: true });
await writeFile(join(dir, 'browser.json'), JSON.stringify(out, null, 2));
console.log(`\nload average after: ${out.machine.loadAfter}; figures in ${join(dir, 'browser.json')}`);
