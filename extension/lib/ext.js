// Runs in: the background (module) and extension pages. The one shim for the browser API:
// every other module imports `ext` from here instead of touching `chrome`/`browser` itself.

/** The WebExtension API object: Firefox's promise-based `browser`, else Chrome's `chrome`. */
export const ext = globalThis.browser ?? globalThis.chrome;

/** True in Firefox, probed by a Firefox-only API rather than by user agent. */
export const isFirefox = typeof ext?.runtime?.getBrowserInfo === 'function';

/** The extension's own origin, e.g. `chrome-extension://<id>`. */
export const extensionOrigin = new URL(ext.runtime.getURL('/')).origin;

/** Looks up a localised message; falls back to the key so a missing message is visible. */
export function t(key, ...subs) {
  return ext.i18n.getMessage(key, subs.map(String)) || key;
}
