// Runs in: the background. Instantiates the Rust core once per wake of the service worker /
// event page; every handler awaits `engine()` instead of racing the Wasm start-up.

import init, { Engine } from '../wasm/keyveil.js';
import { ext } from '../lib/ext.js';

let ready = null;

/** Milliseconds the last start-up took (Wasm fetch + compile + Engine), for the report. */
export let wakeMillis = null;

/** A fresh id per start of the background: tests see that a stopped worker really restarted. */
export const bootId = crypto.randomUUID();

/**
 * The core's Engine, instantiated on first use in this wake.
 * @returns {Promise<Engine>}
 */
export function engine() {
  if (!ready) {
    const started = performance.now();
    // The glue fetches it and compiles while the bytes stream in (instantiateStreaming).
    ready = init({ module_or_path: ext.runtime.getURL('wasm/keyveil_bg.wasm') }).then(() => {
      const e = new Engine();
      wakeMillis = performance.now() - started;
      return e;
    });
    // A failed start must not poison every later call: let the next caller try again.
    ready.catch(() => { ready = null; });
  }
  return ready;
}

// Start the core as soon as this module runs (it is among the first the background evaluates),
// not when the first handler asks: the fetch and compile then overlap the rest of the start-up.
engine().catch((e) => console.error('KeyVeil: core failed to start', e));
