// Runs in: the background. What the dashboard asks for: the report's views (the core's
// summaries, chart and per-vendor sites), export, clearing history, retention pruning, and the
// backup / restore of all settings and rules. Extension-tier messages only.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { registerHandlers } from './messages.js';
import { getReport, reportProblems, writeReport } from './report.js';
import { getSettings, onSettingsChanged, replaceSettings, settingsProblem, settingsProblemCoded } from './settings.js';
import { listsBackup, restoreLists } from './lists.js';
import { coded } from '../lib/errors.js';

const ALARM = 'keyveil-retention';
/** How often old history is pruned when no dashboard is open. */
const ALARM_MINUTES = 6 * 60;
const BACKUP_FORMAT = 'keyveil-backup';
const BACKUP_VERSION = 1;
/** The classes a person can set a default for (docs/settings-schema.md). */
const CLASSES = ['session-replay', 'keystroke-telemetry', 'meta-pixel', 'ad-pixel'];

/** Writes the report now (the dashboard waits for a clear to be stored). */
async function store(report) {
  await writeReport();
}

/** Removes history older than the retention the person chose; stores only if it changed. */
async function prune() {
  const report = await getReport();
  const { retention_days: days } = await getSettings();
  const removed = report.pruneOlderThan(Date.now(), days);
  if (Object.values(removed).some((n) => n > 0)) await store(report);
  return removed;
}

/** Date stamp for file names, `YYYY-MM-DD`. */
const today = () => new Date().toISOString().slice(0, 10);

registerHandlers({
  'dash.overview': {
    tier: 'extension',
    async handle() {
      await prune();
      const report = await getReport();
      const core = await engine();
      const settings = await getSettings();
      const builtin = core.settingsDefault();
      return {
        version: core.version(),
        // What each class gets now, and what it gets with no choice of the person's.
        classes: CLASSES.map((c) => ({ class: c, now: core.decide(settings, '', c), builtin: core.decide(builtin, '', c) })),
        summaries: report.summaries(),
        chart: report.chart(),
        pruned: report.pruned(),
        problems: reportProblems,
        settings,
        settingsProblem,
        settingsProblemCoded,
      };
    },
  },
  'dash.vendor': {
    tier: 'extension',
    async handle(msg) {
      return (await getReport()).vendorSites(String(msg.vendor ?? ''));
    },
  },
  'dash.export': {
    tier: 'extension',
    async handle(msg) {
      const format = msg.format === 'csv' ? 'csv' : 'json';
      const text = (await getReport()).export(format, Date.now());
      return { text, filename: `keyveil-report-${today()}.${format}`, mime: format === 'csv' ? 'text/csv' : 'application/json' };
    },
  },
  'dash.clear': {
    tier: 'extension',
    async handle(msg) {
      const report = await getReport();
      let cleared;
      if (typeof msg.site === 'string') cleared = report.clearSite(msg.site);
      else if (msg.all === true) { report.clearAll(); cleared = true; }
      else throw coded('errClearWhat');
      await store(report);
      return { cleared };
    },
  },
  'dash.backup': {
    tier: 'extension',
    async handle() {
      const backup = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        exported_at: Date.now(),
        settings: await getSettings(),
        ...(await listsBackup()),
      };
      return { text: JSON.stringify(backup, null, 2), filename: `keyveil-backup-${today()}.json`, mime: 'application/json' };
    },
  },
  'dash.restore': {
    tier: 'extension',
    async handle(msg) {
      let backup;
      try { backup = JSON.parse(String(msg.text ?? '')); } catch { throw coded('errNotJson'); }
      if (backup?.format !== BACKUP_FORMAT) throw coded('errNotBackup');
      if (backup.version !== BACKUP_VERSION) throw coded('errBackupVersion', String(backup.version));
      // Everything is checked before anything is replaced: the core refuses bad settings.
      const core = await engine();
      try { core.settingsMigrate(backup.settings); } catch (e) { throw coded('errBackupSettings', String(e?.message ?? e)); }
      await restoreLists(backup);
      await replaceSettings(backup.settings);
      return { restored: true };
    },
  },
});

// The first-run page, once: when KeyVeil is installed, not when it or the browser updates.
ext.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install') ext.tabs.create({ url: ext.runtime.getURL('welcome/welcome.html') }).catch((e) => console.error('KeyVeil: welcome', e));
});

onSettingsChanged(() => prune().catch((e) => console.error('KeyVeil: retention', e)));
ext.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) prune().catch((e) => console.error('KeyVeil: retention', e));
});
ext.alarms.get(ALARM).then((a) => a ?? ext.alarms.create(ALARM, { periodInMinutes: ALARM_MINUTES, delayInMinutes: 5 }));
