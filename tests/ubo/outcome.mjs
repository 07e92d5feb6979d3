// What each side does with one request, in three outcomes: `block`, `redirect` (answered with a
// neutral resource instead, still stopped) and `allow`. uBlock Origin's engine is asked the
// way its own request handler asks it: a blocked request is redirected when a `redirect-rule`
// directive (which `$redirect=` also makes) matches and no exception to redirects does.

/** uBlock Origin's outcome and the filter that decided it. */
export function uboOutcome(ubo, details) {
  const u = ubo.matchRequest(details);
  const filter = u !== 0 ? ubo.toLogData()?.raw ?? '?' : null;
  if (u !== 1) return { outcome: 'allow', filter };
  // uBO returns the directives it would apply; an exception (bit 1: allow) among them means it
  // keeps the block and answers nothing.
  const directives = ubo.matchAndFetchModifiers(details, 'redirect-rule') ?? [];
  const redirect = directives.length > 0 && directives.every((d) => (d.bits & 1) === 0 && d.value !== '');
  return redirect
    ? { outcome: 'redirect', filter: directives.map((d) => d.logData().raw).join(' + ') }
    : { outcome: 'block', filter };
}

/** The outcome of the DNR rule that wins (a `removeparam` redirect lets the request through). */
export function dnrOutcome(rule) {
  if (!rule) return 'allow';
  if (rule.action.type === 'block') return 'block';
  if (rule.action.type === 'redirect' && rule.action.redirect?.extensionPath) return 'redirect';
  return 'allow';
}

/** Tally of agreements per outcome. */
export function tally() {
  const t = { agree: 0, both: { block: 0, redirect: 0, allow: 0 }, differ: [] };
  t.add = (mine, theirs, line) => {
    if (mine === theirs) {
      t.agree++;
      t.both[mine]++;
    } else {
      t.differ.push(line);
    }
  };
  return t;
}
