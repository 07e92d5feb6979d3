//! Verdicts on page scripts from their source: recorder, or a library that merely listens.
//!
//! PLACEHOLDER interface (foundation issue); the script-classifier issue replaces the body. The
//! public names (`Verdict`, `classify`) are what `engine.rs` and the CLI use.

use crate::Class;
use serde::Serialize;

/// What KeyVeil concluded about one script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// True when the script records input and ships it off the page.
    pub records_input: bool,
    /// The kind of recording, or [`Class::None`].
    pub class: Class,
    /// The vendor, when known.
    pub vendor: Option<String>,
    /// The score behind the verdict.
    pub score: f32,
    /// Why, in words a person can read.
    pub evidence: Vec<String>,
}

/// Classifies a script from its source.
pub fn classify(_url: Option<&str>, _source: &[u8]) -> Verdict {
    Verdict {
        records_input: false,
        class: Class::None,
        vendor: None,
        score: 0.0,
        evidence: vec![],
    }
}
