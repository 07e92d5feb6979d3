// Runs in: the background. The message catalogue: every message type, who may send it, and
// its handler. Content scripts (which speak for a hostile page) may send only the `page` tier;
// everything else must come from one of the extension's own pages.

import { ext, extensionOrigin } from '../lib/ext.js';
import { engine, wakeMillis } from './engine.js';
import { getTab, updateTab } from './state.js';

/** How many observations one page message may carry; more are counted and dropped. */
const MAX_BATCH = 64;
const EVENT_NAMES = new Set([
  'keydown', 'keyup', 'keypress', 'input', 'change', 'paste', 'beforeinput',
  'mousemove', 'mousedown', 'mouseup', 'pointermove', 'pointerdown', 'pointerup',
  'click', 'scroll', 'wheel', 'touchstart', 'touchmove', 'selectionchange', 'focus', 'blur',
]);

/** True when the message comes from a page of this extension (popup, dashboard). */
function fromExtensionPage(sender) {
  if (sender.id !== ext.runtime.id) return false;
  const url = sender.origin ?? sender.url ?? '';
  try { return new URL(url).origin === extensionOrigin; } catch { return false; }
}

/** True when the message comes from our content script in a tab. */
function fromContentScript(sender) {
  return sender.id === ext.runtime.id && !!sender.tab && !fromExtensionPage(sender);
}

/** Keeps only well-formed listener observations; the page may have forged any of them. */
function cleanObservation(o) {
  if (!o || typeof o !== 'object' || o.kind !== 'listener') return null;
  if (typeof o.event !== 'string' || !EVENT_NAMES.has(o.event)) return null;
  const target = ['window', 'document', 'element'].includes(o.target) ? o.target : 'element';
  const script = typeof o.script === 'string' ? o.script.slice(0, 2048) : '';
  return { kind: 'listener', event: o.event, target, capture: o.capture === true, script };
}

const handlers = {
  // --- page tier: from the content script bridge, i.e. from a page we do not trust ---
  'page.observe': {
    tier: 'page',
    async handle(msg, sender) {
      const batch = Array.isArray(msg.observations) ? msg.observations : [];
      const clean = batch.slice(0, MAX_BATCH).map(cleanObservation).filter(Boolean);
      const rejected = batch.length - clean.length;
      await updateTab(sender.tab.id, (tab) => {
        tab.rejectedObservations = (tab.rejectedObservations ?? 0) + rejected;
        for (const o of clean) {
          const frame = sender.frameId ?? 0;
          tab.listeners.push({ ...o, frame, at: Date.now() });
        }
        if (tab.listeners.length > 1000) tab.listeners.splice(0, tab.listeners.length - 1000);
      });
      return { accepted: clean.length };
    },
  },
  // --- extension tier: only the extension's own pages ---
  'engine.version': {
    tier: 'extension',
    async handle() {
      const core = await engine();
      return { version: core.version(), wakeMillis };
    },
  },
  'engine.classifyRequest': {
    tier: 'extension',
    async handle(msg) {
      const core = await engine();
      return core.classifyRequest(msg.request);
    },
  },
  'report.tab': {
    tier: 'extension',
    async handle(msg) {
      if (!Number.isInteger(msg.tabId)) throw new Error('tabId must be an integer');
      return getTab(msg.tabId);
    },
  },
};

/**
 * Routes one runtime message through the catalogue. Unknown types and senders outside a
 * type's tier get an error value, never a handler.
 */
export function dispatch(msg, sender) {
  const h = msg && typeof msg.type === 'string' && Object.hasOwn(handlers, msg.type) ? handlers[msg.type] : null;
  if (!h) return Promise.resolve({ error: 'unknown message type' });
  const allowed = h.tier === 'page' ? fromContentScript(sender) : fromExtensionPage(sender);
  if (!allowed) return Promise.resolve({ error: 'not allowed from this sender' });
  return h.handle(msg, sender).then(
    (result) => ({ result }),
    (e) => ({ error: String(e?.message ?? e) }),
  );
}

/** Registers the dispatcher; called synchronously at the top level of the background. */
export function listen() {
  ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    dispatch(msg, sender).then(sendResponse);
    return true; // keeps the channel open for the asynchronous answer (Chrome and Firefox)
  });
}
