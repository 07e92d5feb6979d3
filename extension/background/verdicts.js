// Runs in: the background. The core's verdicts on page scripts, by URL: first the list rules
// on the script's URL, then, for a script the lists do not know, its source. Cached in
// memory and in `storage.local` so a woken worker does not classify twice.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';

/** Most verdicts kept in storage; the oldest go first. */
const MAX_CACHED = 2000;
const memory = new Map();
const inflight = new Map();

async function loadCache() {
  if (memory.size) return;
  const { scriptVerdicts } = await ext.storage.local.get('scriptVerdicts');
  for (const [url, v] of Object.entries(scriptVerdicts ?? {})) memory.set(url, v);
}

async function saveCache() {
  const entries = [...memory.entries()].slice(-MAX_CACHED);
  await ext.storage.local.set({ scriptVerdicts: Object.fromEntries(entries) });
}

async function classify(url, pageUrl) {
  const core = await engine();
  const byList = core.classifyRequest({ url, type: 'script', initiator: pageUrl });
  if (byList.class !== 'none') {
    return { class: byList.class, vendor: byList.vendor ?? null, foundBy: 'list-rule', evidence: byList.evidence, firstParty: byList.first_party };
  }
  // The page already loaded this script; asking for it again is answered from the cache where
  // the browser can, and carries no cookies.
  const res = await fetch(url, { cache: 'force-cache', credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const v = core.classifyScript(url, await res.text());
  return { class: v.class, vendor: v.vendor ?? null, foundBy: 'script-behaviour', evidence: v.evidence, score: v.score, firstParty: byList.first_party };
}

/**
 * The verdict on the script at `url` (loaded by `pageUrl`), or null for inline code and
 * scripts that cannot be fetched.
 */
export async function scriptVerdict(url, pageUrl) {
  if (!/^https?:/.test(url ?? '') || url.split('#')[0] === pageUrl?.split('#')[0]) return null;
  await loadCache();
  if (memory.has(url)) return memory.get(url);
  if (!inflight.has(url)) {
    inflight.set(url, classify(url, pageUrl).then(async (v) => {
      memory.set(url, v);
      await saveCache();
      return v;
    }).catch((e) => ({ class: 'none', vendor: null, error: String(e?.message ?? e) }))
      .finally(() => inflight.delete(url)));
  }
  return inflight.get(url);
}
