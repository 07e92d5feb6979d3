// Runs in: the dashboard. The table of every site where input recording was seen (the core's
// `report.summaries()`), searchable and sortable, with a per-site clear, and the per-tracker
// view (the core's `report.vendorSites()`). Site and vendor names come from web pages: they
// are only ever text.

import { ask, el, t, timeEl, className, inputName, status, confirmDialog, failed } from './dom.js';

const COLUMNS = [
  { key: 'site', label: 'dashColSite', type: 'text' },
  { key: 'trackers', label: 'dashColTrackers', type: 'list' },
  { key: 'worst_class', label: 'dashColClass', type: 'text' },
  { key: 'inputs', label: 'dashColInputs', type: 'list' },
  { key: 'first_seen', label: 'dashColFirstSeen', type: 'number' },
  { key: 'last_seen', label: 'dashColLastSeen', type: 'number' },
  { key: 'blocked_requests', label: 'dashColBlocked', type: 'number' },
  { key: 'fuzzed_events', label: 'dashColFuzzed', type: 'number' },
  { key: 'leaks', label: 'dashColLeaks', type: 'number' },
];

const state = { rows: [], sort: 'last_seen', desc: true, query: '', onChange: null };

function compare(a, b, col) {
  const va = a[col.key]; const vb = b[col.key];
  if (col.type === 'number') return (va ?? 0) - (vb ?? 0);
  const sa = Array.isArray(va) ? va.join(', ') : String(va ?? '');
  const sb = Array.isArray(vb) ? vb.join(', ') : String(vb ?? '');
  return sa.localeCompare(sb);
}

function matches(row, q) {
  if (!q) return true;
  return row.site.toLowerCase().includes(q) || row.trackers.some((name) => name.toLowerCase().includes(q));
}

function header() {
  return COLUMNS.map((col) => {
    const active = state.sort === col.key;
    const button = el('button', {
      class: 'sort', type: 'button', 'data-sort': col.key,
      onclick: () => {
        if (state.sort === col.key) state.desc = !state.desc;
        else { state.sort = col.key; state.desc = col.type === 'number'; }
        render();
        document.querySelector(`button[data-sort="${col.key}"]`)?.focus();
      },
    }, [t(col.label), el('span', { class: 'arrow', 'aria-hidden': 'true', text: active ? (state.desc ? ' ▼' : ' ▲') : '' })]);
    return el('th', { scope: 'col', 'aria-sort': active ? (state.desc ? 'descending' : 'ascending') : 'none' }, [button]);
  }).concat(el('th', { scope: 'col' }, [el('span', { class: 'sr-only', text: t('dashColClear') })]));
}

function trackerButtons(row) {
  return row.trackers.flatMap((name, i) => [
    i ? ', ' : '',
    el('button', { class: 'link tracker', type: 'button', 'data-vendor': name, text: name, 'aria-label': t('dashShowVendor', name), onclick: () => showVendor(name) }),
  ]);
}

function rowEl(row) {
  const leak = row.leaks > 0 ? el('strong', { class: 'leak', text: String(row.leaks) }) : '0';
  return el('tr', { 'data-site': row.site }, [
    el('th', { scope: 'row', class: 'site', text: row.site }),
    el('td', {}, trackerButtons(row)),
    el('td', {}, [el('span', { class: `badge ${row.worst_class}`, text: className(row.worst_class) })]),
    row.inputs.length ? el('td', { text: row.inputs.map(inputName).join(', ') }) : el('td', { class: 'muted', text: t('dashInputsNone') }),
    el('td', {}, [timeEl(row.first_seen)]),
    el('td', {}, [timeEl(row.last_seen)]),
    el('td', { class: 'num', text: String(row.blocked_requests) }),
    el('td', { class: 'num', text: String(row.fuzzed_events) }),
    el('td', { class: 'num' }, [leak]),
    el('td', {}, [el('button', { class: 'quiet clear-site', type: 'button', 'aria-label': t('dashClearSiteLabel', row.site), text: t('dashClearSite'), onclick: () => clearSite(row.site) })]),
  ]);
}

/** Redraws the table from the current rows, search and sort. */
function render() {
  const col = COLUMNS.find((c) => c.key === state.sort) ?? COLUMNS[0];
  const rows = state.rows.filter((r) => matches(r, state.query)).sort((a, b) => (state.desc ? -1 : 1) * compare(a, b, col));
  document.getElementById('sites-head').replaceChildren(...header());
  document.getElementById('sites-body').replaceChildren(...rows.map(rowEl));
  document.getElementById('sites-count').textContent = t('dashSitesCount', rows.length, state.rows.length);
  // An empty report and a search that hides every row are different things to say.
  const empty = document.getElementById('sites-empty');
  empty.hidden = rows.length > 0;
  empty.textContent = t(state.rows.length ? 'dashSitesEmpty' : 'dashSitesNone');
}

async function clearSite(site) {
  if (!(await confirmDialog(t('dashConfirmClearSite', site)))) return;
  try {
    await ask({ type: 'dash.clear', site });
    status(t('dashClearedSite', site));
    await state.onChange?.();
  } catch (e) {
    status(failed(e), { error: true });
  }
}

/** Shows on which sites one vendor recorded the person. */
export async function showVendor(vendor) {
  const view = document.getElementById('vendor-view');
  try {
    const sites = await ask({ type: 'dash.vendor', vendor });
    document.getElementById('vendor-title').textContent = t('dashVendorTitle', vendor, sites.length);
    view.dataset.vendor = vendor;
    document.getElementById('vendor-body').replaceChildren(...sites.map(({ site, tracker: tr }) => el('tr', { 'data-site': site }, [
      el('th', { scope: 'row', text: site }),
      el('td', { text: className(tr.class) }),
      el('td', { text: tr.inputs?.length ? tr.inputs.map(inputName).join(', ') : t('dashInputsNone') }),
      el('td', {}, [timeEl(tr.first_seen)]),
      el('td', {}, [timeEl(tr.last_seen)]),
      el('td', { class: 'num', text: String(tr.blocked_requests ?? 0) }),
      el('td', { class: 'num', text: String(tr.fuzzed_events ?? 0) }),
      el('td', { class: 'num', text: String((tr.leaks ?? []).length) }),
    ])));
    if (!sites.length) document.getElementById('vendor-body').replaceChildren(el('tr', {}, [el('td', { colspan: 8, class: 'muted', text: t('dashVendorNone') })]));
    view.hidden = false;
    document.getElementById('vendor-title').focus();
  } catch (e) {
    status(failed(e), { error: true });
  }
}

/** Wires the search box and the vendor view; `onChange` reloads the overview after a clear. */
export function initSites(onChange) {
  state.onChange = onChange;
  document.getElementById('search').addEventListener('input', (e) => {
    state.query = e.target.value.trim().toLowerCase();
    render();
  });
  document.getElementById('vendor-close').addEventListener('click', () => {
    document.getElementById('vendor-view').hidden = true;
    document.getElementById('search').focus();
  });
}

/** New rows from the core's summaries. */
export function setSites(rows) {
  state.rows = rows;
  render();
}
