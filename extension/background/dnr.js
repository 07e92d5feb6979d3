// Runs in: the background (Chrome). Keeps Chrome's declarativeNetRequest dynamic rules equal
// to what the core compiles from the built-in list and the person's settings. One
// updateDynamicRules call swaps the whole set, so no rule is ever left half-applied. Firefox
// decides in its blocking webRequest listener instead (it can read bodies there).

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { getSettings } from './settings.js';

/** Filters DNR could not take, kept by example in the status (the counts are all there). */
const DNR_STATUS_SAMPLES = 50;
let syncing = Promise.resolve();

/**
 * Recompiles and installs the rules; the outcome (rule count, what DNR cannot express) is kept
 * in `storage.local.dnrStatus` for the dashboard.
 */
export function syncRules() {
  syncing = syncing.then(async () => {
    const core = await engine();
    const compiled = core.compileDnrFor(await getSettings());
    const existing = await ext.declarativeNetRequest.getDynamicRules();
    await ext.declarativeNetRequest.updateDynamicRules({
      removeRuleIds: existing.map((r) => r.id),
      addRules: compiled.rules,
    });
    await ext.storage.local.set({
      // A stranger's list can make tens of thousands of filters DNR cannot hold: keep the
      // counts and the first few of each, not all of them.
      dnrStatus: {
        at: Date.now(),
        rules: compiled.rules.length,
        unsupportedCount: compiled.unsupported.length,
        unsupported: compiled.unsupported.slice(0, DNR_STATUS_SAMPLES),
        skippedCount: compiled.skipped.length,
        skipped: compiled.skipped.slice(0, DNR_STATUS_SAMPLES),
        error: null,
      },
    });
  }).catch(async (e) => {
    console.error('KeyVeil: DNR rules', e);
    await ext.storage.local.set({ dnrStatus: { at: Date.now(), error: String(e?.message ?? e) } });
  });
  return syncing;
}
