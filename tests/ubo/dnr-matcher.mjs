// A small declarativeNetRequest matcher written from Chrome's documentation
// (developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest): what Chrome does
// with the rules KeyVeil compiles, for the tests to compare with uBlock Origin without a browser.
// It knows the conditions KeyVeil writes: urlFilter (`||`, `|`, `*`, `^`), regexFilter,
// requestDomains, initiatorDomains, their excluded* forms, resourceTypes, excludedResourceTypes,
// domainType and requestMethods; and the outcome: the highest priority wins, and at one priority
// allow beats block beats redirect. The winning rule is returned whole: a `redirect` rule with
// `extensionPath` answers with a packaged resource, one with a `transform` lets the request
// through changed (outcome.mjs reads which).

/** Chrome's default: a rule with no resourceTypes applies to every type but main_frame. */
const DEFAULT_EXCLUDED = new Set(['main_frame']);
/** At one priority, the action that wins (lower first). */
const ACTION_ORDER = { allow: 0, allowAllRequests: 1, block: 2, upgradeScheme: 3, redirect: 4, modifyHeaders: 5 };

/** The Public Suffix List (its text) as a registrable-domain function, as Chrome applies it. */
export function registrable(pslText) {
  const rules = new Set();
  const wild = new Set();
  const except = new Set();
  for (let line of pslText.split('\n')) {
    line = line.trim();
    if (!line || line.startsWith('//')) continue;
    if (line.startsWith('!')) except.add(line.slice(1));
    else if (line.startsWith('*.')) wild.add(line.slice(2));
    else rules.add(line);
  }
  return (host) => {
    if (/^[\d.]+$/.test(host) || host.startsWith('[')) return host;
    const labels = host.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      if (except.has(suffix)) return suffix;
      const parent = labels.slice(i + 1).join('.');
      if (rules.has(suffix) || (i + 1 < labels.length && wild.has(parent))) {
        return i === 0 ? host : labels.slice(i - 1).join('.');
      }
    }
    return labels.slice(-2).join('.');
  };
}

/** Host equal to one of `domains` (a Set) or under one. */
function under(host, domains) {
  for (let at = 0; ;) {
    if (domains.has(host.slice(at))) return true;
    const dot = host.indexOf('.', at);
    if (dot === -1) return false;
    at = dot + 1;
  }
}

/** A urlFilter as a regular expression, per the documented syntax. */
function urlFilterRegex(filter, caseSensitive) {
  let f = filter;
  let prefix = '';
  let suffix = '';
  if (f.startsWith('||')) {
    // The start of the host or of one of its labels.
    prefix = '^[a-z][a-z0-9+.-]*:\\/\\/(?:[^/?#@]*@)?(?:[^/?#:]*\\.)?';
    f = f.slice(2);
  } else if (f.startsWith('|')) {
    prefix = '^';
    f = f.slice(1);
  }
  if (f.endsWith('|')) {
    suffix = '$';
    f = f.slice(0, -1);
  }
  const body = [...f].map((c) => {
    if (c === '*') return '.*';
    // A separator: anything but a letter, digit or one of _ - . %; or the end of the URL.
    if (c === '^') return '(?:[^a-zA-Z0-9_.%-]|$)';
    return c.replace(/[.+?${}()[\]\\/|]/g, '\\$&');
  }).join('');
  return new RegExp(prefix + body + suffix, caseSensitive ? '' : 'i');
}

/**
 * Where to look a rule up, so a request is checked only against rules that may match it: by a
 * host it names (its requestDomains, or the host a `||host^` or `||host/` urlFilter starts with),
 * or by the longest literal text its urlFilter needs. Only an index: every candidate is then
 * checked in full.
 */
function keysOf(c) {
  if (c.requestDomains) return { hosts: c.requestDomains };
  const host = /^\|\|([a-z0-9.-]+)(?:[\^/:]|\|?$)/.exec(c.urlFilter ?? '');
  if (host) return { hosts: [host[1]] };
  const literal = (c.urlFilter ?? '').replace(/^\|\|?|\|$/g, '').split(/[*^]/).reduce((a, b) => (b.length > a.length ? b : a), '');
  return { literal: literal.toLowerCase() };
}

/**
 * The rule set as a function of a request `{url, initiator, type, method}` to the winning rule
 * (or null when none matches).
 */
export function dnrMatcher(rules, site) {
  const byHost = new Map();
  const rest = [];
  rules.forEach((rule, i) => {
    const c = rule.condition;
    const caseSensitive = c.isUrlFilterCaseSensitive ?? false;
    const set = (a) => (a ? new Set(a) : null);
    const entry = {
      rule,
      to: set(c.requestDomains),
      notTo: set(c.excludedRequestDomains),
      from: set(c.initiatorDomains),
      notFrom: set(c.excludedInitiatorDomains),
      url: c.urlFilter !== undefined ? urlFilterRegex(c.urlFilter, caseSensitive)
        : c.regexFilter !== undefined ? new RegExp(c.regexFilter, caseSensitive ? '' : 'i') : null,
      order: i,
    };
    const keys = c.regexFilter !== undefined ? { literal: '' } : keysOf(c);
    if (keys.hosts) {
      for (const h of keys.hosts) {
        if (!byHost.has(h)) byHost.set(h, []);
        byHost.get(h).push(entry);
      }
    } else {
      rest.push({ ...entry, literal: keys.literal });
    }
  });
  return ({ url, initiator, type, method = 'get' }) => {
    const u = new URL(url);
    const host = u.hostname;
    const href = u.href.toLowerCase();
    const from = initiator ? new URL(initiator).hostname : null;
    const candidates = rest.filter((e) => href.includes(e.literal));
    for (let at = 0; ;) {
      candidates.push(...(byHost.get(host.slice(at)) ?? []));
      const dot = host.indexOf('.', at);
      if (dot === -1) break;
      at = dot + 1;
    }
    let best = null;
    for (const { rule, url: re, to, notTo, from: only, notFrom } of candidates) {
      const c = rule.condition;
      if (c.resourceTypes ? !c.resourceTypes.includes(type) : DEFAULT_EXCLUDED.has(type)) continue;
      if (c.excludedResourceTypes?.includes(type)) continue;
      if (to && !under(host, to)) continue;
      if (notTo && under(host, notTo)) continue;
      if (only && !(from && under(from, only))) continue;
      if (notFrom && from && under(from, notFrom)) continue;
      if (c.requestMethods && !c.requestMethods.includes(method)) continue;
      if (c.excludedRequestMethods?.includes(method)) continue;
      if (c.domainType) {
        const third = from !== null && site(host) !== site(from);
        if ((c.domainType === 'thirdParty') !== third) continue;
      }
      if (re && !re.test(u.href)) continue;
      if (!best || rule.priority > best.priority
        || (rule.priority === best.priority && ACTION_ORDER[rule.action.type] < ACTION_ORDER[best.action.type])) {
        best = rule;
      }
    }
    return best;
  };
}
