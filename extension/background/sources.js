// Runs in: the background, Firefox only. A page script's source as the page received it, read
// from the response itself (webRequest.filterResponseData) while it streams to the page, so
// the script classifier need not ask the server a second time. Chrome has no such API: there
// verdicts.js fetches the script again (from the HTTP cache where it can).
//
// Every byte is passed on to the page as it arrives, unchanged; only a copy is kept, in
// memory, briefly, for the few scripts whose verdict is asked for.

import { ext, isFirefox } from '../lib/ext.js';

/** Sources larger than this are passed through uncopied; the classifier fetches those. */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;
/**
 * Copies kept, in all, and for how long: a script's listeners are reported within a second of
 * its running, but a heavy page downloads hundreds of scripts before the first report lands.
 */
const MAX_KEPT = 1024;
const MAX_KEPT_BYTES = 32 * 1024 * 1024;
const KEPT_MS = 60 * 1000;
/** How long a verdict waits for a response still streaming before it fetches instead. */
const WAIT_MS = 5000;

const kept = new Map(); // url -> { source: Promise<string|null>, bytes, at }
let keptBytes = 0;

const canFilter = isFirefox && typeof ext.webRequest?.filterResponseData === 'function';

function forget(url) {
  const k = kept.get(url);
  if (!k) return;
  keptBytes -= k.bytes;
  kept.delete(url);
}

function prune() {
  const now = Date.now();
  for (const [url, k] of kept) {
    if (kept.size <= MAX_KEPT && keptBytes <= MAX_KEPT_BYTES && now - k.at <= KEPT_MS) break;
    forget(url); // oldest first: a Map iterates in insertion order
  }
}

/**
 * Starts copying the response of a script request (Firefox). Called from onBeforeRequest,
 * where the filter must be attached, for script requests only; does nothing elsewhere or for
 * a URL already copied.
 */
export function captureScript(details) {
  if (!canFilter || kept.has(details.url)) return;
  let filter;
  try { filter = ext.webRequest.filterResponseData(details.requestId); } catch { return; }
  const entry = { source: null, bytes: 0, at: Date.now() };
  entry.source = new Promise((resolve) => {
    // As fetch().text() reads it: UTF-8, invalid bytes replaced; decoded as it streams.
    const decoder = new TextDecoder('utf-8');
    let text = '';
    let size = 0;
    let copying = true;
    filter.ondata = (event) => {
      filter.write(event.data); // the page's copy first, untouched
      if (!copying) return;
      size += event.data.byteLength;
      if (size > MAX_SOURCE_BYTES) {
        copying = false;
        text = '';
        filter.disconnect(); // the rest goes to the page directly
        resolve(null);
        return;
      }
      text += decoder.decode(event.data, { stream: true });
    };
    filter.onstop = () => {
      filter.close();
      if (!copying) return;
      entry.bytes = size;
      keptBytes += size;
      prune();
      resolve(text + decoder.decode());
    };
    filter.onerror = () => { forget(details.url); resolve(null); };
  });
  kept.set(details.url, entry);
  prune();
}

/**
 * The copied source of the script at `url`, once its response has ended; null when none was
 * copied (Chrome, too large, failed, or too long ago). The copy is handed over once.
 */
export async function copiedSource(url) {
  const k = kept.get(url);
  if (!k) return null;
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve(null), WAIT_MS); });
  const source = await Promise.race([k.source, late]);
  clearTimeout(timer);
  forget(url);
  return source;
}
