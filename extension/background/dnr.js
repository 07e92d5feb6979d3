// Runs in: the background (Chrome). Keeps Chrome's declarativeNetRequest dynamic rules equal
// to what the core compiles from the built-in list and the person's settings. One
// updateDynamicRules call swaps the whole set, so no rule is ever left half-applied. Firefox
// decides in its blocking webRequest listener instead (it can read bodies there).

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { getSettings } from './settings.js';

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
      dnrStatus: { at: Date.now(), rules: compiled.rules.length, unsupported: compiled.unsupported, skipped: compiled.skipped, error: null },
    });
  }).catch(async (e) => {
    console.error('KeyVeil: DNR rules', e);
    await ext.storage.local.set({ dnrStatus: { at: Date.now(), error: String(e?.message ?? e) } });
  });
  return syncing;
}
