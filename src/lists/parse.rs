//! Reads filter-list text line by line; every line is accepted, ignored or rejected with a reason.

use super::optlist::{self, Opt};
use super::{
    broad, resources, Anchor, Entry, Fate, Filter, LineReport, Meta, Party, Redirect, Report,
    TypeMask,
};
use crate::Class;
use serde::Serialize;

/// Longest line read; longer ones are rejected rather than scanned. Real lists need more than
/// one might think: EasyPrivacy's exception for Google Tag Manager on 440 sites is one line of
/// 6,353 bytes. Readers of untrusted input (the CLI) keep at most this much of any line.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Most lines read from one list: above what the extension's 8 MiB fetch cap holds of a real
/// list (about 300,000 lines; EasyList has under 100,000), so it bounds other callers (the
/// CLI, pasted rules) without cutting a list the extension accepted. The lines
/// past it are not read: they are counted as rejected and in [`Summary::unread`], and the first
/// of them is reported with [`RejectReason::ListTooLong`], so a list is never cut silently.
///
/// [`Summary::unread`]: super::Summary::unread
pub const MAX_LIST_LINES: usize = 500_000;

/// Header keys recognised in `! Key: value` comments.
const HEADER_KEYS: [&str; 7] = [
    "Title",
    "Homepage",
    "Expires",
    "Version",
    "Last modified",
    "Description",
    "License",
];

/// Options other blockers know that change what a filter means in ways KeyVeil does not model;
/// a filter carrying one is ignored as a whole rather than applied half-understood.
const UNSUPPORTED_OPTIONS: [&str; 28] = [
    "uritransform",
    "urltransform",
    "urlskip",
    "ipaddress",
    "empty",
    "mp4",
    "csp",
    "rewrite",
    "replace",
    "header",
    "permissions",
    "popup",
    "popunder",
    "document",
    "doc",
    "generichide",
    "ghide",
    "elemhide",
    "ehide",
    "specifichide",
    "shide",
    "inline-script",
    "inline-font",
    "all",
    "match-case",
    "strict1p",
    "strict3p",
    "genericblock",
];

/// Why a line was valid but kept out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", content = "detail", rename_all = "kebab-case")]
pub enum IgnoreReason {
    /// Element hiding (`##`, `#@#`, `#?#`): KeyVeil acts on requests only.
    #[error("cosmetic filter (KeyVeil acts on network requests only)")]
    Cosmetic,
    /// `##+js(...)` and the like.
    #[error("scriptlet injection is not supported")]
    Scriptlet,
    /// `##^` HTML filtering.
    #[error("HTML filtering is not supported")]
    HtmlFilter,
    /// `!#if`, `!#include`…: the filters inside are read as if the directive were absent.
    #[error("preprocessor directive is not supported; filters around it are read unconditionally")]
    Preprocessor,
    /// A known option KeyVeil does not model (`$csp`, `$popup`…).
    #[error("option ${0} is not supported")]
    UnsupportedOption(String),
    /// `$redirect=name` naming a resource KeyVeil does not package (a vendor's stand-in script
    /// such as `googletagmanager_gtm.js`): the whole filter is left out, as uBlock Origin Lite
    /// leaves out a redirect it cannot answer.
    #[error(
        "redirect resource {0:?} is not packaged (KeyVeil has the neutral ones: noop.js, \
         noop.txt, noop.json, noop.css, noop.html, empty, 1x1.gif, 2x2.png, 3x2.png, 32x32.png)"
    )]
    UnknownResource(String),
    /// `@@…$redirect=name`: uBlock Origin reads it as a plain exception plus an exception to
    /// the redirect; written so it is a mistake for `$redirect-rule`, and left out.
    #[error("$redirect on an exception (an exception to a redirect is written @@…$redirect-rule)")]
    RedirectException,
}

