// Runs in: the dashboard. Lists: the built-in list (read-only), "My rules" with the core's
// line-by-line account of every line it could not use, import (file or paste, appended: the
// person's rules are never replaced), export and share, and subscriptions by URL. List titles
// and rule text come from strangers: they are only ever text.

import { ask, el, t, timeEl, status, download, readFile, copyText, confirmDialog, failed, tn } from './dom.js';
import { explain } from '../lib/errors.js';

/** A subscription's last error, in the person's language where its code is known. */
const subError = (sub) => explain({ code: sub.errorCode, params: sub.errorParams, message: sub.error });

/** One line the core did not use: its number, its text, its fate and the core's reason. */
function problemEl(p) {
  return el('li', { class: p.fate, 'data-line': p.line }, [
    el('span', { class: 'line-no', text: t('dashLineNo', p.line) }),
    ' ',
    el('code', { text: p.text }),
    el('span', { class: 'reason', text: ` — ${t(p.fate === 'rejected' ? 'dashRejected' : 'dashIgnored')}: ${p.message}` }),
  ]);
}

/** Shows the core's check of the rules: counts, then each problem with its line number. */
function showCheck(info) {
  const s = info.summary;
  document.getElementById('rules-summary').textContent = t('dashRulesSummary', s.filters, s.rejected, s.ignored);
  document.getElementById('rules-problems').replaceChildren(...info.problems.map(problemEl));
}

/**
 * A folded list of `items` (drawn by `draw`) under a summary line; when fewer are kept than
 * `total`, it says how many of how many are shown.
 */
function foldedList(cls, summary, items, total, draw) {
  if (!total) return null;
  return el('details', { class: cls }, [
    el('summary', { text: summary }),
    items.length < total ? el('p', { class: 'muted', text: t('dashListShownOf', items.length, total) }) : null,
    el('ul', { class: 'problems' }, items.map(draw)),
  ]);
}

/** A filter Chrome's rules could not hold, and the core's reason. */
function leftEl(u) {
  return el('li', { class: 'rejected' }, [el('code', { text: u.filter }), el('span', { class: 'reason', text: ` — ${u.reason}` })]);
}

async function saveRules(text) {
  try {
    const info = await ask({ type: 'lists.saveRules', text });
    showCheck(info);
    status(info.summary.rejected ? t('dashRulesSavedProblems', info.summary.rejected) : tn('dashRulesSaved', info.summary.filters));
  } catch (e) {
    status(failed(e), { error: true });
  }
}

/** Appends imported text to the rules (never replacing them) and saves. */
async function importText(text) {
  const area = document.getElementById('rules');
  const current = area.value.replace(/\s+$/, '');
  area.value = current ? `${current}\n${text}` : text;
  await saveRules(area.value);
}

function subEl(sub) {
  const title = sub.title || sub.url;
  const facts = [];
  if (sub.version) facts.push(t('dashListVersion', sub.version));
  if (sub.summary) facts.push(t('dashListFilters', sub.summary.filters));
  if (sub.summary?.rejected) facts.push(t('dashListRejected', sub.summary.rejected));
  return el('li', { class: 'sub', 'data-id': sub.id }, [
    el('div', { class: 'row' }, [
      el('strong', { class: 'sub-title', text: title }),
      el('span', { class: 'buttons' }, [
        el('button', { type: 'button', class: 'quiet sub-refresh', text: t('dashRefresh'), 'aria-label': t('dashRefreshLabel', title), onclick: () => refresh(sub.id) }),
        el('button', { type: 'button', class: 'quiet sub-remove', text: t('dashRemove'), 'aria-label': t('dashUnsubscribeLabel', title), onclick: () => unsubscribe(sub) }),
      ]),
    ]),
    el('div', { class: 'muted sub-url', text: sub.url }),
    el('div', { class: 'muted', text: facts.join(' · ') }),
    el('div', { class: 'muted' }, [
      t('dashListUpdated'), ' ', sub.updatedAt ? timeEl(sub.updatedAt) : t('dashNever'),
      ' · ', t('dashListChecked'), ' ', sub.checkedAt ? timeEl(sub.checkedAt) : t('dashNever'),
    ]),
    sub.error ? el('p', { class: 'error sub-error', role: 'alert', text: t('dashListError', subError(sub)) }) : null,
    // Every line of the list the core did not use, with its number and reason (as many as kept).
    foldedList('sub-problems', tn('dashListProblemsShow', (sub.summary?.rejected ?? 0) + (sub.summary?.ignored ?? 0)),
      Array.isArray(sub.problems) ? sub.problems : [], (sub.summary?.rejected ?? 0) + (sub.summary?.ignored ?? 0), problemEl),
  ]);
}

