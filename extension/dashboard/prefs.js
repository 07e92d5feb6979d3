// Runs in: the dashboard. Settings: the default action per class, the per-site and per-vendor
// overrides (add, change, remove), retention, and backup / restore of everything as one file.
// Every change is a `settings.apply` change the core checks; nothing is decided here.

import { ask, el, t, className, actionName, ACTIONS, status, download, readFile, confirmDialog, failed, tn, explain } from './dom.js';

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

/**
 * Every override in the settings, one row each: `change` is the core change that sets the row
 * to a value (`null` removes it), `choices` the values it can take.
 */
function overrides(settings) {
  const out = [];
  const modes = ACTIONS.map((a) => ({ value: a, label: actionName(a) }));
  for (const [vendor, action] of Object.entries(settings.vendors ?? {})) {
    out.push({ site: null, what: t('dashOverrideVendor', vendor), value: action, choices: modes, change: (v) => ({ op: 'vendor', vendor, action: v }) });
  }
  const pauses = [{ value: 'true', label: t('dashPausedYes') }, { value: 'false', label: t('dashPausedNo') }];
  for (const [site, s] of Object.entries(settings.sites ?? {})) {
    if (typeof s.paused === 'boolean') {
      out.push({ site, what: t('dashOverridePaused'), value: String(s.paused), choices: pauses, change: (v) => ({ op: 'pause', site, paused: v === null ? null : v === 'true' }) });
    }
    for (const [c, action] of Object.entries(s.classes ?? {})) {
      out.push({ site, what: className(c), value: action, choices: modes, change: (v) => ({ op: 'site-class', site, class: c, action: v }) });
    }
    for (const [vendor, action] of Object.entries(s.vendors ?? {})) {
      out.push({ site, what: t('dashOverrideVendor', vendor), value: action, choices: modes, change: (v) => ({ op: 'site-vendor', site, vendor, action: v }) });
    }
  }
  return out;
}

/** The row's value as a select: changing it is the same core change with the new value. */
function valueSelect(o, where) {
  const select = el('select', { class: 'edit-override', 'aria-label': t('dashEditOverride', o.what, where) },
    o.choices.map((c) => el('option', { value: c.value, text: c.label })));
  select.value = o.value;
  select.addEventListener('change', () => apply(o.change(select.value), t('dashOverrideChanged')));
  return select;
}

function renderOverrides(settings) {
  const rows = overrides(settings).map((o) => {
    const where = o.site ?? t('dashEverySite');
    return el('tr', { 'data-site': o.site ?? '' }, [
      el('th', { scope: 'row', text: where }),
      el('td', { text: o.what }),
      el('td', {}, [valueSelect(o, where)]),
      el('td', {}, [el('button', {
        class: 'quiet remove-override', type: 'button', text: t('dashRemove'), 'aria-label': t('dashRemoveOverride', o.what, where),
        onclick: () => apply(o.change(null), t('dashOverrideRemoved')),
      })]),
    ]);
  });
  document.getElementById('overrides-body').replaceChildren(...rows);
  document.getElementById('overrides-empty').hidden = rows.length > 0;
  document.getElementById('overrides-table').hidden = rows.length === 0;
}

/** What a new rule can be about: pausing the site, a class, or a tracker by name. */
function fillAddForm(overview) {
  const what = document.getElementById('override-what');
  if (!what.options.length) {
    what.append(
      el('option', { value: 'pause', text: t('dashOverridePaused') }),
      ...overview.classes.map(({ class: c }) => el('option', { value: `class:${c}`, text: className(c) })),
      el('option', { value: 'vendor', text: t('dashAddVendorChoice') }),
    );
    syncAddForm();
  }
  // Offered names: the sites and trackers the report has met (any other can be typed).
  const options = (list) => [...new Set(list)].sort().map((v) => el('option', { value: v }));
  document.getElementById('override-sites').replaceChildren(...options(overview.summaries.map((s) => s.site)));
  document.getElementById('override-vendors').replaceChildren(...options(overview.summaries.flatMap((s) => s.trackers)));
}

/** The action list and the vendor field follow what the rule is about. */
function syncAddForm() {
  const what = document.getElementById('override-what').value;
  for (const node of document.querySelectorAll('.vendor-field')) node.hidden = what !== 'vendor';
  document.getElementById('override-vendor').required = what === 'vendor';
  const action = document.getElementById('override-action');
  const wanted = what === 'pause' ? 'pause' : 'mode';
  if (action.dataset.kind === wanted) return;
  action.dataset.kind = wanted;
  action.replaceChildren(...(wanted === 'pause'
    ? [el('option', { value: 'true', text: t('dashPausedYes') }), el('option', { value: 'false', text: t('dashPausedNo') })]
    : ACTIONS.map((a) => el('option', { value: a, text: actionName(a) }))));
}

/** The core change the add form describes; the core checks the site and the name. */
function addedChange() {
  const site = document.getElementById('override-site').value.trim();
  const what = document.getElementById('override-what').value;
  const value = document.getElementById('override-action').value;
  if (what === 'pause') return { op: 'pause', site, paused: value === 'true' };
  if (what === 'vendor') return { op: 'site-vendor', site, vendor: document.getElementById('override-vendor').value.trim(), action: value };
  return { op: 'site-class', site, class: what.slice('class:'.length), action: value };
}

/** Draws the settings from the overview. */
export function setPrefs(overview) {
  renderClasses(overview.classes);
  renderOverrides(overview.settings);
  fillAddForm(overview);
  const retention = document.getElementById('retention');
  if (document.activeElement !== retention) retention.value = String(overview.settings.retention_days);
  // Absent means on (the core leaves the default out of what it stores).
  document.getElementById('stop-proven-leaks').checked = overview.settings.stop_proven_leaks !== false;
}

/** Wires the retention form and backup / restore; `onChange` reloads the overview. */
export function initPrefs(onChange) {
  reload = onChange;
  document.getElementById('override-what').addEventListener('change', syncAddForm);
  document.getElementById('override-form').addEventListener('submit', (e) => {
    e.preventDefault();
    apply(addedChange(), t('dashOverrideAdded'));
  });
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
      status(t('dashRestoreFailed', explain(err)), { error: true });
    }
  });
}
