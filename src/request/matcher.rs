//! List rules compiled for matching: a hash lookup per host label and per URL token, no scan.
//!
//! `||host^…` filters are indexed by their host; a request looks up each suffix of its host that
//! starts a label (`a.in.hotjar.com`, `in.hotjar.com`, `hotjar.com`, `com`). Other filters are
//! indexed by the literal token fewest other filters share (a token histogram, as in uBlock
//! Origin and adblock-rust) among those the URL tokeniser would cut out whole; a request looks
//! up each alphanumeric run of its URL. Only filters without such a token are tried on every
//! request. Patterns are then checked with a small glob matcher (`*`, `^`). Filters are stored
//! packed ([`super::store`]); keys map to small integer ids ([`super::index`]).
//!
//! A request without an initiator is matched as **third-party**. Such requests come from no page
//! (the browser, another extension, a service worker's own fetch): there is no first party whose
//! site they could share, so `$third-party` filters apply and `$~third-party` ones do not. This
//! is also what adblock-rust decides, so both engines block the same requests.

use super::index::{candidate_tokens, fx, Buckets, BucketsBuilder, Histogram};
use super::store::{OptList, Rec, Store};
use super::url::UrlParts;
use crate::lists::{Anchor, Filter, List, Party, TypeMask};

/// The request side of matching.
pub struct Ctx<'a, 'u> {
    /// URL parts.
    pub url: &'a UrlParts<'u>,
    /// Resource type bit; `None` (not given) matches filters of any type.
    pub rtype: Option<TypeMask>,
    /// Party; `None` (no initiator) is matched as third-party (see the module documentation).
    pub party: Option<Party>,
    /// Initiator host, for `$domain=`.
    pub initiator: Option<&'a str>,
    /// HTTP method, any case, for `$method=`; `None` (not given) matches only filters that do
    /// not name methods to apply to.
    pub method: Option<&'a str>,
}

/// Filter indices that matched one request.
#[derive(Debug, Default, Clone, Copy)]
pub struct Hits {
    /// The most serious blocking filter that matched.
    pub block: Option<u32>,
    /// An exception that matched.
    pub exception: Option<u32>,
}

/// The compiled filters of one list.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    store: Store,
    /// `||host^…` filters by their host.
    by_host: Buckets,
    by_token: Buckets,
    always: Vec<u32>,
}

impl Matcher {
    /// Compiles every filter the matcher applies ([`List::matched`]).
    pub fn new(list: &List) -> Self {
        Self::from_filters(&list.matched().collect::<Vec<_>>())
    }

    /// Compiles filters in the order given (their ids in [`Hits`]).
    pub fn from_filters(filters: &[&Filter]) -> Self {
        let mut hist = Histogram::default();
        for f in filters {
            if f.anchored_host().is_none() {
                hist.count(tokens_of(f));
            }
        }
        let mut m = Matcher::default();
        let mut by_host = BucketsBuilder::default();
        let mut by_token = BucketsBuilder::default();
        for &f in filters {
            let host = f
                .anchored_host()
                .filter(|h| h.len() < usize::from(u16::MAX));
            let id = m.store.push(f, host.map_or(0, |h| h.len() as u16));
            if let Some(host) = host {
                by_host.add(fx(host.bytes()), id);
            } else if let Some(tok) = hist.rarest(tokens_of(f)) {
                by_token.add(fx(tok.bytes()), id);
            } else {
                m.always.push(id);
            }
        }
        m.by_host = by_host.build();
        m.by_token = by_token.build();
        m.store.finish();
        m.always.shrink_to_fit();
        m
    }

    /// Number of compiled filters.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// True when no filter is loaded.
    pub fn is_empty(&self) -> bool {
        self.store.len() == 0
    }

    /// Number of filters tried on every request (no host or token to index them by).
    pub fn unindexed(&self) -> usize {
        self.always.len()
    }

    /// The filter behind an index from [`Hits`], rebuilt from its packed form.
    pub fn filter(&self, idx: u32) -> Option<Filter> {
        self.store.filter(idx)
    }

    /// Whether the filter behind an index is `$important`.
    pub fn important(&self, idx: u32) -> bool {
        idx < self.store.len() as u32 && self.store.rec(idx).important()
    }

    /// The KeyVeil class the filter behind an index is annotated with, if any.
    pub fn class_of(&self, idx: u32) -> Option<crate::Class> {
        if idx >= self.store.len() as u32 {
            return None;
        }
        self.store.meta(self.store.rec(idx)).map(|m| m.class)
    }

