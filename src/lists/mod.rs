//! Filter lists in uBlock Origin's network-filter syntax: parse, print, the built-in list, DNR rules.
//!
//! A list is a sequence of [`Entry`] values: headers (`! Title: …`), plain comments, KeyVeil
//! metadata (`! keyveil: class=…; vendor=…`, see `lists/README.md`) and network [`Filter`]s.
//! [`parse`] reads text and reports the fate of every line ([`Report`]); [`print`] writes the
//! canonical form; [`dnr::compile`] turns a list plus user overrides into Chrome
//! declarativeNetRequest rules; [`builtin`] is KeyVeil's own list, embedded at build time.

pub mod answer;
mod broad;
pub mod builtin;
pub mod chrome;
pub mod dnr;
mod merge;
mod options;
mod optlist;
mod parse;
mod print;
mod re2;
pub mod resources;
pub mod user;

pub use options::{Party, TypeMask};
pub use parse::{parse, parse_with, IgnoreReason, RejectReason, MAX_LINE_BYTES, MAX_LIST_LINES};
pub use print::{print, print_filter};

use crate::Class;
use serde::Serialize;
use std::collections::HashSet;

/// KeyVeil's own annotation of a rule: what it records and for whom.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Meta {
    /// What the matched requests carry.
    pub class: Class,
    /// Who runs the service (`"Hotjar"`, `"Meta"`).
    pub vendor: String,
}

/// How the start of a pattern is anchored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// Matches anywhere in the URL.
    None,
    /// `|`: matches at the start of the URL.
    Start,
    /// `||`: matches at the start of the host or of one of its labels.
    Host,
}

/// A network filter: pattern, options, and the KeyVeil metadata in force where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Filter {
    /// `@@`: an exception that lets matching requests through.
    pub exception: bool,
    /// Start anchor of [`Filter::pattern`].
    pub anchor: Anchor,
    /// The pattern without anchors, lower-cased: literal text, `*` (any run) and `^` (separator).
    /// For a regular-expression filter ([`Filter::regex`]), the expression between the slashes,
    /// as written (lower-casing would turn `\D` into `\d`).
    pub pattern: String,
    /// `/…/`: [`Filter::pattern`] is a regular expression, matched case-insensitively.
    pub regex: bool,
    /// Trailing `|`: the pattern must reach the end of the URL.
    pub end_anchor: bool,
    /// Resource types the filter is limited to (empty = any).
    pub types: TypeMask,
    /// Resource types the filter excludes (`$~script`).
    pub not_types: TypeMask,
    /// `$third-party` / `$~third-party`.
    pub party: Option<Party>,
    /// `$domain=a.com`: initiators the filter is limited to.
    pub domains: Vec<String>,
    /// `$domain=~a.com`: initiators the filter does not apply to.
    pub not_domains: Vec<String>,
    /// `$important`: wins over exceptions.
    pub important: bool,
    /// `$denyallow=a.com|b.com`: request hosts the filter does not apply to.
    pub denyallow: Vec<String>,
    /// `$to=a.com`: request hosts the filter is limited to.
    pub to: Vec<String>,
    /// `$to=~a.com`: request hosts the filter does not apply to.
    pub not_to: Vec<String>,
    /// `$method=post`: request methods (lower case) the filter is limited to.
    pub methods: Vec<String>,
    /// `$method=~get`: request methods the filter does not apply to.
    pub not_methods: Vec<String>,
    /// `$removeparam`: instead of blocking, strip query parameters. `Some("")` strips all of
    /// them, `Some("name")` one, `Some("~name")` all but one, `Some("/re/")` those a regex names.
    pub remove_param: Option<String>,
    /// `$badfilter`: cancels the filter that reads the same without this option.
    pub badfilter: bool,
    /// `$redirect=` / `$redirect-rule=`: answer a blocked request with a packaged resource.
    pub redirect: Option<Redirect>,
    /// Class and vendor from the `! keyveil:` block the filter sits in.
    pub meta: Option<Meta>,
}