function renderSubs(subs) {
  document.getElementById('subs').replaceChildren(...subs.map(subEl));
  document.getElementById('subs-empty').hidden = subs.length > 0;
}

async function refresh(id) {
  try {
    renderSubs(await ask({ type: 'lists.refresh', id }));
    status(t('dashRefreshed'));
  } catch (e) { status(failed(e), { error: true }); }
}

async function unsubscribe(sub) {
  if (!(await confirmDialog(t('dashConfirmUnsubscribe', sub.title || sub.url)))) return;
  try {
    await ask({ type: 'lists.unsubscribe', id: sub.id });
    await loadLists();
  } catch (e) { status(failed(e), { error: true }); }
}

/** Loads all three list sections from the background. */
export async function loadLists() {
  const { builtin, rules, subscriptions, dnr } = await ask({ type: 'lists.get' });
  // Filters that Chrome's rule limits (or DNR's syntax) cannot hold are said, with the count.
  const dnrEl = document.getElementById('dnr-status');
  const missing = dnr?.unsupportedCount ?? dnr?.unsupported?.length ?? 0;
  dnrEl.hidden = !dnr || (!missing && !dnr.error);
  dnrEl.dataset.count = String(missing);
  dnrEl.textContent = !dnr ? '' : dnr.error ? t('dashDnrError', dnr.error)
    : tn('dashDnrMissing', missing, dnr.rules, dnr.unsupported?.[0]?.reason ?? '');
  // And each of them, exactly, with its reason.
  document.getElementById('dnr-missing')?.remove();
  const list = !dnr || dnr.error ? null : foldedList('dnr-missing', tn('dashDnrMissingShow', missing),
    Array.isArray(dnr.unsupported) ? dnr.unsupported : [], missing, leftEl);
  if (list) { list.id = 'dnr-missing'; dnrEl.after(list); }
  const b = builtin.info;
  document.getElementById('builtin-info').textContent = t('dashBuiltinInfo', b.title ?? '', b.version ?? '', b.summary.filters);
  document.getElementById('builtin-text').textContent = builtin.text;
  const area = document.getElementById('rules');
  if (document.activeElement !== area) area.value = rules.text;
  showCheck(rules.info);
  renderSubs(subscriptions);
}

/** Wires the Lists page. */
export function initLists() {
  document.getElementById('rules-save').addEventListener('click', () => saveRules(document.getElementById('rules').value));
  document.getElementById('rules-export').addEventListener('click', async () => {
    try {
      const { text } = await ask({ type: 'lists.exportRules' });
      download(text, 'keyveil-my-rules.txt', 'text/plain');
    } catch (e) { status(failed(e), { error: true }); }
  });
  document.getElementById('rules-copy').addEventListener('click', async () => {
    try {
      const { text } = await ask({ type: 'lists.exportRules' });
      status(t((await copyText(text)) ? 'dashCopied' : 'dashCopyFailed'));
    } catch (e) { status(failed(e), { error: true }); }
  });
  document.getElementById('import-file').addEventListener('change', async (e) => {
    const text = await readFile(e.target);
    if (text !== null) await importText(text);
  });
  document.getElementById('import-add').addEventListener('click', async () => {
    const paste = document.getElementById('import-paste');
    if (!paste.value.trim()) return;
    await importText(paste.value);
    paste.value = '';
  });
  document.getElementById('subscribe-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = document.getElementById('subscribe-url');
    try {
      const sub = await ask({ type: 'lists.subscribe', url: input.value });
      input.value = '';
      status(sub.error ? t('dashListError', subError(sub)) : t('dashSubscribed', sub.title || sub.url), { error: !!sub.error });
      await loadLists();
    } catch (err) { status(failed(err), { error: true }); }
  });
}
