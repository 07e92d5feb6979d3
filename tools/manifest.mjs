// Derives one browser's manifest from the single manifest.json (as Ruffle's transformManifest
// does): node tools/manifest.mjs chrome|firefox IN OUT
import { readFileSync, writeFileSync } from 'node:fs';

const [browser, input, output] = process.argv.slice(2);
const m = JSON.parse(readFileSync(input, 'utf8'));

// The neutral resources a list's `$redirect=` answers a blocked request with (an empty script,
// a blank image; the core names them): DNR's `redirect.extensionPath` and Firefox's
// `redirectUrl` both need them web-accessible to every page.
m.web_accessible_resources = [{ resources: ['redirect/*'], matches: ['<all_urls>'] }];

if (browser === 'chrome') {
  // Chrome runs the background as a module service worker and knows no gecko settings.
  m.background = { service_worker: m.background.service_worker, type: 'module' };
  delete m.browser_specific_settings;
  // MV3 Chrome grants blocking webRequest only to policy-installed extensions; it blocks with DNR.
  // webRequestFilterResponse is Firefox's (reading a script's source as the page gets it).
  m.permissions = m.permissions.filter((p) => p !== 'webRequestBlocking' && p !== 'webRequestFilterResponse');
  // A page could probe the fixed chrome-extension:// URL of a resource to tell KeyVeil is
  // installed; Chrome then serves it only under a per-session URL (DNR redirects still reach it).
  for (const w of m.web_accessible_resources) w.use_dynamic_url = true;
} else if (browser === 'firefox') {
  // Firefox runs the background as an event page (scripts); keeping service_worker only warns.
  m.background = { scripts: m.background.scripts, type: 'module' };
  for (const cs of m.content_scripts) delete cs.match_origin_as_fallback; // unknown to Firefox 140
  // Firefox decides in its blocking webRequest listener, under the person's settings; a static
  // ruleset (Chrome's built-in list, rules/builtin.json) would block besides it, unsettable.
  delete m.declarative_net_request;
} else {
  console.error(`unknown browser ${browser}: expected chrome or firefox`);
  process.exit(2);
}
writeFileSync(output, `${JSON.stringify(m, null, 2)}\n`);
