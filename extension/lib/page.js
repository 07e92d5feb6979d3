// Runs in: extension pages (popup, dashboard, welcome). What every page needs to talk to the
// background and to draw: messages unwrapped, elements built from text, never from markup, and
// the page's own words filled in from _locales.

import { ext, t } from './ext.js';
import { fromAnswer } from './errors.js';

/** Sends a message to the background and unwraps `{result}` / `{error}`. */
export async function ask(message) {
  const answer = await ext.runtime.sendMessage(message);
  if (!answer || 'error' in answer) throw fromAnswer(answer);
  return answer.result;
}

/**
 * Builds an element. `text` sets textContent; every other prop is an attribute, except `on*`
 * functions (listeners); null, undefined and false props are left out. Children are nodes or
 * strings (as text).
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/**
 * Fills in the page's fixed words from _locales: `data-i18n` sets the text, `data-i18n-label`
 * the aria-label, `data-i18n-placeholder` the placeholder, `data-i18n-alt` the alt text; the
 * document's language follows the messages file the browser picked.
 */
export function localise(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  for (const node of root.querySelectorAll('[data-i18n-alt]')) node.setAttribute('alt', t(node.dataset.i18nAlt));
  document.documentElement.lang = ext.i18n.getMessage('pluralLocale') || 'en';
}