/// Why a line was not valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", content = "detail", rename_all = "kebab-case")]
pub enum RejectReason {
    /// Longer than [`MAX_LINE_BYTES`].
    #[error("line longer than {MAX_LINE_BYTES} bytes")]
    LineTooLong,
    /// The list goes on past [`MAX_LIST_LINES`]: this line and the rest (the count) were not read.
    #[error(
        "list longer than {MAX_LIST_LINES} lines: this line and the {0} after it were not read"
    )]
    ListTooLong(usize),
    /// Nothing left to match (`||`, `@@`, `*`) and no domain restriction: it would match everything.
    #[error("empty pattern would match every request")]
    EmptyPattern,
    /// A pattern nearly every URL contains (`/`, `.`, `http`, `|https://`), with no host anchor
    /// and no domain restriction: one such line would break the web.
    #[error(
        "pattern {0:?} would match nearly every request: it needs {min} letters or digits \
         beyond the URL scheme, a ||host anchor or a $domain",
        min = broad::MIN_MEANINGFUL
    )]
    TooBroad(String),
    /// A space or non-ASCII byte in the pattern.
    #[error("invalid character {0:?} in pattern")]
    InvalidCharacter(char),
    /// `||host` with characters no host name has.
    #[error("invalid host {0:?} after ||")]
    InvalidHost(String),
    /// An option nobody knows.
    #[error("unknown option ${0}")]
    UnknownOption(String),
    /// `$script=x`.
    #[error("option ${0} takes no value")]
    UnexpectedValue(String),
    /// `$domain` without `=`.
    #[error("option ${0} needs a value")]
    MissingValue(String),
    /// `$~important`.
    #[error("option ${0} cannot be negated")]
    UnexpectedNegation(String),
    /// `$third-party,~third-party`.
    #[error("conflicting options ${0}")]
    ConflictingOptions(String),
    /// An empty or malformed entry in a list of domains (`$domain=`, `$to=`, `$denyallow=`).
    #[error("invalid domain {0:?} in ${1}")]
    BadDomain(String, String),
    /// `$method=` with a method DNR does not name.
    #[error("invalid method {0:?} in $method (expected connect, delete, get, head, options, patch, post or put)")]
    BadMethod(String),
    /// `$` with nothing after it.
    #[error("empty option list after $")]
    EmptyOptions,
    /// A `! keyveil:` line that does not read; filters after it get no class until the next one.
    #[error("bad keyveil metadata: {0}")]
    BadMetadata(String),
}

/// What a single line turned into (short-lived: one at a time, so its size does not matter).
#[allow(clippy::large_enum_variant)]
enum Line {
    Blank,
    Entry(Entry),
    Ignored(IgnoreReason),
    Rejected(RejectReason),
}

/// Parses a whole list. Never fails: problems are reported per line in [`Report::problems`].
pub fn parse(text: &str) -> Report {
    parse_with(text, |_, _, _, _| {})
}

/// [`parse`], calling `each` with every line read: its 1-based number, its text (trimmed), its fate and, for an
/// accepted filter, header, comment or metadata line, what it became (for a line-by-line
/// account such as `keyveil list check --json`).
pub fn parse_with(text: &str, mut each: impl FnMut(usize, &str, &Fate, Option<&Entry>)) -> Report {
    let mut report = Report::default();
    let mut meta: Option<Meta> = None;
    let mut lines = text.lines().enumerate();
    while let Some((i, raw)) = lines.next() {
        if i >= MAX_LIST_LINES {
            let after = lines.count();
            let unread = after + 1;
            report.summary.lines += unread;
            report.summary.rejected += unread;
            report.summary.unread = unread;
            report.problems.push(LineReport {
                line: i + 1,
                text: raw.trim().chars().take(200).collect(),
                fate: Fate::Rejected {
                    reason: RejectReason::ListTooLong(after),
                },
            });
            break;
        }
        let line = raw.trim();
        report.summary.lines += 1;
        let parsed = parse_line(line, &meta);
        let fate = match parsed {
            Line::Blank => Fate::Accepted,
            Line::Entry(entry) => {
                match &entry {
                    Entry::Meta { meta: m } => meta = m.clone(),
                    Entry::Filter { .. } => report.summary.filters += 1,
                    _ => {}
                }
                each(i + 1, line, &Fate::Accepted, Some(&entry));
                report.list.entries.push(entry);
                report.summary.accepted += 1;
                continue;
            }
            Line::Ignored(reason) => Fate::Ignored { reason },
            Line::Rejected(reason) => {
                if matches!(reason, RejectReason::BadMetadata(_)) {
                    meta = None;
                }
                Fate::Rejected { reason }
            }
        };
        each(i + 1, line, &fate, None);
        match fate {
            Fate::Accepted => report.summary.accepted += 1,
            Fate::Ignored { .. } => report.summary.ignored += 1,
            Fate::Rejected { .. } => report.summary.rejected += 1,
        }
        if fate != Fate::Accepted {
            report.problems.push(LineReport {
                line: i + 1,
                text: line.chars().take(200).collect(),
                fate,
            });
        }
    }
    report
}

