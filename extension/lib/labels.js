// Runs in: extension pages (popup, dashboard). The localised names of the core's classes and
// kinds of input, one table for every page, so the popup and the dashboard call them alike.

import { t } from './ext.js';

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
