// Runs in: the background. The person's settings: loaded through the core (which migrates and
// validates them), changed only through the core, stored in `storage.local`.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { coded } from '../lib/errors.js';

let cached = null;
/** Why the stored settings could not be used, if they could not: in English, and as a message code with parameters (lib/errors.js) for the dashboard to say in the person's language. */
export let settingsProblem = null;
export let settingsProblemCoded = null;
const listeners = [];

/** The current settings object (the core's v1 schema). */
export async function getSettings() {
  if (cached) return cached;
  const core = await engine();
  const { settings: stored, settingsDropped } = await ext.storage.local.get(['settings', 'settingsDropped']);
  if (stored === undefined) {
    cached = core.settingsDefault();
    await ext.storage.local.set({ settings: cached });
    return cached;
  }
  try {
    // Entry by entry: a broken override is dropped (and named), the rest of the person's
    // choices stay; the repaired record replaces the broken one.
    const { settings, dropped } = core.settingsRepair(stored);
    cached = settings;
    // What was dropped stays said (across restarts) until the person next changes a setting.
    const said = dropped.length ? dropped : (settingsDropped?.dropped ?? []);
    settingsProblem = said.length ? `some stored settings could not be read and were dropped: ${said.join('; ')}` : null;
    settingsProblemCoded = said.length ? { code: 'errSettingsDropped', params: [said.join('; ')] } : null;
    if (dropped.length) await ext.storage.local.set({ settings, settingsDropped: { at: Date.now(), dropped } });
  } catch (e) {
    // A newer or broken record is left in storage untouched; KeyVeil keeps protecting with
    // the defaults and says so.
    settingsProblem = String(e?.message ?? e);
    settingsProblemCoded = { code: 'errSettingsUnreadable', params: [settingsProblem] };
    cached = core.settingsDefault();
  }
  return cached;
}

/**
 * Applies one change (`{op, ...}`, see the core's settingsApply) and stores the result.
 * @returns {Promise<{reloadNeeded: boolean}>}
 */
export async function applyChange(change) {
  const core = await engine();
  let applied;
  // The core says why it refuses a change in English: the page puts that in its own sentence.
  try { applied = core.settingsApply(await getSettings(), change); } catch (e) { throw coded('errSettingRefused', String(e?.message ?? e)); }
  const { settings, reload_needed: reloadNeeded } = applied;
  cached = settings;
  settingsProblem = null;
  settingsProblemCoded = null;
  await ext.storage.local.set({ settings });
  await ext.storage.local.remove('settingsDropped');
  for (const fn of listeners) await fn(settings);
  return { reloadNeeded };
}

/** Calls `fn(settings)` after every change. */
export function onSettingsChanged(fn) {
  listeners.push(fn);
}

/**
 * Replaces all settings at once (a restored backup); the core migrates and checks them first
 * and throws, changing nothing, when they cannot be used.
 * @returns {Promise<object>} the settings now in force
 */
export async function replaceSettings(stored) {
  const core = await engine();
  let settings;
  try { settings = core.settingsMigrate(stored); } catch (e) { throw coded('errBackupSettings', String(e?.message ?? e)); }
  cached = settings;
  settingsProblem = null;
  settingsProblemCoded = null;
  await ext.storage.local.set({ settings });
  for (const fn of listeners) await fn(settings);
  return settings;
}
