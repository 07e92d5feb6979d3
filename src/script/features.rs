//! Behaviour features from the token stream: what a script listens to, reads, serialises and sends.
//!
//! One pass over the tokens with a window of the last three significant ones: enough to tell
//! `e.key` (a property read) from a variable named `key`, and to see which event names are the
//! first argument of `addEventListener` and on what target.

use super::lexer::{Kind, Lexer, Token};
use super::terms::{is_event, Ctx, Signal, TERMS};
use super::vocab::{vocab, Entry, SPECIAL};

/// How many distinct vendor hosts are kept for the evidence.
const MAX_HOSTS: usize = 8;
/// How many significant tokens after `addEventListener` its capture flag may appear.
const CAPTURE_WINDOW: usize = 64;

/// Everything the verdict is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// Occurrences per [`Signal`] (indexed by [`Signal::index`]).
    pub counts: [u32; Signal::COUNT],
    /// Which [`TERMS`] were seen (bit i = term i).
    pub terms: [u64; 4],
    /// Which event terms were the event argument of an `addEventListener` call.
    pub listened: [u64; 4],
    /// An input listener was added on `document`.
    pub on_document: bool,
    /// An input listener was added on `window`.
    pub on_window: bool,
    /// A listener was added in the capture phase.
    pub capture: bool,
    /// Matches per vendor pattern (indexed like `vocab().patterns`).
    pub vendor_hits: Vec<u32>,
    /// Calls of a vendor global with a string first argument (`fbq('track', …)`), per pattern.
    pub vendor_calls: Vec<u32>,
    /// Vendor hosts as they appear in the source, deduplicated, at most [`MAX_HOSTS`].
    pub hosts: Vec<String>,
    /// `createElement("script")`: the script injects another script (a loader).
    pub injects_script: bool,
    /// `new Image`: the classic pixel beacon.
    pub image_beacon: bool,
    /// Bytes read, and significant tokens (neither space nor comment) among them.
    pub bytes: usize,
    pub tokens: usize,
    /// Strings, templates, regexes or comments that ran off the end.
    pub unterminated: usize,
    /// Deepest bracket nesting seen.
    pub max_depth: usize,
}

impl Features {
    /// Occurrences of one signal.
    pub fn count(&self, s: Signal) -> u32 {
        self.counts[s.index()]
    }

    /// Whether term `i` was seen.
    pub fn has_term(&self, i: usize) -> bool {
        self.terms[i / 64] & (1 << (i % 64)) != 0
    }

    /// Whether event term `i` was listened to with `addEventListener`.
    pub fn listened_to(&self, i: usize) -> bool {
        self.listened[i / 64] & (1 << (i % 64)) != 0
    }

    fn add_term(&mut self, i: u8) {
        let i = usize::from(i);
        self.terms[i / 64] |= 1 << (i % 64);
        self.counts[TERMS[i].signal.index()] += 1;
    }

    fn add_vendor(&mut self, i: u16) {
        if let Some(c) = self.vendor_hits.get_mut(usize::from(i)) {
            *c += 1;
        }
    }
}

/// A significant token and the bits of it the window needs.
#[derive(Clone, Copy, Default)]
struct Prev {
    kind: Option<Kind>,
    start: usize,
    end: usize,
    /// For punctuators: the first byte and the length, so checks need no slicing.
    punct: (u8, usize),
}

/// The `punct` code of a punctuator's text.
const fn pc(s: &[u8]) -> (u8, usize) {
    (s[0], s.len())
}

