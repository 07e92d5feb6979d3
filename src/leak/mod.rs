//! Proof that a value typed into a page left it: the typed values, searched for in every encoding.
//!
//! The page hook keeps the recent values typed into fields (in page memory only) and hands
//! them to the background with a descriptor of their field. A [`LeakProbe`] is built once per
//! set of values: it precomputes every form in which a tracker may send them ("needles": plain,
//! base64 at the three alignments, MD5/SHA-1/SHA-256 hex of each normalisation), so scanning an
//! outgoing payload is one pass over its bytes per decoding layer. This is the method of the
//! "Leaky Forms" study (Senol et al., USENIX Security 2022).
//!
//! Results name the field and the encoding, never the value: a [`LeakMatch`] carries no typed
//! text, and neither do the errors nor the probe's `Debug` output.
//!
//! ```
//! use keyveil::leak::{Encoding, Field, LeakProbe, TypedValue};
//! let probe = LeakProbe::new(&[TypedValue {
//!     field: Field { name: Some("email".into()), ..Default::default() },
//!     value: " Alice@Example.org ".into(),
//! }]).unwrap();
//! // Meta's advanced matching: SHA-256 of the trimmed, lower-cased e-mail.
//! let url = "https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=\
//!            8B4E2E1A47F4A4D7E4F2E1F7A3C4B6D2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7B6";
//! assert!(probe.scan(Some(url), None).matches.is_empty()); // not this hash
//! let body = format!("ud[em]={}", keyveil::leak::hash::hex(&keyveil::leak::hash::sha256(b"alice@example.org")));
//! let scan = probe.scan(None, Some(body.as_bytes()));
//! assert_eq!(scan.matches[0].encoding, Encoding::Sha256Hex);
//! ```

pub mod disguise;
pub mod encode;
pub mod hash;
pub mod inflate;
mod needles;

use crate::limits::human_bytes;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use inflate::Compression;
use needles::{Index, Needle};

/// Values shorter than this (in bytes, after trimming) are not searched for: short values
/// (`yes`, a 4-digit PIN) appear in payloads by chance and would "prove" leaks that are noise.
pub const MIN_VALUE_LEN: usize = 6;
/// A phone number needs at least this many digits before its digits-only form is a needle.
pub const MIN_PHONE_DIGITS: usize = 7;
/// Plain and base64 needles use at most this many leading bytes of a long value (a text area):
/// a prefix that long leaving the page is proof enough, and it keeps needles short.
pub const MAX_NEEDLE_VALUE_LEN: usize = 256;
/// The most values one probe takes; the hook keeps only the recent ones.
pub const MAX_VALUES: usize = 64;
/// The most bytes inspected per URL, per body and per inflated body; the rest is not searched
/// and the scan says so ([`Scan::truncated`]).
pub const MAX_INSPECTED_BYTES: usize = 1024 * 1024;

/// What identifies a form field in reports: its attributes, never its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Field {
    /// The `name` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The `id` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The `type` attribute (`email`, `tel`, `password`, `text`…).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub input_type: Option<String>,
    /// The `autocomplete` attribute (`email`, `tel`, `given-name`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
}

impl fmt::Display for Field {
    /// A short label for people: `email (type=email, autocomplete=email)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let main = self
            .name
            .as_deref()
            .or(self.id.as_deref())
            .unwrap_or("field");
        f.write_str(main)?;
        let mut extra = Vec::new();
        if let Some(t) = &self.input_type {
            extra.push(format!("type={t}"));
        }
        if let Some(a) = &self.autocomplete {
            extra.push(format!("autocomplete={a}"));
        }
        if !extra.is_empty() {
            write!(f, " ({})", extra.join(", "))?;
        }
        Ok(())
    }
}

/// One value typed into one field, as the hook reports it.
#[derive(Clone, Deserialize)]
pub struct TypedValue {
    /// Which field.
    pub field: Field,
    /// What was typed. Kept in memory only while the probe lives; never serialised.
    pub value: String,
}

impl fmt::Debug for TypedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedValue")
            .field("field", &self.field)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// How the typed value was transformed before encoding, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Normalisation {
    /// Exactly as typed.
    AsTyped,
    /// Leading and trailing whitespace removed.
    Trimmed,
    /// Trimmed and lower-cased: Meta's normalisation of e-mail (and of names, cities…).
    LowerTrimmed,
    /// Digits only: Meta's normalisation of phone numbers.
    PhoneDigits,
}

