// Runs in: the background. The core's verdicts on page scripts (`Engine.scriptRecord`: first
// the list rules on the script's URL, then, for a script the lists do not know, its source;
// first party decided per page). This file fetches, hashes and caches what the core reads:
// scans of sources by content hash (SHA-256 of the source: the same library from another URL
// or CDN is not classified twice, and a changed file at the same URL is classified again) in
// memory and in `storage.local`, and the core's inputs by URL for the rest of this wake, so a
// woken worker does not refetch.
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

/**
 * What the core needs to judge the script at `url`, whatever page loads it: the list verdict on
 * its URL and, when no rule named it, the scan of its source (kept by content hash).
 */
async function inputsFor(url, pageUrl) {
  const core = await engine();
  const list = core.classifyRequest({ url, type: 'script', initiator: pageUrl });
  if (core.scriptRecord(url, pageUrl, list, null)) return { list, scan: null };
  const source = (await copiedSource(url)) ?? await fetchSource(url);
  const hash = await sha256Hex(source);
  let scan = byHash.get(hash);
  if (!scan) {
    const c = core.classifyScript(url, source);
    scan = { class: c.class, vendor: c.vendor ?? null, foundBy: 'script-behaviour', evidence: c.evidence, score: c.score, hash };
    byHash.set(hash, scan);
    saveCache();
  }
  return { list, scan };
}

/** The record the core makes of those inputs for a page (first party is the page's question). */
async function recordFor(url, pageUrl, inputs) {
  const core = await engine();
  const r = core.scriptRecord(url, pageUrl ?? '', inputs.list, inputs.scan);
  return inputs.scan?.hash ? { ...r, hash: inputs.scan.hash } : r;
}

/**
 * A script named a recorder by what it sent (sends.js): the verdict replaces the one on its
 * source, by URL for this wake and by content hash in storage, so the next page that loads the
 * same code starts with it (its first batch is not needed again to know it).
 */
export function rememberConviction(url, verdict) {
  const before = memory.get(url);
  const hash = before?.scan?.hash;
  const scan = { class: verdict.class, vendor: verdict.vendor ?? null, foundBy: 'script-behaviour', evidence: verdict.evidence ?? [], hash };
  // By URL for this wake, whatever the lists said (the script was seen sending what it heard).
  memory.set(url, { list: { class: 'none', vendor: null, evidence: [] }, scan });
  if (typeof hash === 'string') {
    byHash.set(hash, scan);
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
  if (memory.has(url)) return recordFor(url, pageUrl, memory.get(url));
  if (!inflight.has(url)) {
    inflight.set(url, inputsFor(url, pageUrl).then((inputs) => {
      memory.set(url, inputs);
      return inputs;
    }).finally(() => inflight.delete(url)));
  }
  try {
    return await recordFor(url, pageUrl, await inflight.get(url));
  } catch (e) {
    return { class: 'none', vendor: null, error: String(e?.message ?? e) };
  }
}