/// Extracts features from a script's bytes.
pub fn extract(src: &[u8]) -> Features {
    let v = vocab();
    let mut f = Features {
        vendor_hits: vec![0; v.patterns.len()],
        vendor_calls: vec![0; v.patterns.len()],
        bytes: src.len(),
        ..Features::default()
    };
    let mut lx = Lexer::new(src);
    let (mut p1, mut p2) = (Prev::default(), Prev::default());
    let text = |p: &Prev| &src[p.start..p.end];
    // `?.` is the only two-byte punctuator starting with `?` that the window asks about.
    let is_punct = |p: &Prev, s: &[u8]| p.kind == Some(Kind::Punct) && p.punct == pc(s);
    // Token index up to which a string is the event argument of `addEventListener(`.
    let mut listen_until = 0usize;
    let mut capture_until = 0usize;
    let mut inject_until = 0usize;
    let mut n = 0usize;
    while let Some(Token {
        kind,
        start,
        end,
        unterminated,
    }) = lx.next_significant()
    {
        if unterminated {
            f.unterminated += 1;
        }
        // `n` counts significant tokens only, so the windows below ignore spacing.
        n += 1;
        match kind {
            Kind::Space | Kind::Comment => {}
            Kind::Ident => {
                let w = &src[start..end];
                let after_dot = is_punct(&p1, b".") || is_punct(&p1, b"?.");
                match v.get(w) {
                    Some(Entry::Term(i)) => {
                        let ok = match TERMS[usize::from(i)].ctx {
                            Ctx::Prop => after_dot,
                            Ctx::Str => false,
                            Ctx::Any => true,
                        };
                        if ok {
                            f.add_term(i);
                        }
                    }
                    // Globals of three letters or fewer could be a minifier's names: count
                    // them only as properties (`window.fbq`).
                    Some(Entry::Vendor(i)) if w.len() > 3 || after_dot => f.add_vendor(i),
                    Some(Entry::Special(k)) => match SPECIAL[usize::from(k)] {
                        "addEventListener" => {
                            listen_until = n + 3;
                            capture_until = n + CAPTURE_WINDOW;
                            // The event may be a variable (`events.forEach(e =>
                            // document.addEventListener(e, …))`): the target still counts.
                            if after_dot && p2.kind == Some(Kind::Ident) {
                                match text(&p2) {
                                    b"document" => f.on_document = true,
                                    b"window" | b"self" | b"globalThis" => f.on_window = true,
                                    _ => {}
                                }
                            }
                        }
                        "createElement" => inject_until = n + 3,
                        "Image" if p1.kind == Some(Kind::Ident) && text(&p1) == b"new" => {
                            f.image_beacon = true
                        }
                        "capture" if n <= capture_until => f.capture = true,
                        _ => {}
                    },
                    _ => {}
                }
            }
            Kind::Str => {
                let body = &src[(start + 1).min(end)..if unterminated { end } else { end - 1 }];
                let hit = v.get(body);
                if let Some(Entry::Term(i)) = hit {
                    let t = &TERMS[usize::from(i)];
                    let ok = match t.ctx {
                        Ctx::Prop => is_punct(&p1, b"["),
                        Ctx::Str | Ctx::Any => true,
                    };
                    if ok {
                        f.add_term(i);
                    }
                    if is_event(t.signal) && n <= listen_until && is_punct(&p1, b"(") {
                        let i = usize::from(i);
                        f.listened[i / 64] |= 1 << (i % 64);
                    }
                } else if let Some(Entry::Vendor(i)) = hit {
                    f.add_vendor(i);
                }
                // `fbq('track', …)`: the script drives the vendor's API.
                if is_punct(&p1, b"(") && p2.kind == Some(Kind::Ident) {
                    if let Some(Entry::Vendor(k)) = v.get(text(&p2)) {
                        if let Some(c) = f.vendor_calls.get_mut(usize::from(k)) {
                            *c += 1;
                        }
                    }
                }
                if n <= inject_until && body == b"script" {
                    f.injects_script = true;
                }
                if hit.is_none() {
                    scan_text(body, &mut f);
                }
            }
            Kind::Template => scan_text(&src[start..end], &mut f),
            Kind::Punct => {
                // `…, true)` or `…, !0)` closing a listener call: the capture phase.
                if n <= capture_until && &src[start..end] == b")" {
                    let t1 = text(&p1);
                    if t1 == b"true" || (t1 == b"0" && is_punct(&p2, b"!")) {
                        f.capture = true;
                    }
                }
            }
            Kind::Number | Kind::Regex => {}
        }
        p2 = p1;
        p1 = Prev {
            kind: Some(kind),
            start,
            end,
            punct: if kind == Kind::Punct {
                (src[start], end - start)
            } else {
                (0, 0)
            },
        };
        if matches!(kind, Kind::Punct | Kind::Template) {
            f.max_depth = f.max_depth.max(lx.depth());
        }
    }
    f.tokens = n;
    // Brackets or `${` still open at the end: the file was cut off or is not JavaScript.
    if lx.depth() > 0 {
        f.unterminated += 1;
    }
    f
}