fn parse_line(line: &str, meta: &Option<Meta>) -> Line {
    if line.len() > MAX_LINE_BYTES {
        return Line::Rejected(RejectReason::LineTooLong);
    }
    if line.is_empty() {
        return Line::Blank;
    }
    if line.starts_with('[') && line.ends_with(']') {
        return Line::Entry(Entry::Comment {
            text: line.to_string(),
        });
    }
    if let Some(body) = line.strip_prefix('!') {
        return parse_comment(body);
    }
    if line == "#" || line.starts_with("# ") {
        // Spelled `! …` like every comment, unless that would read back as a header, KeyVeil
        // metadata or a directive (`# keyveil: …`, `# Title: …`): then it stays as written.
        let bang = format!("!{}", &line[1..]);
        let text = match parse_comment(&line[1..]) {
            Line::Entry(Entry::Comment { text }) if text == bang => bang,
            _ => line.to_string(),
        };
        return Line::Entry(Entry::Comment { text });
    }
    if let Some(reason) = cosmetic(line) {
        return Line::Ignored(reason);
    }
    match parse_filter(line, meta.clone()) {
        Ok(filter) => Line::Entry(Entry::Filter { filter }),
        Err(Ok(ignore)) => Line::Ignored(ignore),
        Err(Err(reject)) => Line::Rejected(reject),
    }
}

fn parse_comment(body: &str) -> Line {
    if body.starts_with('#') {
        return Line::Ignored(IgnoreReason::Preprocessor);
    }
    let trimmed = body.trim_start();
    if let Some(rest) = strip_prefix_ci(trimmed, "keyveil:") {
        return match parse_meta(rest.trim()) {
            Ok(meta) => Line::Entry(Entry::Meta { meta }),
            Err(msg) => Line::Rejected(RejectReason::BadMetadata(msg)),
        };
    }
    if let Some((key, value)) = trimmed.split_once(':') {
        if let Some(k) = HEADER_KEYS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(key.trim()))
        {
            return Line::Entry(Entry::Header {
                key: (*k).to_string(),
                value: value.trim().to_string(),
            });
        }
    }
    Line::Entry(Entry::Comment {
        text: format!("!{}", body.trim_end()),
    })
}

/// Reads `class=…; vendor=…` or `end`.
fn parse_meta(text: &str) -> Result<Option<Meta>, String> {
    if text.eq_ignore_ascii_case("end") {
        return Ok(None);
    }
    let (mut class, mut vendor) = (None, None);
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("expected key=value, found {part:?}"))?;
        let v = v.trim();
        match k.trim() {
            "class" => class = Some(v.parse::<Class>().map_err(|e| e.to_string())?),
            "vendor" if !v.is_empty() && !v.contains(['\n', ';']) => vendor = Some(v.to_string()),
            "vendor" => return Err("vendor is empty".into()),
            other => return Err(format!("unknown key {other:?} (expected class, vendor)")),
        }
    }
    match (class, vendor) {
        (Some(class), Some(vendor)) => Ok(Some(Meta { class, vendor })),
        (None, _) => Err("class is missing".into()),
        (_, None) => Err("vendor is missing".into()),
    }
}

fn cosmetic(line: &str) -> Option<IgnoreReason> {
    let marks = ["##", "#@#", "#?#", "#$#", "#%#", "#@?#", "#@$#", "#@%#"];
    let at = marks.iter().filter_map(|m| line.find(m)).min()?;
    let rest = &line[at..];
    if rest.contains("+js(") || rest.starts_with("#%#") || rest.starts_with("#@%#") {
        Some(IgnoreReason::Scriptlet)
    } else if rest.starts_with("##^") || rest.starts_with("#@#^") {
        Some(IgnoreReason::HtmlFilter)
    } else {
        Some(IgnoreReason::Cosmetic)
    }
}

type FilterResult = Result<Filter, Result<IgnoreReason, RejectReason>>;

fn reject(r: RejectReason) -> Result<IgnoreReason, RejectReason> {
    Err(r)
}

