// A deterministic, varied request set built from what filter lists name: the hosts of `||host`
// filters (whole, under a subdomain, and look-alikes that must not match), their paths (as
// written and altered), the plain patterns of the other filters inside unrelated URLs, and the
// initiators their `$domain=` options name; first- and third-party, every resource type.

/** Every resource type both engines know (a navigation, main_frame, is left out: KeyVeil, like
 * DNR, never applies lists to the page itself, where uBO shows its strict-blocking page). */
export const TYPES = ['script', 'image', 'stylesheet', 'xmlhttprequest', 'sub_frame', 'ping', 'font', 'media', 'websocket', 'object', 'other', 'csp_report'];

/** A small seeded generator (mulberry32): the same requests on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the lists name: hosts (with the path after each, if any), plain patterns, initiators. */
function harvest(texts) {
  const hosts = [];
  const patterns = [];
  const redirects = [];
  const initiators = new Set();
  for (const text of texts) {
    for (let line of text.split('\n')) {
      line = line.trim();
      if (!line || line.startsWith('!') || line.startsWith('[') || /#[@?$%]?#/.test(line)) continue;
      if (line.startsWith('@@')) line = line.slice(2);
      if (line.startsWith('/') && line.lastIndexOf('/') > 0 && /\/(\$|$)/.test(line)) continue; // regex
      const dollar = line.lastIndexOf('$');
      const pattern = dollar > 0 ? line.slice(0, dollar) : line;
      const options = dollar > 0 ? line.slice(dollar + 1) : '';
      for (const o of options.split(',')) {
        const m = /^(?:domain|from)=(.*)$/.exec(o);
        if (m) for (const d of m[1].split('|')) if (/^[a-z0-9.-]+\.[a-z]+$/.test(d)) initiators.add(d);
      }
      const host = /^\|\|([a-z0-9.-]+\.[a-z0-9-]+)(.*)$/.exec(pattern);
      if (host) hosts.push({ host: host[1], rest: host[2] });
      // A filter that answers with a resource: its requests, of the types it names, are asked
      // for on purpose (a handful among tens of thousands of hosts would seldom be drawn).
      if (host && /(?:^|,)redirect(?:-rule)?=/.test(options)) {
        const types = options.split(',').filter((o) => TYPES.includes(o) || o === 'xhr' || o === 'subdocument')
          .map((o) => ({ xhr: 'xmlhttprequest', subdocument: 'sub_frame' })[o] ?? o);
        redirects.push({ host: host[1], rest: host[2], types: types.length ? types : ['script'] });
      }
      else if (/^[a-z0-9/._?=&-]{4,}$/i.test(pattern.replace(/^\|/, ''))) patterns.push(pattern.replace(/^\|/, ''));
    }
  }
  return { hosts, patterns, redirects, initiators: [...initiators] };
}

/** A URL path from a filter's rest (`^`, `*` filled in), or a made-up one. */
function pathFrom(rest, pick) {
  if (!rest || rest === '^' || rest === '|') return `/${pick(['', 'collect', 'p.gif', 'js/app.js', 'v1/event?x=1'])}`;
  let p = rest.replace(/\|$/, '').replace(/\*/g, () => pick(['', 'a', 'x1/y'])).replace(/\^/g, () => pick(['/', '?', '']));
  if (!p.startsWith('/') && !p.startsWith('?') && !p.startsWith(':')) p = `/${p}`;
  return p;
}

/**
 * `count` requests `{url, origin, type}` from the lists' texts. A third of the URLs are made to
 * miss: a look-alike host (`xhost`, `host-cdn.example`) or a path the filter does not name.
 */
export function requestSet(texts, count, seed = 20260714) {
  const rnd = random(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const { hosts, patterns, redirects, initiators } = harvest(texts);
  const out = [];
  while (out.length < count) {
    const kind = rnd();
    let url;
    let site;
    let type = null;
    if (kind < 0.01 && redirects.length) {
      // 1%: a request a `$redirect` filter names, of one of its types (or, a fifth of the
      // time, another type: the filter must not answer it).
      const { host, rest, types } = pick(redirects);
      url = `https://${pick(['', 'www.'])}${host}${pathFrom(rest, pick)}`;
      site = host;
      type = rnd() < 0.8 ? pick(types) : pick(TYPES);
    } else if (kind < 0.55) {
      const { host, rest } = pick(hosts);
      const sub = pick(['', '', 'www.', 'cdn.', 'a.b.']);
      const miss = rnd();
      if (miss < 0.15) {
        url = `https://${pick(['x', 'my', 'not-'])}${host}${pathFrom(rest, pick)}`; // another host
        site = `${host}`;
      } else if (miss < 0.25) {
        url = `https://${host}-cdn.example${pathFrom(rest, pick)}`;
        site = `${host}-cdn.example`;
      } else if (miss < 0.35 && rest && rest !== '^') {
        url = `https://${sub}${host}/${pick(['index.html', 'about', 'img/logo.png'])}`; // not its path
        site = host;
      } else {
        url = `https://${sub}${host}${pathFrom(rest, pick)}`;
        site = host;
      }
    } else if (kind < 0.85) {
      const p = pick(patterns);
      const n = Math.floor(rnd() * 500);
      site = `site${n}.example`;
      url = p.startsWith('http') ? p.replace(/\^/g, '/').replace(/\*/g, '') : `https://cdn.${site}/${pick(['', 'static/', 'lib/'])}${p.replace(/^\//, '').replace(/\^/g, '/').replace(/\*/g, 'x')}`;
      if (rnd() < 0.3) url = url.replace(/[a-z](?=[^/]*$)/, 'q'); // altered: may no longer match
    } else {
      const n = Math.floor(rnd() * 500);
      site = `plain${n}.example`;
      url = `https://${pick(['', 'static.', 'api.'])}${site}/${pick(['app.js', 'style.css', 'img/a.png', 'api/items?id=3', 'fonts/x.woff2'])}`;
    }
    let origin;
    const party = rnd();
    if (party < 0.3) origin = `https://www.${site}/`; // first party
    else if (party < 0.6 && initiators.length) origin = `https://${pick(['', 'www.', 'm.'])}${pick(initiators)}/`;
    else origin = `https://news${Math.floor(rnd() * 50)}.example/article`;
    try {
      url = new URL(url).href;
      new URL(origin); // an IP literal under 'www.' is no URL: such a pair is left out
    } catch {
      continue;
    }
    out.push({ url, origin, type: type ?? pick(TYPES) });
  }
  return out;
}
