//! CSV export: one row per site and tracker, RFC 4180 quoting, safe to open in a spreadsheet.

use super::day::iso;
use super::Report;

/// The header row; documented column by column in `docs/report-schema.md`. Append new
/// columns at the end only, so scripts reading by position keep working.
pub const CSV_COLUMNS: &[&str] = &[
    "site",
    "tracker",
    "vendor",
    "host",
    "class",
    "first_party",
    "inputs",
    "found_by",
    "first_seen",
    "last_seen",
    "blocked_requests",
    "fuzzed_events",
    "stripped_fields",
    "allowed_requests",
    "leak_count",
    "leaked_fields",
];

/// One cell: quoted when it holds a separator, quote or line break; prefixed with `'` when it
/// starts like a formula (`=`, `+`, `-`, `@`, tab, CR), because site and vendor names come
/// from pages and a spreadsheet would otherwise run them (OWASP "CSV injection").
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn kebab<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl Report {
    /// The CSV export, CRLF line ends as RFC 4180 says, header first, sites and trackers in
    /// key order.
    pub fn export_csv(&self) -> String {
        let mut out = CSV_COLUMNS.join(",");
        out.push_str("\r\n");
        for (site, record) in &self.sites {
            for (key, t) in &record.trackers {
                let join = |v: Vec<String>| v.join(";");
                let leaked: Vec<String> = t
                    .leaks
                    .iter()
                    .map(|l| format!("{} as {}", l.field, kebab(&l.encoding)))
                    .collect();
                let row = [
                    site.clone(),
                    key.clone(),
                    t.vendor.clone().unwrap_or_default(),
                    t.host.clone().unwrap_or_default(),
                    t.class.to_string(),
                    t.first_party.to_string(),
                    join(t.inputs.iter().map(kebab).collect()),
                    join(t.found_by.iter().map(kebab).collect()),
                    iso(t.first_seen),
                    iso(t.last_seen),
                    t.blocked_requests.to_string(),
                    t.fuzzed_events.to_string(),
                    t.stripped_fields.to_string(),
                    t.allowed_requests.to_string(),
                    t.leaks.len().to_string(),
                    leaked.join("; "),
                ];
                let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
    }
}