fn parse_filter(line: &str, meta: Option<Meta>) -> FilterResult {
    let (exception, rest) = match line.strip_prefix("@@") {
        Some(r) => (true, r),
        None => (false, line),
    };
    let (pattern_text, options_text) = optlist::split_options(rest);
    let mut filter = Filter::new(exception, meta);
    if let Some(opts) = options_text {
        // Values may hold spaces (`$csp=script-src 'none'`) but never control characters.
        if let Some(c) = opts.chars().find(|c| c.is_control()) {
            return Err(reject(RejectReason::InvalidCharacter(c)));
        }
        parse_options(opts, &mut filter)?;
    }
    if let Some(c) = pattern_text.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(reject(RejectReason::InvalidCharacter(c)));
    }
    let limited = !filter.domains.is_empty() || !filter.to.is_empty();
    if pattern_text.len() > 2 && pattern_text.starts_with('/') && pattern_text.ends_with('/') {
        let re = &pattern_text[1..pattern_text.len() - 1];
        if !limited && filter.remove_param.is_none() && broad::regex_is_broad(re) {
            return Err(reject(RejectReason::TooBroad(pattern_text.to_string())));
        }
        filter.regex = true;
        filter.pattern = re.to_string();
        return Ok(filter);
    }
    let mut p = pattern_text;
    if let Some(r) = p.strip_prefix("||") {
        filter.anchor = Anchor::Host;
        p = r;
    } else if let Some(r) = p.strip_prefix('|') {
        filter.anchor = Anchor::Start;
        p = r;
    }
    if let Some(r) = p.strip_suffix('|') {
        filter.end_anchor = true;
        p = r;
    }
    let mut pattern = p.to_ascii_lowercase();
    // `*` at an unanchored edge adds nothing; dropping it gives one spelling per meaning.
    if filter.anchor == Anchor::None {
        pattern = pattern.trim_start_matches('*').to_string();
    }
    if !filter.end_anchor {
        pattern = pattern.trim_end_matches('*').to_string();
    }
    if filter.anchor == Anchor::Host {
        let end = pattern
            .find(['^', '/', ':', '?', '|', '*'])
            .unwrap_or(pattern.len());
        let host = &pattern[..end];
        let valid = (!host.is_empty() || pattern.starts_with('*'))
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        let nothing_at_all = host.is_empty() && pattern.is_empty();
        if !valid && !nothing_at_all {
            return Err(reject(RejectReason::InvalidHost(host.to_string())));
        }
    }
    // A `$removeparam` filter strips parameters and blocks nothing: it may apply everywhere.
    if !limited && filter.remove_param.is_none() {
        if pattern.is_empty() {
            return Err(reject(RejectReason::EmptyPattern));
        }
        if filter.anchor != Anchor::Host && broad::glob_is_broad(&pattern) {
            return Err(reject(RejectReason::TooBroad(pattern_text.to_string())));
        }
    }
    filter.pattern = pattern;
    Ok(filter)
}

