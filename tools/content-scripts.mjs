// Build step: the two content scripts, each made of files of one concern, joined into the one
// classic script the manifest names (a content script cannot import modules at
// document_start, and the hook must run as one closure that captured the page's built-ins
// before any page script ran). channel.js, the names the hook and the bridge share, goes into
// both. Usage: node tools/content-scripts.mjs SRC_CONTENT_DIR OUT_CONTENT_DIR
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Each built script: its header comment, then its parts in order inside one strict closure. */
export const SCRIPTS = {
  'hook.js': {
    head: 'hook/head.js',
    parts: ['channel.js', 'hook/intrinsics.js', 'hook/policy.js', 'hook/attribution.js', 'hook/reports.js',
      'hook/fuzzing.js', 'hook/listeners.js', 'hook/sinks.js', 'hook/connect.js'],
  },
  'bridge.js': { head: 'bridge/head.js', parts: ['channel.js', 'bridge/bridge.js'] },
};

export function join_(src, script) {
  const { head, parts } = SCRIPTS[script];
  let out = readFileSync(join(src, head), 'utf8') + "(() => {\n  'use strict';\n";
  for (const p of parts) out += `  // ---- ${p} ----\n` + readFileSync(join(src, p), 'utf8');
  return out + '})();\n';
}

const [src, out] = process.argv.slice(2);
if (src && out) {
  for (const name of Object.keys(SCRIPTS)) writeFileSync(join(out, name), join_(src, name));
  // The parts are built in: no second copy ships.
  for (const dir of ['hook', 'bridge']) rmSync(join(out, dir), { recursive: true, force: true });
  rmSync(join(out, 'channel.js'), { force: true });
} else if (process.argv[1]?.endsWith('content-scripts.mjs')) {
  console.error('usage: node tools/content-scripts.mjs SRC_CONTENT_DIR OUT_CONTENT_DIR');
  process.exit(2);
}