    /// Bytes on the heap held by the compiled form (capacities, not allocator slack).
    pub fn heap_bytes(&self) -> usize {
        self.store.heap_bytes()
            + self.by_host.heap_bytes()
            + self.by_token.heap_bytes()
            + self.always.capacity() * 4
    }

    /// Every filter that matches the request, reduced to the best block and any exception.
    pub fn find(&self, ctx: &Ctx<'_, '_>) -> Hits {
        let mut hits = Hits::default();
        let host: &str = &ctx.url.host;
        let url = ctx.url.url.as_bytes();
        // Host-indexed filters: one lookup per label suffix of the host.
        let mut start = 0;
        loop {
            let suffix = &host[start..];
            for &i in self.by_host.get(fx(suffix.bytes())) {
                let r = self.store.rec(i);
                let pat = self.store.pattern(i, r).as_bytes();
                let rest = usize::from(r.host_len);
                if pat.get(..rest) == Some(suffix.as_bytes())
                    && self.options_match(i, r, ctx)
                    && glob(&pat[rest..], &url[ctx.url.host_end..], true, r.end_anchor())
                {
                    self.record(&mut hits, i);
                }
            }
            match suffix.find('.') {
                Some(dot) => start += dot + 1,
                None => break,
            }
        }
        // Token-indexed filters: one lookup per alphanumeric run of the URL.
        if !self.by_token.is_empty() {
            let mut i = 0;
            while i < url.len() {
                if !url[i].is_ascii_alphanumeric() {
                    i += 1;
                    continue;
                }
                let s = i;
                while i < url.len() && url[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                // Filters are filed under tokens of two bytes or more (`candidate_tokens`).
                if i - s < 2 {
                    continue;
                }
                for &idx in self.by_token.get(fx(url[s..i].iter().copied())) {
                    if self.full_match(idx, ctx) {
                        self.record(&mut hits, idx);
                    }
                }
            }
        }
        for &idx in &self.always {
            if self.full_match(idx, ctx) {
                self.record(&mut hits, idx);
            }
        }
        hits
    }

    fn record(&self, hits: &mut Hits, idx: u32) {
        let r = self.store.rec(idx);
        if r.exception() {
            // The first in list order, whichever lookup found it first.
            if hits.exception.is_none_or(|e| idx < e) {
                hits.exception = Some(idx);
            }
            return;
        }
        let better = match hits.block {
            None => true,
            Some(b) => (r.rank, idx) < (self.store.rec(b).rank, b),
        };
        if better {
            hits.block = Some(idx);
        }
    }

    fn full_match(&self, idx: u32, ctx: &Ctx<'_, '_>) -> bool {
        let r = self.store.rec(idx);
        if !self.options_match(idx, r, ctx) {
            return false;
        }
        let url = ctx.url.url.as_bytes();
        let pat = self.store.pattern(idx, r).as_bytes();
        match r.anchor() {
            Anchor::None => glob(pat, url, false, r.end_anchor()),
            Anchor::Start => glob(pat, url, true, r.end_anchor()),
            Anchor::Host => {
                // `||` with a wildcard host: try at the start of every label of the host.
                let host = &url[ctx.url.host_start..ctx.url.host_end];
                let mut k = 0;
                loop {
                    if glob(pat, &url[ctx.url.host_start + k..], true, r.end_anchor()) {
                        return true;
                    }
                    match host[k..].iter().position(|&b| b == b'.') {
                        Some(d) => k += d + 1,
                        None => return false,
                    }
                }
            }
        }
    }

    fn options_match(&self, id: u32, r: &Rec, ctx: &Ctx<'_, '_>) -> bool {
        if let Some(t) = ctx.rtype {
            if (!r.types.is_empty() && !r.types.intersects(t)) || r.not_types.intersects(t) {
                return false;
            }
        }
        if let Some(want) = r.party() {
            if want != ctx.party.unwrap_or(Party::Third) {
                return false;
            }
        }
        if !r.has_opts() {
            return true;
        }
        let s = &self.store;
        let mut domains = s.opt_list(id, OptList::Domains).peekable();
        let limited = domains.peek().is_some();
        match ctx.initiator {
            // No initiator: a filter limited to some sites cannot be shown to apply.
            None if limited => return false,
            None => {}
            Some(init) => {
                if s.opt_list(id, OptList::NotDomains).any(|d| under(init, d)) {
                    return false;
                }
                if limited && !domains.any(|d| under(init, d)) {
                    return false;
                }
            }
        }
        // `$denyallow`, `$to`: limits on the request's own host.
        let host: &str = &ctx.url.host;
        if s.opt_list(id, OptList::Denyallow).any(|d| under(host, d))
            || s.opt_list(id, OptList::NotTo).any(|d| under(host, d))
        {
            return false;
        }
        let mut to = s.opt_list(id, OptList::To).peekable();
        if to.peek().is_some() && !to.any(|d| under(host, d)) {
            return false;
        }
        let mut methods = s.opt_list(id, OptList::Methods).peekable();
        let is = |m: &str| ctx.method.is_some_and(|x| x.eq_ignore_ascii_case(m));
        if methods.peek().is_some() && !methods.any(is) {
            return false;
        }
        !s.opt_list(id, OptList::NotMethods).any(is)
    }
}

/// The candidate index tokens of a filter's pattern.
fn tokens_of(f: &Filter) -> impl Iterator<Item = &str> {
    candidate_tokens(&f.pattern, f.anchor != Anchor::None, f.end_anchor)
}

/// True when `host` is `domain` or one of its subdomains.
fn under(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.')
}

/// ABP's separator: anything but a letter, digit, `_`, `-`, `.` or `%`.
fn is_sep(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'%'))
}

