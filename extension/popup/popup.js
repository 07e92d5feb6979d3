// Runs in: the popup (an extension page). Draws the core's view of the current tab (who is
// recording, what, how it was found, what KeyVeil did, proven leaks) and its switches; every
// string from a page or a list is set as text, never as markup. Decisions stay in the core:
// a switch sends a settings change and draws the view the core returns.

import { ext, t } from '../lib/ext.js';
import { className, inputName, tn } from '../lib/labels.js';
import { ask, el, localise } from '../lib/page.js';
import { explain } from '../lib/errors.js';

const FOUND_MESSAGE = {
  'list-rule': 'foundListRule', 'script-behaviour': 'foundScriptBehaviour', 'payload-signature': 'foundPayloadSignature', 'proven-leak': 'foundProvenLeak',
};
const SOURCE_MESSAGE = {
  paused: 'sourcePaused', 'site-vendor': 'sourceSiteVendor', 'site-class': 'sourceSiteClass', vendor: 'sourceVendor', class: 'sourceClass', builtin: 'sourceBuiltin',
};
const ENCODING_MESSAGE = {
  plain: 'encodingPlain', 'url-encoded': 'encodingUrlEncoded', base64: 'encodingBase64', 'base64-url': 'encodingBase64', 'md5-hex': 'encodingMd5', 'sha1-hex': 'encodingSha1', 'sha256-hex': 'encodingSha256',
};
const EVASION_MESSAGE = {
  'wrapper-replaced': 'evasionWrapperReplaced', 'foreign-realm': 'evasionForeignRealm', 'stack-hidden': 'evasionStackHidden',
};
const OPTOUT_MESSAGE = { 'privacy-center': 'optoutPrivacyCenter', 'objection-form': 'optoutObjectionForm' };
const ACTIONS = ['block', 'fuzz', 'allow'];
/** How often an open popup asks for the tab's view again (the page goes on recording). */
const REFRESH_MS = 1500;