impl Filter {
    /// A blocking filter with this pattern and no options (the parser fills the rest in).
    pub(crate) fn new(exception: bool, meta: Option<Meta>) -> Filter {
        Filter {
            exception,
            anchor: Anchor::None,
            pattern: String::new(),
            regex: false,
            end_anchor: false,
            types: TypeMask::EMPTY,
            not_types: TypeMask::EMPTY,
            party: None,
            domains: Vec::new(),
            not_domains: Vec::new(),
            important: false,
            denyallow: Vec::new(),
            to: Vec::new(),
            not_to: Vec::new(),
            methods: Vec::new(),
            not_methods: Vec::new(),
            remove_param: None,
            badfilter: false,
            redirect: None,
            meta,
        }
    }

    /// True for a glob filter that blocks or excepts, limited by type, party and initiator
    /// only: no regex, `$removeparam`, `$denyallow`, `$to` or `$method`. The matcher applies
    /// more than these ([`List::matched`]). A `$redirect=` filter blocks, so it is plain;
    /// `$redirect-rule=` and exceptions to redirects block or allow nothing and are matched
    /// apart (`request::Classifier`).
    pub fn is_plain(&self) -> bool {
        !self.regex
            && !self.badfilter
            && self.remove_param.is_none()
            && self.denyallow.is_empty()
            && self.to.is_empty()
            && self.not_to.is_empty()
            && self.methods.is_empty()
            && self.not_methods.is_empty()
            && self
                .redirect
                .as_ref()
                .is_none_or(|r| !r.rule_only && !self.exception)
    }

    /// For a `||host^…` filter whose host part is literal, that host; the matcher indexes by it.
    ///
    /// A host part that ends the pattern (`||example.com`) counts too: uBlock Origin treats such a
    /// filter as a pure hostname filter, the same as `||example.com^`. A host part ending in a
    /// dot (`||ads.`) is a prefix of host names, not a host, and gives `None`.
    pub fn anchored_host(&self) -> Option<&str> {
        if self.anchor != Anchor::Host || self.regex {
            return None;
        }
        let end = self
            .pattern
            .find(['^', '/', ':', '*', '|', '?'])
            .unwrap_or(self.pattern.len());
        // `||ads.` is a prefix of hosts (`ads.example.com`), not a host: it is matched by
        // pattern like any other, never looked up as the host `ads.`.
        if self.pattern[end..].starts_with('*') || end == 0 || self.pattern[..end].ends_with('.') {
            return None;
        }
        Some(&self.pattern[..end])
    }
}

/// `$redirect=name` (block, and answer with the resource) or `$redirect-rule=name` (answer with
/// the resource only a request some other filter blocks). On an exception (`@@…$redirect-rule`)
/// it cancels the redirect, not the block: the request stays blocked, unanswered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Redirect {
    /// The resource's canonical name (`noop.js` for `noopjs`); empty on an exception to every
    /// redirect.
    pub token: String,
    /// `:N` after the token: ranks competing redirects (higher wins).
    pub priority: Option<u8>,
    /// `$redirect-rule`: does not block by itself.
    pub rule_only: bool,
}

impl Redirect {
    /// The packaged resource the token names (`None` for an exception's empty token).
    pub fn resource(&self) -> Option<&'static resources::Resource> {
        resources::find(&self.token)
    }
}

/// One entry of a list, in the order it was read.
// Nearly every entry of a real list is a filter: boxing the large variant would add an
// allocation per filter to save space only on the few comments.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Entry {
    /// `! Key: value` for the known header keys.
    Header { key: String, value: String },
    /// Any other comment line, kept so printing loses nothing a person wrote.
    Comment { text: String },
    /// `! keyveil: …` (a new block) or `! keyveil: end` (no metadata from here on).
    Meta { meta: Option<Meta> },
    /// A network filter.
    Filter { filter: Filter },
}

/// A parsed list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// Entries in list order.
    pub entries: Vec<Entry>,
}

impl List {
    /// Every network filter read, `$badfilter`s and the filters they cancel included.
    pub fn all_filters(&self) -> impl Iterator<Item = &Filter> + Clone {
        self.entries.iter().filter_map(|e| match e {
            Entry::Filter { filter } => Some(filter),
            _ => None,
        })
    }

    /// The filters in force, in list order: no `$badfilter`, nor a filter one of them cancels
    /// (one that prints the same as the `$badfilter` without that option). What DNR compiles.
    pub fn in_force(&self) -> impl Iterator<Item = &Filter> {
        self.in_force_at().map(|(_, f)| f)
    }

