// Runs in: the background (Chrome's module service worker, Firefox's event page). Wires
// browser events to the Rust core. Every listener is registered synchronously here, at the
// top level, so a woken worker sees the event that woke it; handlers await the core.

import { ext, isFirefox } from './lib/ext.js';
// First among the imports after the shim: evaluating it starts the core (see engine.js).
import './background/engine.js';
import * as messages from './background/messages.js';
import * as requests from './background/requests.js';
import { forgetTab } from './background/state.js';
import { forgetNoise } from './background/policy.js';
import { forgetValues } from './background/leaks.js';
import { syncRules } from './background/dnr.js';
import { onSettingsChanged } from './background/settings.js';
import './background/dashboard.js';
import './background/sends.js';
// The popup's view, the badge and broken-site records register their message types on import.
import './background/tabview.js';

messages.listen();
requests.listen();

// Scripts without a recorder's shape are classified once their page has loaded (messages.js).
ext.tabs.onUpdated.addListener((tabId, info) => {
  if (info.status === 'complete') messages.pageLoaded(tabId).catch((e) => console.error('KeyVeil: scripts', e));
});

ext.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId);
  forgetNoise(tabId);
  forgetValues(tabId);
});

if (!isFirefox) {
  // Dynamic rules persist across restarts; they are rebuilt when KeyVeil is installed or
  // updated (the built-in list may have changed) and whenever the settings change.
  ext.runtime.onInstalled.addListener(() => { syncRules(); });
  onSettingsChanged(() => syncRules());
}