/// The encoding the value was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// The bytes themselves.
    Plain,
    /// Percent-encoded (`%40`, `+` for a space): found only after decoding.
    UrlEncoded,
    /// Standard base64, anywhere inside a larger base64 blob.
    Base64,
    /// URL-safe base64 (`-`, `_`).
    Base64Url,
    /// MD5 hex digest, upper or lower case.
    Md5Hex,
    /// SHA-1 hex digest, upper or lower case.
    Sha1Hex,
    /// SHA-256 hex digest, upper or lower case (Meta's `ud[...]` fields).
    Sha256Hex,
}

/// Where in the request the value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Location {
    /// The request URL (query, path or fragment).
    Url,
    /// The body: beacon data, fetch/XHR body, WebSocket frame.
    Body,
}

/// One proven leak: which field's value, in which form, where. Never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakMatch {
    /// The field whose value left the page.
    pub field: Field,
    /// How the value was normalised before encoding.
    pub normalisation: Normalisation,
    /// How it was encoded.
    pub encoding: Encoding,
    /// Where it was found.
    pub location: Location,
    /// Set when found only after inflating a compressed body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
}

/// The result of scanning one payload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scan {
    /// Every distinct leak, one per field, encoding and location (the simplest normalisation).
    pub matches: Vec<LeakMatch>,
    /// True when part of the URL or body was past [`MAX_INSPECTED_BYTES`] (or an inflated body
    /// past its cap) and was not searched: no match does not then prove no leak.
    pub truncated: bool,
    /// The compression the body was inflated from, if it looked compressed.
    pub decompressed: Option<Compression>,
    /// What a limit cut, in words (`body cut at 1 MiB of 50 MiB: …`); empty when nothing was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Why a probe could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// More values than [`MAX_VALUES`]; the hook should send only the recent ones.
    #[error("too many typed values: {got} (at most {max})")]
    TooManyValues {
        /// How many were given.
        got: usize,
        /// [`MAX_VALUES`].
        max: usize,
    },
}

/// Typed values turned into needles once, ready to scan many payloads.
#[derive(Clone)]
pub struct LeakProbe {
    fields: Vec<Field>,
    index: Index,
    skipped: usize,
}

impl fmt::Debug for LeakProbe {
    /// Shows fields and counts only: the needles are derived from typed values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeakProbe")
            .field("fields", &self.fields)
            .field("needles", &self.index.len())
            .field("skipped", &self.skipped)
            .finish()
    }
}

impl LeakProbe {
    /// Precomputes the needles for `values`. Values shorter than [`MIN_VALUE_LEN`] are skipped
    /// (counted in [`LeakProbe::skipped`]).
    pub fn new(values: &[TypedValue]) -> Result<Self, Error> {
        if values.len() > MAX_VALUES {
            return Err(Error::TooManyValues {
                got: values.len(),
                max: MAX_VALUES,
            });
        }
        let mut needles = Vec::new();
        let mut fields = Vec::with_capacity(values.len());
        let mut skipped = 0;
        for tv in values {
            let forms = normalisations(&tv.value);
            if forms.is_empty() {
                skipped += 1;
                continue;
            }
            let value_idx = fields.len();
            fields.push(tv.field.clone());
            for (norm, form) in forms {
                needles::for_form(&form, value_idx, norm, &mut needles);
            }
        }
        Ok(Self {
            fields,
            index: Index::new(needles),
            skipped,
        })
    }

    /// How many values were too short to search for.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// True when no value is searched for (every scan then finds nothing).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Searches one outgoing payload: its URL and/or body bytes.
    pub fn scan(&self, url: Option<&str>, body: Option<&[u8]>) -> Scan {
        let mut scan = Scan::default();
        if self.is_empty() {
            return scan;
        }
        let mut hits: Vec<(
            usize,
            Normalisation,
            Encoding,
            Location,
            Option<Compression>,
        )> = Vec::new();
        let mut record = |needle: &Needle, loc: Location, decoded: bool, c: Option<Compression>| {
            let enc = match needle.encoding {
                Encoding::Plain if decoded => Encoding::UrlEncoded,
                e => e,
            };
            let hit = (needle.value_idx, needle.normalisation, enc, loc, c);
            // A needle repeated thousands of times in a payload is one finding.
            if !hits.contains(&hit) {
                hits.push(hit);
            }
        };
        for (loc, bytes) in [
            (Location::Url, url.map(str::as_bytes)),
            (Location::Body, body),
        ] {
            let Some(bytes) = bytes else { continue };
            let place = if loc == Location::Url { "URL" } else { "body" };
            let bytes = cap(bytes, place, &mut scan);
            self.scan_layers(bytes, &mut |n, decoded| record(n, loc, decoded, None));
            if loc == Location::Body {
                if let Some(inflated) = inflate::inflate(bytes) {
                    if inflated.truncated {
                        scan.truncated = true;
                        scan.notes.push(format!(
                            "inflated body cut at {}: the rest was not searched",
                            human_bytes(inflate::MAX_INFLATED_BYTES)
                        ));
                    }
                    scan.decompressed = Some(inflated.compression);
                    let c = Some(inflated.compression);
                    let inner = cap(&inflated.bytes, "inflated body", &mut scan);
                    self.scan_layers(inner, &mut |n, decoded| record(n, loc, decoded, c));
                }
            }
        }
        scan.matches = self.dedup(hits);
        scan
    }

