//! Filter lists in uBlock Origin's network-filter syntax: parse, print, the built-in list, DNR rules.
//!
//! A list is a sequence of [`Entry`] values: headers (`! Title: …`), plain comments, KeyVeil
//! metadata (`! keyveil: class=…; vendor=…`, see `lists/README.md`) and network [`Filter`]s.
//! [`parse`] reads text and reports the fate of every line ([`Report`]); [`print`] writes the
//! canonical form; [`dnr::compile`] turns a list plus user overrides into Chrome
//! declarativeNetRequest rules; [`builtin`] is KeyVeil's own list, embedded at build time.

pub mod builtin;
pub mod dnr;
mod options;
mod parse;
mod print;
pub mod user;

pub use options::{Party, TypeMask};
pub use parse::{parse, IgnoreReason, RejectReason, MAX_LINE_BYTES, MAX_LIST_LINES};
pub use print::{print, print_filter};

use crate::Class;
use serde::Serialize;

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
    pub pattern: String,
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
    /// Class and vendor from the `! keyveil:` block the filter sits in.
    pub meta: Option<Meta>,
}

impl Filter {
    /// For a `||host^…` filter whose host part is literal, that host; the matcher indexes by it.
    ///
    /// A host part that ends the pattern (`||example.com`) counts too: uBlock Origin treats such a
    /// filter as a pure hostname filter, the same as `||example.com^`. A host part ending in a
    /// dot (`||ads.`) is a prefix of host names, not a host, and gives `None`.
    pub fn anchored_host(&self) -> Option<&str> {
        if self.anchor != Anchor::Host {
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

/// One entry of a list, in the order it was read.
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
    /// The network filters, in list order.
    pub fn filters(&self) -> impl Iterator<Item = &Filter> {
        self.entries.iter().filter_map(|e| match e {
            Entry::Filter { filter } => Some(filter),
            _ => None,
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