/// Matches one `*`-free segment at `text[at..]`; returns the bytes consumed.
fn seg_at(seg: &[u8], text: &[u8], at: usize) -> Option<usize> {
    let mut t = at;
    for &p in seg {
        if p == b'^' {
            match text.get(t) {
                None => continue, // `^` also matches the end of the URL
                Some(&b) if is_sep(b) => t += 1,
                Some(_) => return None,
            }
        } else {
            match text.get(t) {
                Some(&b) if b.to_ascii_lowercase() == p => t += 1,
                _ => return None,
            }
        }
    }
    Some(t - at)
}

/// Glob match of a lower-case pattern with `*` and `^` against `text`, case-insensitively.
/// Leftmost-first placement of each segment is enough: segments have fixed width.
pub fn glob(pat: &[u8], text: &[u8], anchored: bool, end_anchor: bool) -> bool {
    // Most patterns have no `*`: one segment, nothing to split or count.
    if anchored && !pat.is_empty() && !pat.contains(&b'*') {
        return match seg_at(pat, text, 0) {
            Some(k) => !end_anchor || k == text.len(),
            None => false,
        };
    }
    let mut pos = 0;
    let mut anchored = anchored;
    let mut segs = pat.split(|&b| b == b'*').peekable();
    while let Some(seg) = segs.next() {
        let last = segs.peek().is_none();
        if seg.is_empty() {
            anchored = false;
            if last && end_anchor {
                return true;
            }
            continue;
        }
        if anchored {
            anchored = false;
            match seg_at(seg, text, pos) {
                Some(k) => pos += k,
                None => return false,
            }
            if last && end_anchor && pos != text.len() {
                return false;
            }
            continue;
        }
        if last && end_anchor {
            // Must end at the end; a trailing `^` may match there with zero width.
            let widths = [seg.len(), seg.len().saturating_sub(1)];
            return widths
                .iter()
                .any(|&w| text.len() >= pos + w && seg_at(seg, text, text.len() - w) == Some(w));
        }
        let mut found = false;
        let first = seg[0];
        let mut p = pos;
        while p <= text.len() {
            if first != b'^' {
                match text[p..]
                    .iter()
                    .position(|b| b.to_ascii_lowercase() == first)
                {
                    Some(off) => p += off,
                    None => break,
                }
            }
            if let Some(k) = seg_at(seg, text, p) {
                pos = p + k;
                found = true;
                break;
            }
            p += 1;
        }
        if !found {
            return false;
        }
    }
    !end_anchor || pos == text.len()
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_semantics() {
        let g = |p: &str, t: &str, a, e| glob(p.as_bytes(), t.as_bytes(), a, e);
        assert!(g("/tr^", "/tr?id=1", true, false));
        assert!(g("/tr^", "/tr", true, false));
        assert!(!g("/tr^", "/translations.json", true, false));
        assert!(g("^", "", true, false));
        assert!(g("/api/*/envelope/", "/api/42/envelope/?x", true, false));
        assert!(!g("/api/*/envelope/", "/api/42/store/", true, false));
        assert!(g("replay", "HTTPS://X/REPLAY", false, false));
        assert!(g("a*b", "xxaxxb", false, true));
        assert!(!g("a*b", "xxaxxbc", false, true));
        assert!(g("a^", "xxa", false, true));
        assert!(g("a^", "xxa/", false, true));
        assert!(!g("ab", "ab/ab", true, true));
        assert!(g("b*c", "abxxc", false, false));
    }
}
