//! Canonical printing: one spelling per meaning, so parse -> print -> parse is stable.

use super::optlist::escape_value;
use super::{Anchor, Entry, Filter, List, Meta, Party};
use std::fmt::Write;

/// Prints a whole list: headers, comments and filters in list order, with a `! keyveil:` line
/// wherever the metadata in force changes. Lines that were ignored or rejected are not printed.
pub fn print(list: &List) -> String {
    let mut out = String::new();
    let mut current: Option<&Meta> = None;
    for entry in &list.entries {
        match entry {
            Entry::Header { key, value } => {
                let _ = writeln!(out, "! {key}: {value}");
            }
            Entry::Comment { text } => {
                let _ = writeln!(out, "{text}");
            }
            // Metadata is printed from the filters themselves, so an unused block vanishes
            // and a list assembled in code (no Meta entries) still prints its classes.
            Entry::Meta { .. } => {}
            Entry::Filter { filter } => {
                if filter.meta.as_ref() != current {
                    current = filter.meta.as_ref();
                    out.push_str(&meta_line(current));
                    out.push('\n');
                }
                out.push_str(&print_filter(filter));
                out.push('\n');
            }
        }
    }
    out
}

/// The `! keyveil:` line for a metadata block (or its end).
pub fn meta_line(meta: Option<&Meta>) -> String {
    match meta {
        Some(m) => format!("! keyveil: class={}; vendor={}", m.class, m.vendor),
        None => "! keyveil: end".to_string(),
    }
}

/// One filter in canonical filter syntax: options in a fixed order, aliases spelled out.
pub fn print_filter(f: &Filter) -> String {
    let mut s = String::with_capacity(f.pattern.len() + 16);
    if f.exception {
        s.push_str("@@");
    }
    if f.regex {
        s.push('/');
        s.push_str(&f.pattern);
        s.push('/');
        push_options(&mut s, f);
        return s;
    }
    s.push_str(match f.anchor {
        Anchor::None => "",
        Anchor::Start => "|",
        Anchor::Host => "||",
    });
    // An unanchored pattern that would read back as something else (`/x/` a regex, `|x` an
    // anchor, `@@x` an exception, `!x` a comment…) keeps the `*` the parser dropped; so does a
    // `|` that ends a pattern without an end anchor.
    if f.anchor == Anchor::None && f.pattern.starts_with(['/', '|', '@', '!', '[', '#']) {
        s.push('*');
    }
    s.push_str(&f.pattern);
    if f.end_anchor {
        s.push('|');
    } else if f.pattern.ends_with('|') {
        s.push('*');
    }
    push_options(&mut s, f);
    s
}

/// Appends `$options` in canonical order, if the filter has any.
fn push_options(s: &mut String, f: &Filter) {
    let mut opts: Vec<String> = Vec::new();
    opts.extend(f.types.names().map(str::to_string));
    opts.extend(f.not_types.names().map(|n| format!("~{n}")));
    match f.party {
        Some(Party::Third) => opts.push("third-party".into()),
        Some(Party::First) => opts.push("~third-party".into()),
        None => {}
    }
    if !f.domains.is_empty() || !f.not_domains.is_empty() {
        let ds: Vec<String> = f
            .domains
            .iter()
            .cloned()
            .chain(f.not_domains.iter().map(|d| format!("~{d}")))
            .collect();
        opts.push(format!("domain={}", ds.join("|")));
    }
    let list = |only: &[String], not: &[String]| {
        only.iter()
            .cloned()
            .chain(not.iter().map(|d| format!("~{d}")))
            .collect::<Vec<_>>()
            .join("|")
    };
    if !f.to.is_empty() || !f.not_to.is_empty() {
        opts.push(format!("to={}", list(&f.to, &f.not_to)));
    }
    if !f.denyallow.is_empty() {
        opts.push(format!("denyallow={}", f.denyallow.join("|")));
    }
    if !f.methods.is_empty() || !f.not_methods.is_empty() {
        opts.push(format!("method={}", list(&f.methods, &f.not_methods)));
    }
    match f.remove_param.as_deref() {
        Some("") => opts.push("removeparam".into()),
        Some(v) => opts.push(format!("removeparam={}", escape_value(v))),
        None => {}
    }
    if let Some(r) = &f.redirect {
        let name = if r.rule_only {
            "redirect-rule"
        } else {
            "redirect"
        };
        let mut o = name.to_string();
        if !r.token.is_empty() || r.priority.is_some() {
            o.push('=');
            o.push_str(&escape_value(&r.token));
        }
        if let Some(p) = r.priority {
            o.push_str(&format!(":{p}"));
        }
        opts.push(o);
    }
    if f.important {
        opts.push("important".into());
    }
    if f.badfilter {
        opts.push("badfilter".into());
    }
    if !opts.is_empty() {
        s.push('$');
        s.push_str(&opts.join(","));
    }
}
