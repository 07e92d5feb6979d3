//! Errors that cross from the background to a page as a message code and its parameters, so the page says them in the person's language.
// (Runs in: the background and extension pages.) A background module throws `coded(code,
// ...params)`; the message dispatcher passes `code` and `params` beside its English text; the
// page's `explain()` looks the code up in _locales. A parameter that is itself a text from the
// core or the browser (English only) is shown as it is, inside the localised sentence.

import { t } from './ext.js';

/** An error with a `_locales` message key and its parameters (strings). */
export function coded(code, ...params) {
  const e = new Error(`${code}${params.length ? `: ${params.join('; ')}` : ''}`);
  e.code = code;
  e.params = params.map(String);
  return e;
}

/** The error a page gets from an answer `{error, code?, params?}`. */
export function fromAnswer(answer) {
  const e = new Error(answer?.error ?? t('errorNoAnswer'));
  if (typeof answer?.code === 'string') {
    e.code = answer.code;
    e.params = Array.isArray(answer.params) ? answer.params.map(String) : [];
  }
  return e;
}

/** What went wrong, in the person's language where the code is known, else as it was said. */
export function explain(e) {
  if (typeof e?.code === 'string' && /^err[A-Z]\w*$/.test(e.code)) {
    const text = t(e.code, ...(e.params ?? []));
    if (text !== e.code) return text;
  }
  return String(e?.message ?? e);
}

/** A stored problem `{code, params}` or `{reason}` (older records) as the person reads it. */
export const explainProblem = (p) => (p?.code ? explain(p) : String(p?.reason ?? ''));
