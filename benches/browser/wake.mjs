// Service-worker wake benchmark: Chromium stops the extension's worker for real (CDP
// `ServiceWorker.stopAllWorkers`, what chrome://serviceworker-internals' "Stop" does), then an
// extension page sends `{type: 'engine.version'}` and times the round trip until the woken
// background answers through the Wasm core. The background's own `wakeMillis` (Wasm fetch +
// compile + `new Engine()`) is recorded beside it.
//   node benches/browser/wake.mjs [REPS]
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startHeavySite, launchChromium, DIST, summary, fmt } from './lib.mjs';
import { join } from 'node:path';

/** The extension worker's running status, as CDP last reported it. */
function watchWorker(cdp, extensionId) {
  const state = { status: null, version: null, changes: 0 };
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      if (v.status !== 'activated') continue;
      state.status = v.runningStatus;
      state.version = v.versionId;
      state.changes++;
    }
  });
  return state;
}

async function until(fn, what, timeout = 5000) {
  const end = Date.now() + timeout;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Stops the worker `reps` times and times the message that wakes it. */
export async function run({ reps = 40 } = {}) {
  const site = await startHeavySite();
  const b = await launchChromium({ extensionDir: join(DIST, 'chrome'), proxy: site.proxy });
  try {
    const page = await b.context.newPage();
    await page.goto(b.extensionUrl('popup/popup.html?tab=-1'));
    const cdp = await b.context.newCDPSession(page);
    const sw = watchWorker(cdp, b.extensionId);
    await cdp.send('ServiceWorker.enable');
    const ask = () => page.evaluate(async () => {
      const t0 = performance.now();
      const answer = await chrome.runtime.sendMessage({ type: 'engine.version' });
      return { ms: performance.now() - t0, answer };
    });
    const warm = [];
    const cold = [];
    const wake = [];
    for (let r = -2; r < reps; r++) {
      // A warm round trip first: the same message to a running worker, for comparison.
      const w = await ask();
      await cdp.send('ServiceWorker.stopAllWorkers');
      await until(() => sw.status === 'stopped', 'the worker to stop');
      // Let the stop settle (the renderer tears the worker's thread down after the ack).
      await sleep(150);
      if (sw.status !== 'stopped') throw new Error(`worker restarted by itself (${sw.status})`);
      const c = await ask();
      if (!c.answer?.result?.version) throw new Error(`no answer: ${JSON.stringify(c.answer)}`);
      if (sw.status === 'stopped') await until(() => sw.status === 'running', 'the worker to run');
      if (r >= 0) {
        warm.push(w.ms);
        cold.push(c.ms);
        wake.push(c.answer.result.wakeMillis);
      }
      await sleep(100);
    }
    const out = { reps, warm: summary(warm), cold: summary(cold), wakeMillis: summary(wake), version: null };
    out.version = (await ask()).answer.result.version;
    print(out);
    return out;
  } finally {
    await b.close();
    await site.close();
  }
}

export function print({ reps, warm, cold, wakeMillis }) {
  const row = (name, s) => `| ${name} | ${fmt(s.median, 2)} ms | ${fmt(s.p90, 2)} ms | ${fmt(s.min, 2)} … ${fmt(s.max, 2)} ms |`;
  console.log(`\nService worker wake, Chromium, ${reps} stops (CDP ServiceWorker.stopAllWorkers):`);
  console.log('| what | median | p90 | min … max |');
  console.log('|---|---|---|---|');
  console.log(row('stopped worker: `engine.version` round trip from an extension page', cold));
  console.log(row('  of which the background\'s `wakeMillis` (Wasm fetch + compile + Engine)', wakeMillis));
  console.log(row('running worker: the same round trip', warm));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run({ reps: Number(process.argv[2] ?? 40) });
}