/** The tab to report on: `?tab=N` when opened as a page (tests), else the active tab. */
async function targetTab() {
  const fromQuery = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
  if (Number.isInteger(fromQuery)) return ext.tabs.get(fromQuery);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** An error as the person reads it: what failed, and what to try. */
const failed = (e) => t('popupError', explain(e));

const nameOf = (tr) => tr.vendor ?? tr.host ?? t('unknownVendor');
const fieldOf = (f) => f.name || f.id || f.autocomplete || f.type || t('leakUnnamedField');

function doneLine(tr) {
  const parts = [];
  if (tr.blocked_requests) parts.push(tn('doneBlockedRequests', tr.blocked_requests));
  if (tr.blocked_events) parts.push(tn('doneBlockedEvents', tr.blocked_events));
  if (tr.fuzzed_events) parts.push(tn('doneFuzzed', tr.fuzzed_events));
  if (tr.stripped_fields) parts.push(tn('doneStripped', tr.stripped_fields));
  if (tr.allowed_requests) parts.push(tn('doneAllowed', tr.allowed_requests));
  return parts.length ? parts.join(' · ') : t('doneNothingYet');
}

/** The block / fuzz / allow switch of one tracker, as a labelled radio group. */
function modeSwitch(tr, view, onChange) {
  const group = el('div', { class: 'mode', role: 'radiogroup', 'aria-label': t('popupModeFor', nameOf(tr)) });
  const name = `mode-${tr.key}`;
  for (const action of ACTIONS) {
    const input = el('input', { type: 'radio', name, value: action, 'data-key': tr.key });
    input.checked = tr.mode.action === action;
    input.disabled = view.paused;
    input.addEventListener('change', () => onChange(tr, action));
    group.append(el('label', { class: `choice ${action}`, title: t(`mode_${action}_help`) }, [input, el('span', { text: t(`mode_${action}`) })]));
  }
  const why = el('span', { class: 'muted why', text: t(SOURCE_MESSAGE[tr.mode.source] ?? 'sourceBuiltin') });
  group.append(why);
  if (tr.mode.source === tr.switch) {
    const reset = el('button', { type: 'button', class: 'link', 'data-key': tr.key, text: t('popupResetMode') });
    reset.addEventListener('click', () => onChange(tr, null));
    group.append(reset);
  }
  return group;
}

function renderTracker(tr, view, onChange) {
  const head = el('div', { class: 'head' }, [
    el('span', { class: 'name', text: nameOf(tr) }),
    // A host no classifier marks, shown because a typed value reached it: say that instead.
    tr.class === 'none' && tr.leaks.length
      ? el('span', { class: 'badge leak', text: t('classLeakOnly') })
      : el('span', { class: `badge ${tr.class}`, text: className(tr.class) }),
    el('span', { class: 'muted', text: ` · ${t(tr.first_party ? 'firstParty' : 'thirdParty')}` }),
  ]);
  const inputs = tr.inputs.map(inputName);
  const rows = el('dl', { class: 'facts' }, [
    el('dt', { text: t('popupRecords') }), el('dd', { class: 'inputs', text: inputs.length ? inputs.join(', ') : t('inputUnknown') }),
    el('dt', { text: t('popupFoundBy') }), el('dd', { text: tr.found_by.map((f) => t(FOUND_MESSAGE[f] ?? f)).join(', ') }),
    el('dt', { text: t('popupDone') }), el('dd', { class: 'done', text: doneLine(tr) }),
  ]);
  const li = el('li', { class: `tracker${tr.leaks.length ? ' leaked' : ''}`, 'data-vendor': tr.vendor ?? '', 'data-class': tr.class, 'data-key': tr.key, 'data-mode': tr.mode.action }, [head, rows]);
  if (tr.class !== 'none') li.append(modeSwitch(tr, view, onChange));
  return li;
}

function renderLeaks(view) {
  const items = view.trackers.flatMap((tr) => tr.leaks.map((l) => el('li', {
    class: 'leak', 'data-field': fieldOf(l.field), 'data-encoding': l.encoding, 'data-to': tr.host ?? '',
    text: t('leakLine', fieldOf(l.field), nameOf(tr), t(ENCODING_MESSAGE[l.encoding] ?? 'encodingPlain')),
  })));
  document.getElementById('leaks').hidden = items.length === 0;
  document.getElementById('leak-list').replaceChildren(...items);
}

/** What the page did against KeyVeil itself: each way round the hook, and forged messages. */
function renderEvasions(view) {
  const host = (url) => { try { return new URL(url).host || url; } catch { return url || t('evasionInline'); } };
  const items = (view.evasions ?? []).map((e) => el('li', { class: 'evasion', 'data-how': e.how, text: t(EVASION_MESSAGE[e.how] ?? 'evasionOther', host(e.script)) }));
  if (view.forged) items.push(el('li', { class: 'evasion', 'data-how': 'forged', text: tn('evasionForged', view.forged) }));
  if (view.dropped) items.push(el('li', { class: 'evasion', 'data-how': 'dropped', text: tn('evasionDropped', view.dropped) }));
  document.getElementById('evasive').hidden = items.length === 0;
  document.getElementById('evasion-list').replaceChildren(...items);
}

/**
 * Where the site's owner takes objections to AI training: the core says which sites and which
 * pages (`view.ai_optout`); only https links of a known kind are drawn, opened in a new tab.
 */
function renderAiOptout(view) {
  const note = view.ai_optout;
  const links = (note?.links ?? []).filter((l) => OPTOUT_MESSAGE[l.kind] && /^https:\/\//.test(l.url ?? ''));
  document.getElementById('ai-optout').hidden = links.length === 0;
  document.getElementById('ai-optout-text').textContent = links.length ? t('popupAiOptout', note.owner) : '';
  document.getElementById('ai-optout-links').replaceChildren(...links.map((l) => el('li', {}, [
    el('a', { href: l.url, target: '_blank', rel: 'noreferrer', 'data-kind': l.kind, text: t(OPTOUT_MESSAGE[l.kind], note.owner) }),
  ])));
}

const state = { tabId: null, view: null, drawn: '' };

function render(view) {
  const json = JSON.stringify(view);
  if (json === state.drawn) return;
  state.drawn = json;
  state.view = view;
  // Keep the person's place: the control with focus is found again by its key and value.
  const focused = document.activeElement;
  const focusKey = focused?.dataset?.key ? [focused.dataset.key, focused.value ?? '', focused.tagName] : null;

  document.getElementById('site').textContent = view.site;
  document.getElementById('pause-row').hidden = false;
  document.getElementById('pause').checked = view.paused;
  document.getElementById('actions').hidden = false;
  const summary = document.getElementById('summary');
  summary.hidden = false;
  summary.dataset.count = String(view.recorders);
  summary.textContent = view.paused ? t('popupPausedSummary')
    : view.recorders === 0 ? t('popupNothing') : tn('popupSummary', view.recorders);
  document.getElementById('private-note').hidden = !view.private;
  renderLeaks(view);
  renderEvasions(view);
  renderAiOptout(view);
  document.getElementById('recorders').hidden = view.trackers.length === 0;
  document.getElementById('tracker-list').replaceChildren(...view.trackers.map((tr) => renderTracker(tr, view, changeMode)));
  document.getElementById('counts').textContent = `${tn('popupRequests', view.requests)} · ${tn('popupListeners', view.listeners)}`;

  if (focusKey) {
    const again = [...document.querySelectorAll('[data-key]')].find((n) => n.dataset.key === focusKey[0] && (n.value ?? '') === focusKey[1] && n.tagName === focusKey[2]);
    again?.focus();
  }
}

async function refresh() {
  const view = await ask({ type: 'popup.view', tabId: state.tabId });
  if (view) render(view);
  return view;
}

/** Says what a change did; offers a reload when the core says one is needed. */
function applied(reloadNeeded) {
  const status = document.getElementById('status');
  status.replaceChildren();
  status.dataset.reload = String(reloadNeeded);
  if (!reloadNeeded) {
    status.textContent = t('popupAppliedNow');
    return;
  }
  const button = el('button', { type: 'button', id: 'reload', text: t('popupReload') });
  button.addEventListener('click', async () => {
    await ext.tabs.reload(state.tabId);
    status.textContent = '';
  });
  status.append(el('span', { text: `${t('popupAppliedReload')} ` }), button);
}

async function changeMode(tr, action) {
  const change = tr.switch === 'site-vendor'
    ? { op: 'site-vendor', site: state.view.site, vendor: tr.vendor, action }
    : { op: 'site-class', site: state.view.site, class: tr.class, action };
  try {
    const { reloadNeeded } = await ask({ type: 'settings.apply', change });
    await refresh();
    applied(reloadNeeded);
  } catch (e) {
    document.getElementById('status').textContent = failed(e);
  }
}

async function setPaused(paused) {
  try {
    // Unpausing removes the override, so the site follows its parent domain and the defaults.
    const { reloadNeeded } = await ask({ type: 'settings.apply', change: { op: 'pause', site: state.view.site, paused: paused ? true : null } });
    await refresh();
    applied(reloadNeeded);
  } catch (e) {
    document.getElementById('status').textContent = failed(e);
  }
}

/** Saves `text` as a file the person downloads. */
function download(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json;charset=utf-8' }));
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * The one-click fixes for a broken site: let one tracker through here (each that KeyVeil
 * blocks or fuzzes), or pause KeyVeil on the site. Each is the same settings change as the
 * switches make.
 */
function fixButtons(view) {
  const fixes = view.trackers.filter((tr) => tr.class !== 'none' && tr.mode.action !== 'allow').map((tr) => el('button', {
    type: 'button', class: 'fix', 'data-key': tr.key, 'data-fix': 'allow', text: t('popupFixAllow', nameOf(tr)),
    onclick: () => changeMode(tr, 'allow'),
  }));
  if (!view.paused) fixes.push(el('button', { type: 'button', class: 'fix', 'data-fix': 'pause', text: t('popupFixPause'), onclick: () => setPaused(true) }));
  return fixes;
}

async function reportBroken() {
  const status = document.getElementById('status');
  try {
    const record = await ask({ type: 'popup.reportBroken', tabId: state.tabId });
    const text = JSON.stringify(record, null, 2);
    status.textContent = t(state.view?.private ? 'popupBrokenNotKept' : 'popupBrokenSaved');
    document.getElementById('broken-fixes').replaceChildren(...fixButtons(state.view));
    document.getElementById('broken-text').value = text;
    document.getElementById('broken-panel').hidden = false;
    document.getElementById('copy-broken').onclick = async () => {
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = t('popupBrokenCopied');
      } catch {
        // Clipboard refused (no focus, no permission): the text is selected for the person to copy.
        const area = document.getElementById('broken-text');
        area.focus();
        area.select();
        status.textContent = t('popupBrokenSelect');
      }
    };
    document.getElementById('save-broken').onclick = () => {
      const day = new Date(record.at).toISOString().slice(0, 10);
      download(text, `keyveil-broken-${record.site}-${day}.json`);
      status.textContent = t('popupBrokenFileSaved');
    };
    document.getElementById('broken-panel').scrollIntoView({ block: 'nearest' });
  } catch (e) {
    status.textContent = failed(e);
  }
}

async function main() {
  localise();
  // Opened as a page (`?tab=N`, unless `&popup` asks to be drawn as the toolbar popup), or on
  // Android, where Firefox shows the popup full-screen: fill the window's width.
  const params = new URLSearchParams(location.search);
  const android = await ext.runtime.getPlatformInfo?.().then((p) => p.os === 'android', () => false);
  if ((params.has('tab') && !params.has('popup')) || android) document.body.classList.add('page');
  const status = document.getElementById('status');
  try {
    const { version } = await ask({ type: 'engine.version' });
    document.getElementById('engine').textContent = t('popupEngine', version);
    const tab = await targetTab();
    state.tabId = tab?.id ?? null;
    const view = Number.isInteger(state.tabId) && state.tabId >= 0 ? await refresh() : null;
    if (!view) {
      status.textContent = t('popupNoSite');
      return;
    }
    document.getElementById('pause').addEventListener('change', (e) => setPaused(e.target.checked));
    document.getElementById('broken').addEventListener('click', reportBroken);
    document.getElementById('dashboard').addEventListener('click', (e) => {
      e.preventDefault();
      ext.runtime.openOptionsPage().catch(() => ext.tabs.create({ url: ext.runtime.getURL('dashboard/dashboard.html') }));
    });
    setInterval(() => { refresh().catch(() => {}); }, REFRESH_MS);
  } catch (e) {
    status.textContent = failed(e);
  } finally {
    document.body.dataset.ready = 'true';
  }
}

main();
