// Runs in: the dashboard. Settings: the default action per class, the per-site and per-vendor
// overrides (view and remove), retention, and backup / restore of everything as one file.
// Every change is a `settings.apply` change the core checks; nothing is decided here.

import { ask, el, t, className, actionName, ACTIONS, status, download, readFile, confirmDialog, failed, tn } from './dom.js';

let reload = async () => {};

async function apply(change, done) {
  try {
    const { reloadNeeded } = await ask({ type: 'settings.apply', change });
    status(reloadNeeded ? t('dashSavedReload') : done ?? t('dashSaved'));
    await reload();
  } catch (e) {
    status(failed(e), { error: true });
  }
}

/** The per-class selects: "built-in (X)" or an explicit action. */
function renderClasses(classes) {
  const rows = classes.map(({ class: c, now, builtin }) => {
    const id = `class-${c}`;
    const select = el('select', { id, 'data-class': c }, [
      el('option', { value: '', text: t('dashBuiltinDefault', actionName(builtin.action)) }),
      ...ACTIONS.map((a) => el('option', { value: a, text: actionName(a) })),
    ]);
    select.value = now.source === 'class' ? now.action : '';
    select.addEventListener('change', () => apply({ op: 'class', class: c, action: select.value || null }));
    return el('div', { class: 'field' }, [el('label', { for: id, text: className(c) }), select]);
  });
  document.getElementById('class-defaults').replaceChildren(...rows);
}

/** Every override in the settings, one row each, each with a remove button. */
function overrides(settings) {
  const out = [];
  for (const [vendor, action] of Object.entries(settings.vendors ?? {})) {
    out.push({ site: null, what: t('dashOverrideVendor', vendor), action, change: { op: 'vendor', vendor, action: null } });
  }
  for (const [site, s] of Object.entries(settings.sites ?? {})) {
    if (typeof s.paused === 'boolean') {
      out.push({ site, what: t('dashOverridePaused'), action: s.paused ? t('dashPausedYes') : t('dashPausedNo'), change: { op: 'pause', site, paused: null } });
    }
    for (const [c, action] of Object.entries(s.classes ?? {})) {
      out.push({ site, what: className(c), action, change: { op: 'site-class', site, class: c, action: null } });
    }
    for (const [vendor, action] of Object.entries(s.vendors ?? {})) {
      out.push({ site, what: t('dashOverrideVendor', vendor), action, change: { op: 'site-vendor', site, vendor, action: null } });
    }
  }
  return out;
}

function renderOverrides(settings) {
  const rows = overrides(settings).map((o) => {
    const where = o.site ?? t('dashEverySite');
    return el('tr', { 'data-site': o.site ?? '' }, [
      el('th', { scope: 'row', text: where }),
      el('td', { text: o.what }),
      el('td', { text: ACTIONS.includes(o.action) ? actionName(o.action) : o.action }),
      el('td', {}, [el('button', {
        class: 'quiet remove-override', type: 'button', text: t('dashRemove'), 'aria-label': t('dashRemoveOverride', o.what, where),
        onclick: () => apply(o.change, t('dashOverrideRemoved')),
      })]),
    ]);
  });
  document.getElementById('overrides-body').replaceChildren(...rows);
  document.getElementById('overrides-empty').hidden = rows.length > 0;
  document.getElementById('overrides-table').hidden = rows.length === 0;
}

/** Draws the settings from the overview. */
export function setPrefs(overview) {
  renderClasses(overview.classes);
  renderOverrides(overview.settings);
  const retention = document.getElementById('retention');
  if (document.activeElement !== retention) retention.value = String(overview.settings.retention_days);
  // Absent means on (the core leaves the default out of what it stores).
  document.getElementById('stop-proven-leaks').checked = overview.settings.stop_proven_leaks !== false;
}

/** Wires the retention form and backup / restore; `onChange` reloads the overview. */
export function initPrefs(onChange) {
  reload = onChange;
  document.getElementById('stop-proven-leaks').addEventListener('change', (e) => {
    const on = e.target.checked;
    apply({ op: 'stop-proven-leaks', on }, t(on ? 'dashStopLeaksOn' : 'dashStopLeaksOff'));
  });
  document.getElementById('retention-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const days = Number(document.getElementById('retention').value);
    apply({ op: 'retention', days }, tn('dashRetentionSaved', days));
  });
  document.getElementById('backup').addEventListener('click', async () => {
    try {
      const { text, filename, mime } = await ask({ type: 'dash.backup' });
      download(text, filename, mime);
      status(t('dashBackupDone'));
    } catch (e) { status(failed(e), { error: true }); }
  });
  document.getElementById('restore').addEventListener('change', async (e) => {
    const text = await readFile(e.target);
    if (text === null) return;
    if (!(await confirmDialog(t('dashConfirmRestore')))) return;
    try {
      await ask({ type: 'dash.restore', text });
      status(t('dashRestoreDone'));
      await reload();
    } catch (err) {
      status(t('dashRestoreFailed', String(err.message ?? err)), { error: true });
    }
  });
}
