// Runs in: the background. Resolves what the page hook applies in one tab (the core's page
// policy plus that page's noise) and pushes it to every frame of the tab whenever a verdict
// or a setting changes.

import { ext } from '../lib/ext.js';
import { engine } from './engine.js';
import { getSettings } from './settings.js';
import { getTab, updateTab, siteOf } from './state.js';

/** Noise samples sent per push; the hook cycles through them. */
const SAMPLES = 256;
const noises = new Map(); // tabId -> { seed, noise }

function toBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}
/** Bytes from base64 (empty for text that is not base64: pages send some of it). */
export function fromBase64(text) {
  try { return Uint8Array.from(atob(text), (c) => c.charCodeAt(0)); } catch { return new Uint8Array(0); }
}

/** The tab's noise, seeded once per page load (the seed survives a worker restart). */
export async function noiseFor(tabId, tab) {
  const core = await engine();
  const known = noises.get(tabId);
  if (known && tab.noiseSeed === known.seed) return known.noise;
  let seed = tab.noiseSeed;
  if (!seed) {
    seed = toBase64(crypto.getRandomValues(new Uint8Array(32)));
    await updateTab(tabId, (t) => { t.noiseSeed ??= seed; });
    seed = (await getTab(tabId)).noiseSeed;
  }
  const noise = core.newNoise(fromBase64(seed));
  known?.noise.free?.();
  noises.set(tabId, { seed, noise });
  return noise;
}

/** What the hook in tab `tabId` needs now: `{policy, keys, cadence, pointer}`. */
export async function pagePayload(tabId) {
  const core = await engine();
  const tab = await getTab(tabId);
  if (!tab?.url) return null;
  // Every script with a verdict, benign ones too: the hook treats a script it finds no verdict
  // for as not yet judged (see the page policy's `pending`).
  const scripts = Object.entries(tab.scripts ?? {})
    .filter(([, v]) => v)
    .map(([url, v]) => ({ url, class: v.class, vendor: v.vendor ?? undefined }));
  const policy = core.policyFor(await getSettings(), siteOf(tab.url), scripts);
  const noise = await noiseFor(tabId, tab);
  return {
    policy,
    keys: noise.table(),
    cadence: noise.cadence(),
    // Hosts a typed value already went to on this page: the hook holds even their bodiless
    // requests (a pixel's GET) for the core's word.
    proven: [...new Set((tab.leaks ?? []).map((l) => l.to).filter(Boolean))],
    pointer: Array.from(noise.pointer(SAMPLES)),
  };
}

/** Sends the current payload to every frame of a tab. */
export async function pushPolicy(tabId) {
  const payload = await pagePayload(tabId);
  if (!payload) return;
  await ext.tabs.sendMessage(tabId, { type: 'policy', payload }).catch(() => {});
}

/** Pushes to every tab (after a settings change). */
export async function pushAll() {
  const tabs = await ext.tabs.query({});
  await Promise.all(tabs.filter((t) => /^https?:/.test(t.url ?? '')).map((t) => pushPolicy(t.id)));
}

/** Forgets a closed tab's noise. */
export function forgetNoise(tabId) {
  noises.get(tabId)?.noise.free?.();
  noises.delete(tabId);
}