    /// [`List::in_force`] with the index of each filter's entry: DNR compiling tells the
    /// built-in list's filters (the first entries of a combined list) from the others by it.
    pub fn in_force_at(&self) -> impl Iterator<Item = (usize, &Filter)> {
        let cancelled = self.cancelled();
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Entry::Filter { filter } => Some((i, filter)),
                _ => None,
            })
            .filter(move |(_, f)| !f.badfilter && !cancelled.contains(f))
    }

    /// The filters `$badfilter`s cancel: `None` when there is none.
    fn cancelled(&self) -> Cancelled {
        let printed: HashSet<String> = self
            .all_filters()
            .filter(|f| f.badfilter)
            .map(|f| {
                let mut g = f.clone();
                g.badfilter = false;
                print_filter(&g)
            })
            .collect();
        let patterns = self
            .all_filters()
            .filter(|f| f.badfilter)
            .map(|f| f.pattern.clone())
            .collect();
        Cancelled { printed, patterns }
    }

    /// The filters without options the matcher could not apply before it applied them: those [in force](List::in_force) that are
    /// [plain](Filter::is_plain), in list order.
    pub fn filters(&self) -> impl Iterator<Item = &Filter> {
        self.in_force().filter(|f| f.is_plain())
    }

    /// The filters the request matcher applies, in list order: those [in force](List::in_force)
    /// that block or except, with their `$domain`, `$denyallow`, `$to` and `$method` limits
    /// (the matcher applies them all). Left out: regular expressions (the core has no regex
    /// engine; DNR compiles them for Chrome) and `$removeparam`, which strips parameters
    /// instead of blocking and is applied where requests are rewritten.
    pub fn matched(&self) -> impl Iterator<Item = &Filter> + Clone {
        let cancelled = self.cancelled();
        self.all_filters().filter(move |f| {
            !f.badfilter
                && !f.regex
                && f.remove_param.is_none()
                // `$redirect-rule=` and exceptions to redirects block or allow nothing here.
                && f.redirect.as_ref().is_none_or(|r| !r.rule_only && !f.exception)
                && !cancelled.contains(f)
        })
    }

    /// The value of a header (`Title`, `Version`…), if the list has it.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.entries.iter().find_map(|e| match e {
            Entry::Header { key: k, value } if k.eq_ignore_ascii_case(key) => Some(value.as_str()),
            _ => None,
        })
    }
}

/// The filters `$badfilter`s cancel, by printed form; only a filter whose pattern a
/// `$badfilter` shares is printed to be looked up (printing every filter of a large list would
/// take longer than compiling it).
#[derive(Debug, Clone)]
struct Cancelled {
    printed: HashSet<String>,
    patterns: HashSet<String>,
}

impl Cancelled {
    fn contains(&self, f: &Filter) -> bool {
        self.patterns.contains(&f.pattern) && self.printed.contains(&print_filter(f))
    }
}

/// What happened to one line of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "kebab-case")]
pub enum Fate {
    /// Read and kept (a filter, header, comment, metadata or blank line).
    Accepted,
    /// Valid filter syntax that KeyVeil does not act on, kept out on purpose.
    Ignored { reason: IgnoreReason },
    /// Not valid, kept out.
    Rejected { reason: RejectReason },
}

/// The fate of one line, with its 1-based number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineReport {
    /// 1-based line number.
    pub line: usize,
    /// The line as read (trimmed).
    pub text: String,
    /// What happened to it.
    #[serde(flatten)]
    pub fate: Fate,
}

/// How many lines met each fate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Lines read.
    pub lines: usize,
    /// Accepted lines of any kind.
    pub accepted: usize,
    /// Of the accepted lines, network filters.
    pub filters: usize,
    /// Lines ignored with a reason.
    pub ignored: usize,
    /// Lines rejected with a reason.
    pub rejected: usize,
    /// Of the rejected lines, those past [`MAX_LIST_LINES`], not read at all.
    #[serde(skip_serializing_if = "is_zero")]
    pub unread: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The result of [`parse`]: the list and the line-by-line account of how it was read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// What was kept.
    pub list: List,
    /// Every line that was not accepted plainly (ignored or rejected), in order.
    pub problems: Vec<LineReport>,
    /// Counts of all lines.
    pub summary: Summary,
}
