// Runs in: extension pages (popup, dashboard, welcome). The localised names of the core's
// classes and kinds of input, one table for every page, and counted messages with the plural
// form of the language the messages came from.

import { ext, t } from './ext.js';

const CLASS_MESSAGE = {
  'session-replay': 'classSessionReplay',
  'keystroke-telemetry': 'classKeystrokeTelemetry',
  'meta-pixel': 'classMetaPixel',
  'ad-pixel': 'classAdPixel',
  none: 'classNone',
};
const INPUT_MESSAGE = {
  keys: 'inputKeys',
  'key-timing': 'inputKeyTiming',
  pointer: 'inputPointer',
  scroll: 'inputScroll',
  'form-values': 'inputFormValues',
  identity: 'inputIdentity',
};

/** The localised name of a class (`none` for an unknown one). */
export const className = (c) => t(CLASS_MESSAGE[c] ?? 'classNone');
/** The localised name of a kind of input (an unknown kind shown as it is). */
export const inputName = (k) => (INPUT_MESSAGE[k] ? t(INPUT_MESSAGE[k]) : k);

// The plural rules of the messages file the browser picked (its `pluralLocale` message), not of
// the browser's own language: a Spanish browser reads the English file and needs English rules.
let rules = null;
let numbers = null;
function plural() {
  if (!rules) {
    const locale = ext.i18n.getMessage('pluralLocale') || 'en';
    rules = new Intl.PluralRules(locale);
    numbers = new Intl.NumberFormat(locale);
  }
  return { rules, numbers };
}

/**
 * A counted message: `key_one`, `key_other` (or whichever form the language's plural rules
 * pick for `n`) with `n` as its first placeholder, written as that language writes numbers.
 * A form the messages lack falls back to `key_other`.
 */
export function tn(key, n, ...subs) {
  const { rules: r, numbers: f } = plural();
  const args = [f.format(n), ...subs].map(String);
  return ext.i18n.getMessage(`${key}_${r.select(n)}`, args) || ext.i18n.getMessage(`${key}_other`, args) || key;
}
