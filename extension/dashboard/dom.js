// Runs in: the dashboard (an extension page). Small helpers shared by its views: messages to
// the background, elements built from text (never markup), downloads, dates and class names.

import { t } from '../lib/ext.js';
import { ask, el, localise } from '../lib/page.js';
import { explain, explainProblem } from '../lib/errors.js';

export { explain, explainProblem };

export { t, localise };

// Messages and elements: the same helpers as the popup's (lib/page.js).
export { ask, el };

/** The status line for a failed request: what failed, in the person's words. */
export const failed = (e) => t('dashError', explain(e));

/** Sets the status line (announced to screen readers). */
export function status(text, { error = false } = {}) {
  const node = document.getElementById('status');
  node.textContent = text;
  node.classList.toggle('error', error);
}

/** Saves `text` as a file the person downloads. */
export function download(text, filename, mime) {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Reads the file chosen in an `<input type=file>`, or null. */
export async function readFile(input) {
  const file = input.files?.[0];
  input.value = '';
  return file ? file.text() : null;
}

/** Copies text to the clipboard; falls back to a selected textarea where the API is refused. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el('textarea', { class: 'sr-only', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** A Unix-ms time for people; the machine value goes in a `<time datetime>`. */
export function timeEl(ms) {
  if (!Number.isFinite(ms)) return el('span', { text: '—' });
  const d = new Date(ms);
  return el('time', { datetime: d.toISOString(), text: dateFormat.format(d) });
}

// Class and input names: one table with the popup (lib/labels.js).
export { className, inputName, tn } from '../lib/labels.js';

const ACTION_MESSAGE = { block: 'dashActionBlock', fuzz: 'dashActionFuzz', allow: 'dashActionAllow' };
/** The localised name of an action. */
export const actionName = (a) => t(ACTION_MESSAGE[a] ?? a);
export const ACTIONS = Object.keys(ACTION_MESSAGE);

/** Shows a modal question; resolves true when the person confirms. */
export function confirmDialog(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    const done = (v) => () => {
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      dialog.removeEventListener('cancel', onNo);
      dialog.close();
      resolve(v);
    };
    const yes = document.getElementById('confirm-yes');
    const no = document.getElementById('confirm-no');
    const onYes = done(true);
    const onNo = done(false);
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
    dialog.addEventListener('cancel', onNo);
    dialog.showModal();
    no.focus();
  });
}