fn parse_options(text: &str, f: &mut Filter) -> Result<(), Result<IgnoreReason, RejectReason>> {
    if text.is_empty() {
        return Err(reject(RejectReason::EmptyOptions));
    }
    for opt in optlist::options(text) {
        let Opt {
            negated,
            name,
            value,
        } = opt;
        if let Some(t) = TypeMask::from_option(&name) {
            if value.is_some() {
                return Err(reject(RejectReason::UnexpectedValue(name)));
            }
            if negated {
                f.not_types = f.not_types.union(t);
            } else {
                f.types = f.types.union(t);
            }
            continue;
        }
        // Options that take a value must have one; those that can't be negated must not be.
        // `$redirect-rule` without a value is an exception to every redirect; a redirect that
        // blocks needs a resource.
        let needs_value = matches!(
            name.as_str(),
            "domain" | "from" | "denyallow" | "to" | "method" | "redirect"
        ) || (name == "redirect-rule" && !f.exception);
        let takes_value = needs_value
            || matches!(
                name.as_str(),
                "removeparam" | "queryprune" | "redirect" | "redirect-rule"
            );
        let negatable = matches!(name.as_str(), "third-party" | "3p" | "first-party" | "1p");
        let known = needs_value
            || takes_value
            || negatable
            || matches!(name.as_str(), "important" | "badfilter");
        if known {
            if negated && !negatable {
                return Err(reject(RejectReason::UnexpectedNegation(name)));
            }
            if value.is_some() && !takes_value {
                return Err(reject(RejectReason::UnexpectedValue(name)));
            }
            if value.is_none() && needs_value {
                return Err(reject(RejectReason::MissingValue(name)));
            }
        }
        let value = value.unwrap_or_default();
        match name.as_str() {
            "third-party" | "3p" | "first-party" | "1p" => {
                let third = matches!(name.as_str(), "third-party" | "3p") != negated;
                let party = if third { Party::Third } else { Party::First };
                if f.party.is_some_and(|p| p != party) {
                    return Err(reject(RejectReason::ConflictingOptions(
                        "third-party,~third-party".into(),
                    )));
                }
                f.party = Some(party);
            }
            "domain" | "from" => {
                let (only, not) = domain_list(&value, &name, true)?;
                merge(&mut f.domains, only);
                merge(&mut f.not_domains, not);
            }
            "to" => {
                let (only, not) = domain_list(&value, &name, true)?;
                merge(&mut f.to, only);
                merge(&mut f.not_to, not);
            }
            "denyallow" => {
                let (only, _) = domain_list(&value, &name, false)?;
                merge(&mut f.denyallow, only);
            }
            "method" => {
                for m in value.split('|') {
                    let (neg, m) = match m.strip_prefix('~') {
                        Some(r) => (true, r),
                        None => (false, m),
                    };
                    let m = m.to_ascii_lowercase();
                    if !METHODS.contains(&m.as_str()) {
                        return Err(reject(RejectReason::BadMethod(m)));
                    }
                    merge(
                        if neg {
                            &mut f.not_methods
                        } else {
                            &mut f.methods
                        },
                        vec![m],
                    );
                }
            }
            "removeparam" | "queryprune" => {
                if f.remove_param.is_some() || f.redirect.is_some() {
                    return Err(reject(RejectReason::ConflictingOptions(name)));
                }
                f.remove_param = Some(value);
            }
            "redirect" | "redirect-rule" => {
                if f.redirect.is_some() || f.remove_param.is_some() {
                    return Err(reject(RejectReason::ConflictingOptions(name)));
                }
                let rule_only = name == "redirect-rule";
                if f.exception && !rule_only {
                    return Err(Ok(IgnoreReason::RedirectException));
                }
                let (token, priority) = resources::split_priority(&value);
                // Kept by its canonical name, so an alias prints as the name and reads back
                // the same.
                let token = match resources::find(token) {
                    Some(r) => r.name,
                    None if token.is_empty() => "",
                    None => return Err(Ok(IgnoreReason::UnknownResource(token.to_string()))),
                };
                f.redirect = Some(Redirect {
                    token: token.to_string(),
                    priority,
                    rule_only,
                });
            }
            "important" => f.important = true,
            "badfilter" => f.badfilter = true,
            n if UNSUPPORTED_OPTIONS.contains(&n) => {
                return Err(Ok(IgnoreReason::UnsupportedOption(n.to_string())));
            }
            _ => return Err(reject(RejectReason::UnknownOption(name))),
        }
    }
    Ok(())
}

/// Request methods `$method` takes: the ones declarativeNetRequest names.
const METHODS: [&str; 8] = [
    "connect", "delete", "get", "head", "options", "patch", "post", "put",
];

/// Adds `new` to a sorted, duplicate-free list.
fn merge(list: &mut Vec<String>, new: Vec<String>) {
    list.extend(new);
    list.sort();
    list.dedup();
}

/// Reads `a.com|~b.com` (the domains and the negated ones) for option `name`; `~` only where
/// `negatable`.
fn domain_list(
    value: &str,
    name: &str,
    negatable: bool,
) -> Result<(Vec<String>, Vec<String>), Result<IgnoreReason, RejectReason>> {
    let (mut only, mut not) = (Vec::new(), Vec::new());
    for d in value.split('|') {
        let (negated, d) = match d.strip_prefix('~') {
            Some(r) if negatable => (true, r),
            _ => (false, d),
        };
        let d = d.to_ascii_lowercase();
        if d.ends_with(".*") {
            // uBO "entity" syntax (`example.*`): every TLD; DNR has no equivalent either.
            return Err(Ok(IgnoreReason::UnsupportedOption(format!("{name}={d}"))));
        }
        let ok = !d.is_empty()
            && !d.starts_with('.')
            && !d.ends_with('.')
            && !d.contains("..")
            && d.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !ok {
            return Err(reject(RejectReason::BadDomain(d, name.to_string())));
        }
        if negated {
            not.push(d);
        } else {
            only.push(d);
        }
    }
    Ok((only, not))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}
