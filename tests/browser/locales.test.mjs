// The pages' words, checked without a browser: every locale has every English message with the
// same placeholders and the plural forms its language needs, no message is empty, every key the
// pages use exists, and no English is left in the pages' HTML or JavaScript outside _locales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const EXT = join(ROOT, 'extension');
const LOCALES = join(EXT, '_locales');
/** The pages a person reads, and the shared modules that put words on them. */
const PAGE_DIRS = ['popup', 'dashboard', 'welcome'];
const SHARED_JS = ['lib/labels.js', 'lib/page.js'];

const load = (locale) => JSON.parse(readFileSync(join(LOCALES, locale, 'messages.json'), 'utf8'));
const locales = () => readdirSync(LOCALES).sort();
const filesOf = (ext) => PAGE_DIRS.flatMap((d) => readdirSync(join(EXT, d)).filter((f) => f.endsWith(ext)).map((f) => `${d}/${f}`));
const read = (rel) => readFileSync(join(EXT, rel), 'utf8');

/** The `$NAME$` references of a message, upper-cased and sorted. */
const refs = (message) => [...new Set([...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toUpperCase()))].sort();
/** A message's declared placeholders as `NAME=$n`, sorted. */
const declared = (entry) => Object.entries(entry.placeholders ?? {}).map(([k, v]) => `${k.toUpperCase()}=${v.content}`).sort();

// ---- checks, as functions of data, so a test can also show each one catching a bad input ----

/** Problems of one locale against English. */
export function compareLocale(en, other, locale) {
  const problems = [];
  for (const key of Object.keys(en)) {
    if (!(key in other)) { problems.push(`${locale}: ${key} missing`); continue; }
    if (JSON.stringify(declared(en[key])) !== JSON.stringify(declared(other[key]))) problems.push(`${locale}: ${key} placeholders differ`);
  }
  for (const key of Object.keys(other)) if (!(key in en)) problems.push(`${locale}: ${key} is not an English message`);
  for (const [key, entry] of Object.entries(other)) {
    if (typeof entry.message !== 'string' || !entry.message.trim()) { problems.push(`${locale}: ${key} is empty`); continue; }
    const names = declared(entry).map((d) => d.split('=')[0]);
    for (const r of refs(entry.message)) if (!names.includes(r)) problems.push(`${locale}: ${key} uses $${r}$, which it does not declare`);
    for (const n of names) if (!refs(entry.message).includes(n)) problems.push(`${locale}: ${key} declares $${n}$ but never shows it`);
  }
  if (other.pluralLocale?.message !== locale) problems.push(`${locale}: pluralLocale is ${other.pluralLocale?.message}, not ${locale}`);
  // Every form the language's plural rules pick for a count up to 1000 must be there.
  const rules = new Intl.PluralRules(locale);
  const forms = new Set(Array.from({ length: 1001 }, (_, n) => rules.select(n)));
  for (const base of new Set(Object.keys(en).filter((k) => k.endsWith('_other')).map((k) => k.slice(0, -'_other'.length)))) {
    for (const form of forms) if (!(`${base}_${form}` in other)) problems.push(`${locale}: ${base}_${form} missing (plural)`);
  }
  return problems;
}

/** Text of an HTML page that a person sees but that no `data-i18n` attribute fills in. */
export function literalHtml(html) {
  const problems = [];
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '');
  const open = []; // the stack of open tags, each with its attributes
  for (const [token] of body.matchAll(/<[^>]+>|[^<]+/g)) {
    if (token.startsWith('</')) { open.pop(); continue; }
    if (token.startsWith('<!')) continue;
    if (token.startsWith('<')) {
      for (const [, attr, value] of token.matchAll(/\s(alt|placeholder|title|aria-label)="([^"]*)"/gi)) {
        if (/\p{L}/u.test(value)) problems.push(`${attr}="${value}" is not from _locales (use data-i18n-${attr === 'aria-label' ? 'label' : attr})`);
      }
      const voidTag = /^<(meta|link|img|input|br|hr|source)\b/i.test(token) || token.endsWith('/>');
      if (!voidTag) open.push(token);
      continue;
    }
    if (/\p{L}/u.test(token) && !/\sdata-i18n="/.test(open.at(-1) ?? '')) problems.push(`text "${token.trim()}" has no data-i18n`);
  }
  return problems;
}

