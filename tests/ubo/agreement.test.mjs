// KeyVeil's list matching checked against uBlock Origin's own static network filtering engine
// (@gorhill/ubo-core, GPL-3.0, run offline as a reference only: none of its code is in KeyVeil).
// Both load the same lists, EasyPrivacy (tests/fixtures/lists/) and the built-in list, and decide
// a large request set generated deterministically from the hosts and paths the lists name:
// first- and third-party, every resource type, URLs that match and URLs that only look alike.
// They must agree on block, redirect (a `$redirect` answers with a neutral resource) or allow for
// AGREEMENT of the requests; every disagreement is printed with the filter each engine matched.
//
// Run by `./build.sh test` after the Wasm API tests (KEYVEIL_NODE_PKG: the Node build of the
// core, target/wasm-node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StaticNetFilteringEngine, pslInit } from '@gorhill/ubo-core';
import { requestSet } from './requests.mjs';
import { uboOutcome, tally } from './outcome.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const { Engine } = require(path.resolve(ROOT, process.env.KEYVEIL_NODE_PKG ?? 'target/wasm-node', 'keyveil.js'));

/** Share of requests on which both engines must decide alike. */
const AGREEMENT = 0.995;
/** Requests generated; the same ones on every run (seeded). */
const REQUESTS = 60000;

const EASYPRIVACY = readFileSync(path.join(ROOT, 'tests/fixtures/lists/easyprivacy.txt'), 'utf8');
const BUILTIN = readFileSync(path.join(ROOT, 'lists/keyveil.txt'), 'utf8');
/**
 * The Public Suffix List, for uBO's first-/third-party test: the copy in this package version
 * is a broken selfie (every host is its own site), so uBO gets the text Debian's `publicsuffix`
 * package installs (KEYVEIL_PSL to use another copy).
 */
const PSL = process.env.KEYVEIL_PSL ?? '/usr/share/publicsuffix/public_suffix_list.dat';

/**
 * The list without the lines KeyVeil rejects (each named with its reason on the Lists page):
 * the comparison is of how both engines match what both read. EasyPrivacy has three, one of
 * them `$ping,third-party`, a filter with no pattern, which uBO applies to every third-party
 * ping and KeyVeil refuses as too broad.
 */
function withoutRejected(kv, text) {
  const rejected = new Set(kv.listInfo(text).problems.filter((p) => p.fate === 'rejected').map((p) => p.line));
  return { text: text.split('\n').filter((_, i) => !rejected.has(i + 1)).join('\n'), rejected: rejected.size };
}

/**
 * KeyVeil's decision from a verdict: a list filter matched and no exception let it through
 * (`block`, or `redirect` when the verdict names a resource to answer with), else `allow`.
 */
function keyveilDecision(v) {
  const allowedBy = v.evidence.find((e) => e.startsWith('allowed by exception rule '));
  if (allowedBy) return { outcome: 'allow', filter: `${allowedBy.slice('allowed by exception rule '.length)} (exception)` };
  if (v.rule == null) return { outcome: 'allow', filter: null };
  return { outcome: v.redirect ? 'redirect' : 'block', filter: v.redirect ? `${v.rule} -> ${v.redirect}` : v.rule };
}

test(`KeyVeil and uBlock Origin decide at least ${AGREEMENT * 100}% of ${REQUESTS} requests alike`, async () => {
  let psl;
  try {
    psl = readFileSync(PSL, 'utf8');
  } catch (e) {
    assert.fail(`uBO needs the Public Suffix List at ${PSL} (Debian package publicsuffix, or set KEYVEIL_PSL): ${e.message}`);
  }
  const ubo = await StaticNetFilteringEngine.create({ noPSL: true });
  pslInit(psl);
  const kv = new Engine();
  kv.setExtraLists([EASYPRIVACY]);
  const lists = [BUILTIN, EASYPRIVACY].map((t) => withoutRejected(kv, t));
  console.log(`lines KeyVeil rejects, left out of uBO's copy too: ${lists.map((l) => l.rejected).join(' + ')}`);
  await ubo.useLists([{ name: 'keyveil', raw: lists[0].text }, { name: 'easyprivacy', raw: lists[1].text }]);

  const requests = requestSet([BUILTIN, EASYPRIVACY], REQUESTS);
  assert.equal(requests.length, REQUESTS);
  const t = tally();
  for (const r of requests) {
    const u = uboOutcome(ubo, { originURL: r.origin, url: r.url, type: r.type });
    const k = keyveilDecision(kv.classifyRequest({ url: r.url, type: r.type, initiator: r.origin }));
    t.add(k.outcome, u.outcome, `${r.type} ${r.url} from ${r.origin}: uBO ${u.outcome} (${u.filter ?? 'no filter'}), KeyVeil ${k.outcome} (${k.filter ?? 'no filter'})`);
  }
  const { agree, differ } = t;
  const blockedByBoth = t.both.block + t.both.redirect;
  const share = agree / requests.length;
  console.log(`uBO agreement: ${agree} of ${requests.length} requests (${(share * 100).toFixed(2)}%), ${t.both.block} blocked and ${t.both.redirect} redirected by both, ${differ.length} disagreements`);
  for (const d of differ) console.log(`  ${d}`);
  // Redirects are compared too: some requests are answered with a resource by both.
  assert.ok(t.both.redirect >= 50, `only ${t.both.redirect} requests redirected by both`);
  // A request set that blocks nothing (or everything) would agree trivially.
  assert.ok(blockedByBoth > requests.length / 5, `only ${blockedByBoth} requests blocked by both`);
  assert.ok(agree - blockedByBoth > requests.length / 5, `only ${agree - blockedByBoth} requests allowed by both`);
  assert.ok(share >= AGREEMENT, `agreement ${(share * 100).toFixed(2)}% < ${AGREEMENT * 100}%`);
});
