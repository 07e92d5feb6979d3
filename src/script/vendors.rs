//! Known recorders' hosts and globals, read from `vendors.tsv` (data, reviewed like code).

use crate::Class;

/// How a vendor pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternKind {
    /// A host suffix (with an optional path) inside string or template text.
    Host,
    /// A page global or config name, as an identifier or a string.
    Global,
}

/// One pattern of one vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub vendor: String,
    pub class: Class,
    pub kind: PatternKind,
    /// For hosts: the host suffix, lower-case.
    pub text: String,
    /// For hosts with a path: the path that must follow the host (`/tr`), else empty.
    pub path: String,
}

/// A line of the vendor table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("vendors.tsv line {line}: {reason}")]
pub struct LineError {
    pub line: usize,
    pub reason: String,
}

/// The built-in table's text.
pub const BUILTIN: &str = include_str!("vendors.tsv");

/// Parses a vendor table; lines that cannot be read come back as errors, never dropped silently.
pub fn parse(text: &str) -> (Vec<Pattern>, Vec<LineError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |reason: String| LineError {
            line: i + 1,
            reason,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        let [vendor, class, kind, pattern] = cols[..] else {
            errors.push(err(format!(
                "expected 4 tab-separated columns, got {}",
                cols.len()
            )));
            continue;
        };
        let class = match class.parse::<Class>() {
            Ok(c) if c != Class::None => c,
            Ok(_) => {
                errors.push(err("class none is not a recorder".into()));
                continue;
            }
            Err(e) => {
                errors.push(err(e.to_string()));
                continue;
            }
        };
        let kind = match kind {
            "host" => PatternKind::Host,
            "global" => PatternKind::Global,
            other => {
                errors.push(err(format!("unknown kind {other:?} (host or global)")));
                continue;
            }
        };
        if pattern.is_empty() || vendor.is_empty() {
            errors.push(err("empty vendor or pattern".into()));
            continue;
        }
        let (text, path) = match (kind, pattern.find('/')) {
            (PatternKind::Host, Some(p)) => {
                (pattern[..p].to_ascii_lowercase(), pattern[p..].into())
            }
            (PatternKind::Host, None) => (pattern.to_ascii_lowercase(), String::new()),
            (PatternKind::Global, _) => (pattern.to_string(), String::new()),
        };
        if kind == PatternKind::Host && !text.contains('.') {
            errors.push(err(format!("host {text:?} has no dot")));
            continue;
        }
        out.push(Pattern {
            vendor: vendor.to_string(),
            class,
            kind,
            text,
            path,
        });
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_reads_cleanly() {
        let (p, errors) = parse(BUILTIN);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(p.len() > 40);
        let fb = p.iter().find(|p| p.text == "facebook.com").unwrap();
        assert_eq!(fb.path, "/tr");
        assert_eq!(fb.class, Class::MetaPixel);
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let (p, errors) =
            parse("# c\nA\tsession-replay\thost\ta.com\nB\tnone\thost\tb.com\nC\tx\n");
        assert_eq!(p.len(), 1);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[1].line, 4);
    }
}