/** String literals in page JavaScript that read as words for a person rather than code. */
export function literalJs(source) {
  const problems = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');
  for (const m of code.matchAll(/(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g)) {
    const text = m[2];
    const before = code.slice(Math.max(0, m.index - 20), m.index);
    // Class lists and import paths hold words too, but no one reads them.
    if (/(class|className)\s*[:=]\s*$/.test(before) || /\bfrom\s*$|import\s*$/.test(before)) continue;
    // Two words in a row, one of them capitalised or the two with a space: a phrase.
    if (/\p{L}{2,}[ ]+\p{L}{2,}/u.test(text.replace(/\$\{[^}]*\}/g, ''))) problems.push(`"${text}"`);
  }
  return problems;
}

/** Message keys the pages name literally: data-i18n* attributes and t('…') / tn('…') calls. */
function usedKeys() {
  const keys = new Set();
  for (const f of filesOf('.html')) for (const m of read(f).matchAll(/data-i18n(?:-[a-z]+)?="([^"]+)"/g)) keys.add(m[1]);
  for (const f of [...filesOf('.js'), ...SHARED_JS]) {
    const src = read(f);
    for (const m of src.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]);
    for (const m of src.matchAll(/\btn\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(`${m[1]}_other`);
    // The tables of message names (CLASS_MESSAGE, FOUND_MESSAGE, ...): `'x': 'messageKey'`.
    for (const m of src.matchAll(/:\s*'([a-z]+[A-Z][A-Za-z0-9]+)'/g)) keys.add(m[1]);
  }
  return keys;
}

// ---- the tests ----

test('there are English, German and French messages', () => {
  assert.deepEqual(locales(), ['de', 'en', 'fr']);
});

test('every locale has every English message, the same placeholders, its plural forms, none empty', () => {
  const en = load('en');
  assert.deepEqual(compareLocale(en, en, 'en'), []);
  for (const locale of locales().filter((l) => l !== 'en')) assert.deepEqual(compareLocale(en, load(locale), locale), []);
});

test('the locale check catches a missing message, other placeholders, an empty one, a missing plural form', () => {
  const en = { pluralLocale: { message: 'en' }, a: { message: 'A $X$', placeholders: { x: { content: '$1' } } }, n_one: { message: '1' }, n_other: { message: 'n' } };
  const good = structuredClone(en);
  good.pluralLocale.message = 'fr';
  assert.deepEqual(compareLocale(en, good, 'fr'), []);
  const missing = structuredClone(good);
  delete missing.a;
  assert.match(compareLocale(en, missing, 'fr').join(), /a missing/);
  const moved = structuredClone(good);
  moved.a.placeholders.x.content = '$2';
  assert.match(compareLocale(en, moved, 'fr').join(), /placeholders differ/);
  const unused = structuredClone(good);
  unused.a.message = 'A';
  assert.match(compareLocale(en, unused, 'fr').join(), /never shows it/);
  const empty = structuredClone(good);
  empty.a.message = ' ';
  assert.match(compareLocale(en, empty, 'fr').join(), /a is empty/);
  const noOne = structuredClone(good);
  delete noOne.n_one;
  assert.match(compareLocale(en, noOne, 'fr').join(), /n_one missing/);
  // Polish needs "few" and "many": an English-shaped pair is not enough.
  const pl = structuredClone(good);
  pl.pluralLocale.message = 'pl';
  assert.match(compareLocale(en, pl, 'pl').join(), /n_few missing/);
});

test('every message key the pages name exists in English', () => {
  const en = load('en');
  const missing = [...usedKeys()].filter((k) => !(k in en));
  assert.deepEqual(missing, []);
  assert.ok(usedKeys().size > 150, 'the scan finds the keys the pages use');
});

test('no visible English is left in the pages\' HTML outside _locales', () => {
  for (const f of filesOf('.html')) assert.deepEqual(literalHtml(read(f)), [], f);
  // And the scan finds what it should.
  assert.deepEqual(literalHtml('<p data-i18n="x"></p><span class="a"> · </span>'), []);
  assert.equal(literalHtml('<main><p>Hello there</p></main>').length, 1);
  assert.equal(literalHtml('<p data-i18n="x"><b>Bold</b></p>').length, 1);
  assert.equal(literalHtml('<input placeholder="site or tracker">').length, 1);
  assert.equal(literalHtml('<img alt="A picture">').length, 1);
});

test('no English phrase is left in the pages\' JavaScript outside _locales', () => {
  for (const f of [...filesOf('.js'), ...SHARED_JS]) assert.deepEqual(literalJs(read(f)), [], f);
  assert.deepEqual(literalJs("el('li', { class: 'quiet clear-site', text: t('dashClear') });"), []);
  assert.equal(literalJs("status('Saved the file.');").length, 1);
  assert.equal(literalJs('node.textContent = `${n} requests blocked`;').length, 1);
  assert.equal(literalJs("throw new Error(answer?.error ?? 'no answer from the background');").length, 1);
});

// ---- errors from the background: message codes the pages localise ----

/** The error codes the background and the shared modules name: `coded('errX'` and `'errX'` strings. */
function errorCodes() {
  const codes = new Set();
  const dirs = [join(EXT, 'background'), join(EXT, 'lib')];
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/'(err[A-Z][A-Za-z0-9]+)'/g)) codes.add(m[1]);
    }
  }
  return codes;
}

