// What Chrome enforces, checked against uBlock Origin: the DNR rules the extension installs for
// the built-in list and EasyPrivacy (the static ruleset the build writes, less the static rules
// the settings turn off, plus the dynamic rules) decided by a matcher written from Chrome's
// documentation (dnr-matcher.mjs), on the request set of agreement.test.mjs: block, redirect (to a
// packaged resource) or allow, each side's outcome (outcome.mjs).
//
// The settings block every class, so no filter is left to the page hook: the comparison is of
// matching, not of KeyVeil's choices per class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StaticNetFilteringEngine, pslInit } from '@gorhill/ubo-core';
import { requestSet } from './requests.mjs';
import { dnrMatcher, registrable } from './dnr-matcher.mjs';
import { uboOutcome, dnrOutcome, tally } from './outcome.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const { Engine } = require(path.resolve(ROOT, process.env.KEYVEIL_NODE_PKG ?? 'target/wasm-node', 'keyveil.js'));

/** Share of requests on which Chrome (by its documented rules) and uBO must decide alike. */
const AGREEMENT = 0.995;
/** Requests compared (each is matched against every rule: fewer than agreement.test.mjs). */
const REQUESTS = 20000;
const PSL = process.env.KEYVEIL_PSL ?? '/usr/share/publicsuffix/public_suffix_list.dat';
const EASYPRIVACY = readFileSync(path.join(ROOT, 'tests/fixtures/lists/easyprivacy.txt'), 'utf8');
const STATIC_RULES = path.resolve(ROOT, process.env.KEYVEIL_DIST ?? 'dist', 'chrome/rules/builtin.json');
const BUILTIN = readFileSync(path.join(ROOT, 'lists/keyveil.txt'), 'utf8');
const EVERY_CLASS_BLOCKS = {
  ...new Engine().settingsDefault(),
  classes: { 'session-replay': 'block', 'keystroke-telemetry': 'block', 'meta-pixel': 'block', 'ad-pixel': 'block' },
};

test(`Chrome's DNR rules and uBlock Origin decide at least ${AGREEMENT * 100}% of ${REQUESTS} requests alike`, async () => {
  const psl = readFileSync(PSL, 'utf8');
  const kv = new Engine();
  kv.setExtraLists([EASYPRIVACY]);
  const split = kv.compileDnrFor(EVERY_CLASS_BLOCKS);
  assert.equal(split.skipped.length, 0, JSON.stringify(split.skipped.slice(0, 3)));
  // The static ruleset Chrome loads, as the build wrote it (`keyveil list compile --dnr
  // --merge-hosts`; that the core compares the settings with the same rules is a Rust test,
  // tests/static_ruleset.rs).
  const statics = JSON.parse(readFileSync(STATIC_RULES, 'utf8'));
  assert.equal(statics.length, split.staticRules);
  const off = new Set(split.disableStaticRuleIds);
  const rules = [...statics.filter((r) => !off.has(r.id)), ...split.rules];
  const filters = split.covered + split.unsupported.length;
  console.log(`DNR: ${statics.length} static rules (${off.size} turned off), ${split.rules.length} dynamic rules for ${split.covered} filters; ${split.unsupported.length} filters left out`);
  assert.ok(split.covered >= filters * 0.99, `${split.covered} of ${filters} filters in rules`);

  const ubo = await StaticNetFilteringEngine.create({ noPSL: true });
  pslInit(psl);
  const strip = (text) => {
    const rejected = new Set(kv.listInfo(text).problems.filter((p) => p.fate === 'rejected').map((p) => p.line));
    return text.split('\n').filter((_, i) => !rejected.has(i + 1)).join('\n');
  };
  await ubo.useLists([{ name: 'keyveil', raw: strip(BUILTIN) }, { name: 'easyprivacy', raw: strip(EASYPRIVACY) }]);

  const chrome = dnrMatcher(rules, registrable(psl));
  const requests = requestSet([BUILTIN, EASYPRIVACY], REQUESTS);
  const t = tally();
  for (const r of requests) {
    const u = uboOutcome(ubo, { originURL: r.origin, url: r.url, type: r.type });
    const rule = chrome({ url: r.url, initiator: r.origin, type: r.type });
    const d = dnrOutcome(rule);
    const cond = rule ? JSON.stringify({ ...rule.condition, requestDomains: rule.condition.requestDomains ? `[${rule.condition.requestDomains.length} domains]` : undefined }) : 'no rule';
    t.add(d, u.outcome, `${r.type} ${r.url} from ${r.origin}: uBO ${u.outcome} (${u.filter ?? 'no filter'}), DNR ${d} (${rule ? `${rule.action.type} ${cond}` : cond})`);
  }
  const { agree, differ } = t;
  const blockedByBoth = t.both.block + t.both.redirect;
  const share = agree / requests.length;
  console.log(`DNR vs uBO agreement: ${agree} of ${requests.length} requests (${(share * 100).toFixed(2)}%), ${t.both.block} blocked and ${t.both.redirect} redirected by both, ${differ.length} disagreements`);
  for (const d of differ) console.log(`  ${d}`);
  assert.ok(t.both.redirect >= 20, `only ${t.both.redirect} requests redirected by both`);
  assert.ok(blockedByBoth > requests.length / 5, `only ${blockedByBoth} requests blocked by both`);
  assert.ok(agree - blockedByBoth > requests.length / 5, `only ${agree - blockedByBoth} requests allowed by both`);
  assert.ok(share >= AGREEMENT, `agreement ${(share * 100).toFixed(2)}% < ${AGREEMENT * 100}%`);
});
