// Build step: asks the core (the Wasm just built) for the page hook's boot policy and writes
// it into the built hook, in place of its `/*@BOOT*/null` marker, so that the hook knows which
// events are input, and holds them for a not-yet-judged recorder, before the background's
// first answer arrives. Usage: node tools/boot-policy.mjs WASM_DIR HOOK_JS
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [wasmDir, hookPath] = process.argv.slice(2);
if (!wasmDir || !hookPath) {
  console.error('usage: node tools/boot-policy.mjs WASM_DIR HOOK_JS');
  process.exit(2);
}
const glue = await import(pathToFileURL(resolve(wasmDir, 'keyveil.js')).href);
glue.initSync({ module: readFileSync(join(wasmDir, 'keyveil_bg.wasm')) });
const boot = new glue.Engine().bootPolicy();
const hook = readFileSync(hookPath, 'utf8');
const marker = '/*@BOOT*/null';
if (hook.split(marker).length !== 2) {
  console.error(`tools/boot-policy.mjs: ${hookPath} must hold the marker ${marker} exactly once`);
  process.exit(1);
}
writeFileSync(hookPath, hook.replace(marker, JSON.stringify(boot)));
