//! List rules compiled for matching: a hash lookup per host label and per URL token, no scan.
//!
//! `||host^…` filters are indexed by their host; a request looks up each suffix of its host that
//! starts a label (`a.in.hotjar.com`, `in.hotjar.com`, `hotjar.com`, `com`). Other filters are
//! indexed by their rarest literal token that the URL tokeniser would cut out whole; a request
//! looks up each alphanumeric run of its URL. Only filters without such a token are tried on
//! every request. Patterns are then checked with a small glob matcher (`*`, `^`).

use super::url::UrlParts;
use crate::lists::{Anchor, Filter, List, Party, TypeMask};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The request side of matching.
pub struct Ctx<'a, 'u> {
    /// URL parts.
    pub url: &'a UrlParts<'u>,
    /// Resource type bit; `None` (not given) matches filters of any type.
    pub rtype: Option<TypeMask>,
    /// Party; `None` (no initiator) matches filters of either party.
    pub party: Option<Party>,
    /// Initiator host, for `$domain=`.
    pub initiator: Option<&'a str>,
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
    filters: Vec<Compiled>,
    by_host: HashMap<u64, Vec<u32>, BuildHasherDefault<IdHasher>>,
    by_token: HashMap<u64, Vec<u32>, BuildHasherDefault<IdHasher>>,
    always: Vec<u32>,
}

#[derive(Debug, Clone)]
struct Compiled {
    filter: Filter,
    /// For host-indexed filters: where the pattern continues after the host part.
    rest: usize,
    host_indexed: bool,
    /// Rank for choosing among hits: important first, then the more serious class.
    rank: u8,
}

/// Tokens too common in URLs to be worth indexing by.
const COMMON_TOKENS: [&str; 6] = ["http", "https", "www", "com", "js", "api"];

impl Matcher {
    /// Compiles every filter of a list.
    pub fn new(list: &List) -> Self {
        let mut m = Matcher::default();
        for f in list.filters() {
            let idx = m.filters.len() as u32;
            let rank = (u8::from(!f.important) << 4)
                | f.meta.as_ref().map_or(15, |meta| {
                    crate::Class::ALL
                        .iter()
                        .position(|c| *c == meta.class)
                        .unwrap_or(15) as u8
                });
            let mut c = Compiled {
                filter: f.clone(),
                rest: 0,
                host_indexed: false,
                rank,
            };
            if let Some(host) = f.anchored_host() {
                c.rest = host.len();
                c.host_indexed = true;
                m.by_host.entry(fx(host.bytes())).or_default().push(idx);
            } else if let Some(tok) = best_token(f) {
                m.by_token.entry(fx(tok.bytes())).or_default().push(idx);
            } else {
                m.always.push(idx);
            }
            m.filters.push(c);
        }
        m
    }

    /// Number of compiled filters.
    pub fn len(&self) -> usize {
        self.filters.len()
    }

