//! Verdicts on page scripts from their source: recorder, or a library that merely listens.
//!
//! The pipeline is [`lexer`] (bytes to tokens) → [`features`] (tokens to behaviour counts) →
//! [`verdict`] (counts to a score via the table in [`weights`]). No AST, one pass, bounded memory;
//! small scripts get a second pass, [`flow`], that follows what they read to where they send it.

pub mod features;
pub mod flow;
pub mod lexer;
pub mod record;
pub mod terms;
pub mod vendors;
pub mod verdict;
pub mod vocab;
pub mod weights;

use crate::Class;
use serde::Serialize;
use std::collections::BTreeMap;

/// Scripts longer than this are classified on their first `MAX_BYTES` bytes (and say so).
/// Far above any real bundle; it bounds the time a hostile page can make us spend.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// What KeyVeil concluded about one script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// True when the script records input (and ships it, or loads something that does).
    pub records_input: bool,
    /// The kind of recording, or [`Class::None`].
    pub class: Class,
    /// The vendor, when known (`"rrweb"` for an unbranded rrweb-based recorder).
    pub vendor: Option<String>,
    /// The score behind the verdict; [`weights::THRESHOLD`] and above records.
    pub score: f32,
    /// Why, in words a person can read, each line with the score it added.
    pub evidence: Vec<String>,
    /// Occurrences of each behaviour signal, for tools that want the numbers.
    pub signals: BTreeMap<String, u32>,
    /// True when only the first [`MAX_BYTES`] bytes were read.
    pub truncated: bool,
}

/// Classifies a script from its source. Any bytes are accepted: invalid UTF-8, NULs and
/// unterminated literals are read as far as they go; the verdict never panics.
pub fn classify(url: Option<&str>, source: &[u8]) -> Verdict {
    let truncated = source.len() > MAX_BYTES;
    let src = &source[..source.len().min(MAX_BYTES)];
    let f = features::extract(src);
    // Small scripts only, and apart from the feature pass, which stays one pass over the tokens.
    let fl = flow::analyse(src);
    let mut s = verdict::score(&f, &fl);
    if let Some(u) = url {
        url_vendor(u, &mut s);
    }
    let mut signals: BTreeMap<String, u32> = terms::Signal::ALL
        .iter()
        .filter(|sig| f.count(**sig) > 0)
        .map(|sig| (format!("{sig:?}"), f.count(*sig)))
        .collect();
    let shipped = verdict::shipped(&f, &fl).len() as u32;
    if shipped > 0 {
        signals.insert("ShipsWhatItReads".into(), shipped);
    }
    if truncated {
        s.evidence.push(format!(
            "only the first {} of {} were read (script size limit)",
            crate::limits::human_bytes(MAX_BYTES),
            crate::limits::human_bytes(source.len())
        ));
    }
    Verdict {
        records_input: s.records_input,
        class: s.class,
        vendor: s.vendor,
        score: s.score,
        evidence: s.evidence,
        signals,
        truncated,
    }
}

/// A script served from a known recorder's host is that recorder, whatever its source says.
fn url_vendor(url: &str, s: &mut verdict::Scored) {
    let host = url
        .split_once("://")
        .map_or(url, |(_, r)| r)
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let v = vocab::vocab();
    let hit = v
        .hosts
        .iter()
        .map(|&k| &v.patterns[usize::from(k)])
        .find(|p| p.path.is_empty() && is_host_or_subdomain(&host, &p.text));
    if let Some(p) = hit {
        s.score += weights::VENDOR_HOST + weights::LOADER;
        s.evidence.push(format!(
            "served from {host}, a {} host (+{})",
            p.vendor,
            weights::VENDOR_HOST + weights::LOADER
        ));
        if s.score >= weights::THRESHOLD {
            s.records_input = true;
            if s.class == Class::None || s.vendor.is_none() {
                s.class = p.class;
                s.vendor = Some(p.vendor.clone());
            }
        }
    }
}

/// `host` is `domain` or a subdomain of it, without building `".domain"` for each pattern (a
/// page's every script is checked against every vendor host).
fn is_host_or_subdomain(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendor_host_matches_itself_and_its_subdomains_only() {
        assert!(is_host_or_subdomain("hotjar.com", "hotjar.com"));
        assert!(is_host_or_subdomain("static.hotjar.com", "hotjar.com"));
        assert!(!is_host_or_subdomain("myhotjar.com", "hotjar.com"));
        assert!(!is_host_or_subdomain("hotjar.com.evil", "hotjar.com"));
        assert!(!is_host_or_subdomain("com", "hotjar.com"));
    }
}