    /// Scans the raw bytes, then their percent-decoded forms when they contain escapes.
    fn scan_layers(&self, bytes: &[u8], found: &mut dyn FnMut(&Needle, bool)) {
        self.index.find(bytes, &mut |n| found(n, false));
        if bytes.contains(&b'%') {
            let decoded = encode::percent_decode(bytes, false);
            self.index.find(&decoded, &mut |n| found(n, true));
        }
        if bytes.contains(&b'+') {
            let decoded = encode::percent_decode(bytes, true);
            self.index.find(&decoded, &mut |n| found(n, true));
        }
    }

    /// One match per (field, encoding, location), keeping the simplest normalisation and the
    /// uncompressed finding; a value found plain is not also reported as URL-encoded.
    fn dedup(
        &self,
        mut hits: Vec<(
            usize,
            Normalisation,
            Encoding,
            Location,
            Option<Compression>,
        )>,
    ) -> Vec<LeakMatch> {
        // One per (value, encoding, location), in the order found (URL first, raw before
        // decoded), keeping the uncompressed finding and the simplest normalisation. A linear
        // pass: there are a handful of hits, and a sort would add Wasm for nothing.
        let mut best: Vec<(
            usize,
            Normalisation,
            Encoding,
            Location,
            Option<Compression>,
        )> = Vec::with_capacity(hits.len());
        for h in hits.drain(..) {
            match best.iter_mut().find(|b| (b.0, b.2, b.3) == (h.0, h.2, h.3)) {
                Some(b) if (h.4.is_some(), h.1) < (b.4.is_some(), b.1) => *b = h,
                Some(_) => {}
                None => best.push(h),
            }
        }
        let mut hits = best;
        let plain: Vec<(usize, Location)> = hits
            .iter()
            .filter(|h| h.2 == Encoding::Plain)
            .map(|h| (h.0, h.3))
            .collect();
        hits.retain(|h| h.2 != Encoding::UrlEncoded || !plain.contains(&(h.0, h.3)));
        hits.into_iter()
            .filter_map(|(v, normalisation, encoding, location, compression)| {
                Some(LeakMatch {
                    field: self.fields.get(v)?.clone(),
                    normalisation,
                    encoding,
                    location,
                    compression,
                })
            })
            .collect()
    }
}

/// At most [`MAX_INSPECTED_BYTES`] of `bytes`, noting in `scan` when the rest is cut.
fn cap<'a>(bytes: &'a [u8], place: &str, scan: &mut Scan) -> &'a [u8] {
    if bytes.len() > MAX_INSPECTED_BYTES {
        scan.truncated = true;
        scan.notes.push(format!(
            "{place} cut at {} of {}: the rest was not searched",
            human_bytes(MAX_INSPECTED_BYTES),
            human_bytes(bytes.len())
        ));
        &bytes[..MAX_INSPECTED_BYTES]
    } else {
        bytes
    }
}

/// The distinct normalised forms of a typed value worth searching for, simplest first.
fn normalisations(value: &str) -> Vec<(Normalisation, String)> {
    let trimmed = value.trim();
    let mut forms: Vec<(Normalisation, String)> = Vec::new();
    let mut push = |n: Normalisation, s: String| {
        if s.len() >= MIN_VALUE_LEN && !forms.iter().any(|(_, f)| *f == s) {
            forms.push((n, s));
        }
    };
    if trimmed.len() >= MIN_VALUE_LEN {
        push(Normalisation::AsTyped, value.to_string());
        push(Normalisation::Trimmed, trimmed.to_string());
        push(Normalisation::LowerTrimmed, trimmed.to_lowercase());
    }
    let phone_like = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if phone_like && digits.len() >= MIN_PHONE_DIGITS.max(MIN_VALUE_LEN) {
        push(Normalisation::PhoneDigits, digits);
    }
    forms
}

#[cfg(test)]
mod tests;