    /// True when no filter is loaded.
    pub fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }

    /// Number of filters tried on every request (no host or token to index them by).
    pub fn unindexed(&self) -> usize {
        self.always.len()
    }

    /// The filter behind an index from [`Hits`].
    pub fn filter(&self, idx: u32) -> Option<&Filter> {
        self.filters.get(idx as usize).map(|c| &c.filter)
    }

    /// Bytes on the heap held by the compiled form (approximate: capacities, not allocator slack).
    pub fn heap_bytes(&self) -> usize {
        let f: usize = self
            .filters
            .iter()
            .map(|c| {
                std::mem::size_of::<Compiled>()
                    + c.filter.pattern.capacity()
                    + c.filter
                        .domains
                        .iter()
                        .chain(&c.filter.not_domains)
                        .map(|d| d.capacity() + 24)
                        .sum::<usize>()
                    + c.filter.meta.as_ref().map_or(0, |m| m.vendor.capacity())
            })
            .sum();
        let map = |m: &HashMap<u64, Vec<u32>, BuildHasherDefault<IdHasher>>| {
            m.capacity() * (8 + 24 + 1) + m.values().map(|v| v.capacity() * 4).sum::<usize>()
        };
        f + map(&self.by_host) + map(&self.by_token) + self.always.capacity() * 4
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
            if let Some(list) = self.by_host.get(&fx(suffix.bytes())) {
                for &i in list {
                    let c = &self.filters[i as usize];
                    if c.filter.pattern.get(..c.rest) == Some(suffix)
                        && self.options_match(&c.filter, ctx)
                        && glob(
                            &c.filter.pattern.as_bytes()[c.rest..],
                            &url[ctx.url.host_end..],
                            true,
                            c.filter.end_anchor,
                        )
                    {
                        self.record(&mut hits, i);
                    }
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
                if let Some(list) = self.by_token.get(&fx(url[s..i].iter().copied())) {
                    for &idx in list {
                        if self.full_match(idx, ctx) {
                            self.record(&mut hits, idx);
                        }
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
        let c = &self.filters[idx as usize];
        if c.filter.exception {
            hits.exception.get_or_insert(idx);
            return;
        }
        let better = match hits.block {
            None => true,
            Some(b) => {
                let old = &self.filters[b as usize];
                (c.rank, idx) < (old.rank, b)
            }
        };
        if better {
            hits.block = Some(idx);
        }
    }

    fn full_match(&self, idx: u32, ctx: &Ctx<'_, '_>) -> bool {
        let f = &self.filters[idx as usize].filter;
        if !self.options_match(f, ctx) {
            return false;
        }
        let url = ctx.url.url.as_bytes();
        let pat = f.pattern.as_bytes();
        match f.anchor {
            Anchor::None => glob(pat, url, false, f.end_anchor),
            Anchor::Start => glob(pat, url, true, f.end_anchor),
            Anchor::Host => {
                // `||` with a wildcard host: try at the start of every label of the host.
                let host = &url[ctx.url.host_start..ctx.url.host_end];
                let mut k = 0;
                loop {
                    if glob(pat, &url[ctx.url.host_start + k..], true, f.end_anchor) {
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

    fn options_match(&self, f: &Filter, ctx: &Ctx<'_, '_>) -> bool {
        if let Some(t) = ctx.rtype {
            if (!f.types.is_empty() && !f.types.intersects(t)) || f.not_types.intersects(t) {
                return false;
            }
        }
        if let (Some(want), Some(is)) = (f.party, ctx.party) {
            if want != is {
                return false;
            }
        }
        if !f.domains.is_empty() || !f.not_domains.is_empty() {
            let Some(init) = ctx.initiator else {
                // No initiator: a filter limited to some sites cannot be shown to apply.
                return f.domains.is_empty();
            };
            let under = |d: &String| {
                init == d
                    || (init.ends_with(d.as_str())
                        && init.as_bytes().get(init.len() - d.len() - 1) == Some(&b'.'))
            };
            if f.not_domains.iter().any(under) {
                return false;
            }
            if !f.domains.is_empty() && !f.domains.iter().any(under) {
                return false;
            }
        }
        true
    }
}

/// The literal token of a filter most worth indexing by, if one is safe: a run of
/// alphanumerics bounded on both sides by something that is not alphanumeric in every URL the
/// filter matches, so the URL tokeniser cuts out the same run.
fn best_token(f: &Filter) -> Option<&str> {
    let p = f.pattern.as_bytes();
    let mut best: Option<(usize, &str)> = None;
    let mut i = 0;
    while i < p.len() {
        if !p[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let s = i;
        while i < p.len() && p[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let left_ok = if s == 0 {
            f.anchor != Anchor::None
        } else {
            p[s - 1] != b'*'
        };
        let right_ok = if i == p.len() {
            f.end_anchor
        } else {
            p[i] != b'*'
        };
        if left_ok && right_ok && i - s >= 2 {
            let tok = &f.pattern[s..i];
            let score = if COMMON_TOKENS.contains(&tok) {
                0
            } else {
                tok.len()
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, tok));
            }
        }
    }
    best.map(|(_, t)| t)
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
    let n = pat.split(|&b| b == b'*').count();
    let mut pos = 0;
    let mut anchored = anchored;
    for (i, seg) in pat.split(|&b| b == b'*').enumerate() {
        let last = i + 1 == n;
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

/// FxHash over bytes: fast for the short keys here; keys are verified after lookup.
fn fx(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h: u64 = 0;
    for b in bytes {
        h = (h.rotate_left(5) ^ u64::from(b.to_ascii_lowercase()))
            .wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

/// Passes an already-hashed `u64` key through.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
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
