// Runs in: the background (Chrome). Keeps Chrome's declarativeNetRequest rules equal to what the
// core compiles from all the lists and the person's settings: the built-in list is a static
// ruleset built with the extension (rules/builtin.json), of which the core names the rules the
// settings change, to be turned off; subscriptions, the person's rules and those changed rules
// are dynamic rules. One updateDynamicRules call swaps the whole dynamic set, so no rule is ever
// left half-applied. Firefox decides in its blocking webRequest listener instead (it can read
// bodies there).

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { getSettings } from './settings.js';

/**
 * Filters DNR could not take, kept by name in the status for the Lists page (the counts are all
 * there). A stranger's list can leave a hundred thousand out; the first ones say what happened.
 */
const DNR_STATUS_SAMPLES = 1000;
let syncing = Promise.resolve();

/**
 * The compiled dynamic rules Chrome's regex engine accepts, and the filters of those it
 * refuses: one refused rule would fail the whole updateDynamicRules call, leaving no rule.
 */
async function acceptedRules(compiled) {
  const dnr = ext.declarativeNetRequest;
  const rules = [];
  const refused = [];
  for (const rule of compiled.rules) {
    const regex = rule.condition.regexFilter;
    if (regex !== undefined) {
      const answer = await dnr.isRegexSupported({ regex, isCaseSensitive: rule.condition.isUrlFilterCaseSensitive ?? false });
      if (!answer.isSupported) {
        for (const filter of compiled.regexFilters[rule.id] ?? []) {
          refused.push({ filter, reason: `Chrome's regex engine refuses it (${answer.reason})` });
        }
        continue;
      }
    }
    rules.push(rule);
  }
  return { rules, refused };
}

/**
 * Recompiles and installs the rules; the outcome (rule counts, what DNR cannot express) is kept
 * in `storage.local.dnrStatus` for the dashboard.
 */
export function syncRules() {
  syncing = syncing.then(async () => {
    const core = await engine();
    const compiled = core.compileDnrFor(await getSettings());
    const dnr = ext.declarativeNetRequest;
    const { rules, refused } = await acceptedRules(compiled);
    const existing = await dnr.getDynamicRules();
    await dnr.updateDynamicRules({ removeRuleIds: existing.map((r) => r.id), addRules: rules });
    const rulesetId = compiled.staticRuleset;
    const off = new Set(compiled.disableStaticRuleIds);
    const wasOff = await dnr.getDisabledRuleIds({ rulesetId });
    await dnr.updateStaticRules({ rulesetId, disableRuleIds: [...off], enableRuleIds: wasOff.filter((id) => !off.has(id)) });
    const unsupported = [...refused, ...compiled.unsupported];
    await ext.storage.local.set({
      dnrStatus: {
        at: Date.now(),
        rules: rules.length,
        staticRules: compiled.staticRules - off.size,
        staticRulesOff: off.size,
        filtersInRules: compiled.covered,
        unsupportedCount: unsupported.length,
        unsupported: unsupported.slice(0, DNR_STATUS_SAMPLES),
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