test('every error code the background throws has a message in every locale', () => {
  const codes = [...errorCodes()];
  assert.ok(codes.length >= 10, `the scan finds the codes: ${codes}`);
  for (const locale of locales()) {
    const messages = load(locale);
    assert.deepEqual(codes.filter((c) => !(c in messages)), [], `${locale}: codes without a message`);
  }
});

/** A stand-in for the browser's i18n over one locale's messages.json (placeholders resolved). */
function i18nOf(locale) {
  const messages = load(locale);
  return (key, subs = []) => {
    const entry = messages[key];
    if (!entry) return '';
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name) => {
      const p = entry.placeholders?.[name.toLowerCase()];
      const n = Number(p?.content?.slice(1));
      return p ? String(subs[n - 1] ?? '') : '';
    });
  };
}

test('a coded error from the background reads in the page\'s language; the core\'s words stay inside it', async () => {
  globalThis.chrome = { runtime: { getURL: (p) => `chrome-extension://test/${p}` }, i18n: { getMessage: (k, s) => i18nOf('de')(k, s) } };
  try {
    const { coded, fromAnswer, explain, explainProblem } = await import(`${join(EXT, 'lib', 'errors.js')}?de`);
    // What the dispatcher sends for a coded error, and what the page makes of it.
    const thrown = coded('errBackupVersion', 7);
    const answer = { error: thrown.message, code: thrown.code, params: thrown.params };
    assert.equal(explain(fromAnswer(answer)), 'dieses KeyVeil kann Sicherungen der Version 7 nicht lesen');
    assert.equal(explain(fromAnswer({ error: 'x', code: 'errSettingRefused', params: ['not a site: "a b"'] })), 'die Änderung wurde abgelehnt (not a site: "a b")');
    // An error without a code, or with one no locale knows, is shown as it was said.
    assert.equal(explain(fromAnswer({ error: 'unknown message type' })), 'unknown message type');
    assert.equal(explain(fromAnswer({ error: 'raw words', code: 'errNoSuchCode' })), 'raw words');
    assert.equal(explainProblem({ code: 'errReportWrite', params: ['QuotaExceededError'] }), 'der Verlauf konnte nicht gespeichert werden (QuotaExceededError)');
    assert.equal(explainProblem({ site: 'a.example', reason: 'bad record' }), 'bad record');
  } finally {
    delete globalThis.chrome;
  }
});