/// Looks through string or template text for vendor hosts and for code inside strings (loader
/// snippets often carry their bootstrap as a string: `'…h._hjSettings={hjid:…'`).
fn scan_text(body: &[u8], f: &mut Features) {
    if body.len() < 3 {
        return;
    }
    let v = vocab();
    let mut i = 0;
    let mut create_element = false;
    while i < body.len() {
        if TEXT[usize::from(body[i])] != WORD {
            i += 1;
            continue;
        }
        let s = i;
        let mut dot = false;
        while let Some(&b) = body.get(i) {
            let t = TEXT[usize::from(b)];
            if t == 0 {
                break;
            }
            dot |= t == DOT;
            i += 1;
        }
        let run = &body[s..i];
        if dot {
            host_match(run, &body[i..], f);
        }
        // `a.b.c`: also try the words, for `window.fbq` or `o.createElement` in a string.
        for w in run.split(|&b| b == b'.') {
            if let Some(Entry::Vendor(k)) = v.get(w) {
                f.add_vendor(k);
            } else if w == b"createElement" {
                create_element = true;
            } else if create_element && w == b"script" {
                f.injects_script = true;
            }
        }
    }
}

/// [`TEXT`] classes: a byte that starts and continues a word run, one that only continues it
/// (`-`), and the `.` that also makes the run a host candidate.
const WORD: u8 = 1;
const JOIN: u8 = 2;
const DOT: u8 = 3;

/// Byte classes for [`scan_text`]: one table load per byte instead of a chain of comparisons.
static TEXT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
            t[i] = WORD;
        }
        i += 1;
    }
    t[b'-' as usize] = JOIN;
    t[b'.' as usize] = DOT;
    t
};

/// Checks a dotted run (`static.hotjar.com`) against the vendor hosts, at a dot boundary.
fn host_match(run: &[u8], rest: &[u8], f: &mut Features) {
    let v = vocab();
    for &k in &v.hosts {
        let p = &v.patterns[usize::from(k)];
        let h = p.text.as_bytes();
        // Compared byte by byte with an early exit: `eq_ignore_ascii_case` reads the whole
        // suffix, and most runs (`a.b.c` in messages) differ from every host at the first byte.
        if run.len() < h.len()
            || !run[run.len() - h.len()..]
                .iter()
                .zip(h)
                .all(|(a, b)| a.eq_ignore_ascii_case(b))
        {
            continue;
        }
        if run.len() > h.len() && run[run.len() - h.len() - 1] != b'.' {
            continue;
        }
        if !p.path.is_empty() && !rest.starts_with(p.path.as_bytes()) {
            continue;
        }
        f.add_vendor(k);
        if f.hosts.len() < MAX_HOSTS {
            let shown = String::from_utf8_lossy(run).to_ascii_lowercase();
            if !f.hosts.contains(&shown) {
                f.hosts.push(shown);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_match_in_any_case_and_only_whole() {
        let f = extract(b"u = 'https://STATIC.HotJar.COM/c/x'");
        assert_eq!(f.hosts, vec!["static.hotjar.com"]);
        // Same length and same first bytes as the host, different last byte.
        assert!(extract(b"u = 'https://static.hotjar.con/'")
            .hosts
            .is_empty());
        assert!(extract(b"u = 'https://static.xotjar.com/'")
            .hosts
            .is_empty());
    }
}
