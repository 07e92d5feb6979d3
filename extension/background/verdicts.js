// Runs in: the background. The core's verdicts on page scripts: first the list rules on the
// script's URL, then, for a script the lists do not know, its source. Verdicts on sources are
// kept by content hash (SHA-256 of the source: the same library from another URL or CDN is not
// classified twice, and a changed file at the same URL is classified again) in memory and in
// `storage.local`, and by URL for the rest of this wake, so a woken worker does not refetch.
// The source comes from the response the page received where the browser allows it (Firefox,
// sources.js), else from a second fetch.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { copiedSource } from './sources.js';

/** Most verdicts kept in storage; the oldest go first. */
const MAX_CACHED = 2000;
const memory = new Map();
const inflight = new Map();

/** Verdicts on sources by SHA-256 hex (kept in storage); `memory` is by URL, this wake only. */
const byHash = new Map();
let hashesLoaded = false;

async function loadCache() {
  if (hashesLoaded) return;
  hashesLoaded = true;
  const { scriptVerdictsByHash } = await ext.storage.local.get('scriptVerdictsByHash');
  for (const [hash, v] of Object.entries(scriptVerdictsByHash ?? {})) byHash.set(hash, v);
}

let saveTimer = null;
/** Writes the cache a moment after the last new verdict: a page with 300 new scripts is one write. */
function saveCache() {
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    const entries = [...byHash.entries()].slice(-MAX_CACHED);
    ext.storage.local.set({ scriptVerdictsByHash: Object.fromEntries(entries) }).catch((e) => console.error('KeyVeil: verdict cache', e));
  }, 1000);
}

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The script at `url`, asked for again. The page already loaded it: the browser answers from
 * its cache where it can, and the request carries no cookies.
 */
async function fetchSource(url) {
  const res = await fetch(url, { cache: 'force-cache', credentials: 'omit' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

async function classify(url, pageUrl) {
  const core = await engine();
  const byList = core.classifyRequest({ url, type: 'script', initiator: pageUrl });
  if (byList.class !== 'none') {
    return { class: byList.class, vendor: byList.vendor ?? null, foundBy: 'list-rule', evidence: byList.evidence, firstParty: byList.first_party };
  }
  const source = (await copiedSource(url)) ?? await fetchSource(url);
  const hash = await sha256Hex(source);
  let v = byHash.get(hash);
  if (!v) {
    const c = core.classifyScript(url, source);
    v = { class: c.class, vendor: c.vendor ?? null, foundBy: 'script-behaviour', evidence: c.evidence, score: c.score, hash };
    byHash.set(hash, v);
    saveCache();
  }
  // First party or not depends on the page, not on the source.
  return { ...v, firstParty: byList.first_party };
}

/**
 * A script named a recorder by what it sent (sends.js): the verdict replaces the one on its
 * source, by URL for this wake and by content hash in storage, so the next page that loads the
 * same code starts with it (its first batch is not needed again to know it).
 */
export function rememberConviction(url, verdict) {
  const before = memory.get(url);
  const v = { ...verdict, hash: before?.hash };
  memory.set(url, { ...v, firstParty: before?.firstParty });
  if (typeof before?.hash === 'string') {
    byHash.set(before.hash, v);
    saveCache();
  }
}

/** True when this wake already has (or is reaching) a verdict on the script at `url`. */
export function knownScript(url) {
  return memory.has(url) || inflight.has(url);
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
    inflight.set(url, classify(url, pageUrl).then((v) => {
      memory.set(url, v);
      return v;
    }).catch((e) => ({ class: 'none', vendor: null, error: String(e?.message ?? e) }))
      .finally(() => inflight.delete(url)));
  }
  return inflight.get(url);
}
