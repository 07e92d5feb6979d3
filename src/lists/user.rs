//! The person's own rules and subscribed lists: a line-by-line check for the dashboard, list
//! facts (title, version, `! Expires:`), and the built-in list extended with them.
//!
//! Each extra list is parsed on its own, so a `! keyveil:` block in one cannot give its class
//! to the filters of the next; their entries are appended after the built-in ones.

use super::{parse, print, Fate, List, Summary};
use serde::Serialize;

/// The longest `! Expires:` honoured (uBlock Origin caps it the same way): 14 days.
pub const MAX_EXPIRES_HOURS: u64 = 14 * 24;
/// The shortest: one hour, so a list cannot make KeyVeil fetch it every minute.
pub const MIN_EXPIRES_HOURS: u64 = 1;
/// How often a subscribed list without a readable `! Expires:` is fetched again: 4 days.
pub const DEFAULT_REFRESH_HOURS: u64 = 4 * 24;

/// One line that was not plainly accepted, with a sentence a person can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    /// 1-based line number.
    pub line: usize,
    /// The line as read (trimmed).
    pub text: String,
    /// `ignored` or `rejected`.
    pub fate: &'static str,
    /// The machine-readable reason (`unknown-option`, `cosmetic`…).
    pub reason: String,
    /// What went wrong, in English (the reason's message).
    pub message: String,
}

/// What the dashboard shows about a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListInfo {
    /// `! Title:`, if given.
    pub title: Option<String>,
    /// `! Version:`, if given.
    pub version: Option<String>,
    /// `! Expires:` in hours, clamped to [`MIN_EXPIRES_HOURS`]..=[`MAX_EXPIRES_HOURS`]; absent
    /// when the list does not say or says something unreadable.
    pub expires_hours: Option<u64>,
    /// How many hours after a fetch to fetch it again: `expires_hours`, else
    /// [`DEFAULT_REFRESH_HOURS`].
    pub refresh_hours: u64,
    /// Counts of lines per fate.
    pub summary: Summary,
    /// Every ignored or rejected line, in order.
    pub problems: Vec<LineProblem>,
}

/// Reads a list and says what was kept, what was not and why, line by line.
pub fn check(text: &str) -> ListInfo {
    let report = parse(text);
    let problems = report
        .problems
        .iter()
        .filter_map(|p| {
            let (fate, reason, message) = match &p.fate {
                Fate::Accepted => return None,
                Fate::Ignored { reason } => ("ignored", tag(reason), reason.to_string()),
                Fate::Rejected { reason } => ("rejected", tag(reason), reason.to_string()),
            };
            Some(LineProblem {
                line: p.line,
                text: p.text.clone(),
                fate,
                reason,
                message,
            })
        })
        .collect();
    let expires = report.list.header("Expires").and_then(expires_hours);
    ListInfo {
        title: report.list.header("Title").map(str::to_string),
        version: report.list.header("Version").map(str::to_string),
        expires_hours: expires,
        refresh_hours: expires.unwrap_or(DEFAULT_REFRESH_HOURS),
        summary: report.summary,
        problems,
    }
}

/// The serialised tag of a reason enum (`{"reason": "unknown-option", ...}` → `unknown-option`).
fn tag<T: Serialize>(reason: &T) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.get("reason").and_then(|r| r.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// `! Expires:` as hours: `4 days`, `12 hours`, `1 day (update frequency)`, `6h`, `2d`.
pub fn expires_hours(value: &str) -> Option<u64> {
    let v = value.trim().to_ascii_lowercase();
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    let n: u64 = digits.parse().ok()?;
    let unit = v[digits.len()..].trim_start();
    let hours = if unit.starts_with('h') {
        n
    } else if unit.is_empty() || unit.starts_with('d') {
        n.saturating_mul(24)
    } else {
        return None;
    };
    Some(hours.clamp(MIN_EXPIRES_HOURS, MAX_EXPIRES_HOURS))
}

/// A list in canonical filter syntax with its unreadable lines left out (uBlock Origin reads it).
pub fn canonical(text: &str) -> String {
    print(&parse(text).list)
}

/// `base` followed by the entries of each extra list, each parsed on its own.
pub fn extend(base: &List, extras: &[&str]) -> (List, Vec<Summary>) {
    let mut list = base.clone();
    let mut summaries = Vec::with_capacity(extras.len());
    for text in extras {
        let r = parse(text);
        // A block's metadata ends with its list: the next list starts with none.
        list.entries.push(super::Entry::Meta { meta: None });
        list.entries.extend(r.list.entries);
        summaries.push(r.summary);
    }
    (list, summaries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_gives_line_numbers_reasons_and_messages() {
        let info = check(
            "! Title: Mine\n||a.example^\n||b.example^$bogus\nexample.com##.ad\n||c.example^\n",
        );
        assert_eq!(info.title.as_deref(), Some("Mine"));
        assert_eq!(info.summary.filters, 2);
        assert_eq!(info.summary.rejected, 1);
        assert_eq!(info.summary.ignored, 1);
        assert_eq!(info.problems.len(), 2);
        let bad = &info.problems[0];
        assert_eq!((bad.line, bad.fate), (3, "rejected"));
        assert_eq!(bad.reason, "unknown-option");
        assert!(bad.message.contains("$bogus"), "{}", bad.message);
        assert_eq!(info.problems[1].line, 4);
        assert_eq!(info.problems[1].fate, "ignored");
        assert_eq!(info.problems[1].reason, "cosmetic");
    }

    #[test]
    fn expires_reads_days_and_hours_and_clamps() {
        assert_eq!(expires_hours("4 days"), Some(96));
        assert_eq!(expires_hours("1 day (update frequency)"), Some(24));
        assert_eq!(expires_hours("12 hours"), Some(12));
        assert_eq!(expires_hours("6h"), Some(6));
        assert_eq!(expires_hours("0 hours"), Some(MIN_EXPIRES_HOURS));
        assert_eq!(expires_hours("365 days"), Some(MAX_EXPIRES_HOURS));
        assert_eq!(expires_hours("99999999999999999999 days"), None);
        assert_eq!(expires_hours("soon"), None);
        assert_eq!(expires_hours("3 weeks"), None);
        let info = check("! Expires: 2 days\n||a.example^\n");
        assert_eq!((info.expires_hours, info.refresh_hours), (Some(48), 48));
        let info = check("||a.example^\n");
        assert_eq!(
            (info.expires_hours, info.refresh_hours),
            (None, DEFAULT_REFRESH_HOURS)
        );
    }

    #[test]
    fn canonical_drops_bad_lines_and_keeps_good_ones() {
        let out = canonical("||a.example^\nnot a valid filter line\n||b.example^$third-party\n");
        assert!(out.contains("||a.example^"));
        assert!(out.contains("||b.example^$third-party"));
        assert!(!out.contains("not a valid"));
        assert!(check(&out).summary.rejected == 0);
    }

    #[test]
    fn extend_keeps_each_lists_metadata_to_itself() {
        let base = parse("||base.example^\n").list;
        let (list, sums) = extend(
            &base,
            &[
                "! keyveil: class=session-replay; vendor=Acme\n||acme.example^\n",
                "||plain.example^\n",
            ],
        );
        assert_eq!(sums.len(), 2);
        let filters: Vec<_> = list.filters().collect();
        assert_eq!(filters.len(), 3);
        assert_eq!(
            filters[1].meta.as_ref().map(|m| m.vendor.as_str()),
            Some("Acme")
        );
        assert!(
            filters[2].meta.is_none(),
            "metadata leaked into the next list"
        );
    }
}
