//! Verdicts on network requests: does this request carry recorded input, for whom, and why.
//!
//! PLACEHOLDER interface (foundation issue): a handful of host suffixes so the extension has a
//! real call to make. The request-classifier issue replaces the body of this module; the public
//! names below (`Request`, `Verdict`, `Classifier::builtin`, `Classifier::classify`, `Error`)
//! are what `engine.rs` and the CLI use.

use crate::Class;
use serde::Serialize;

/// One network request as the browser reports it. Only `url` is required.
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'a> {
    /// Absolute URL.
    pub url: &'a str,
    /// Resource type as the browser names it (`script`, `xmlhttprequest`, `ping`, `image`, …).
    pub resource_type: Option<&'a str>,
    /// URL of the page or frame that made the request.
    pub initiator: Option<&'a str>,
    /// HTTP method, upper-case.
    pub method: Option<&'a str>,
    /// Request body, if the browser exposed it.
    pub body: Option<&'a [u8]>,
}

/// What KeyVeil concluded about one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The kind of recording, or [`Class::None`].
    pub class: Class,
    /// The vendor, when known.
    pub vendor: Option<String>,
    /// How sure, from 0 to 1.
    pub confidence: f32,
    /// Which rules or signatures fired, in words a person can read.
    pub evidence: Vec<String>,
    /// True when the request goes to the initiator's own site.
    pub first_party: bool,
}

/// Why a request could not be classified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The URL does not parse as an absolute http(s)/ws(s) URL.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
}

/// The request classifier with its rules loaded.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    _private: (),
}

const HOSTS: &[(&str, Class, &str)] = &[
    ("hotjar.com", Class::SessionReplay, "Hotjar"),
    ("fullstory.com", Class::SessionReplay, "FullStory"),
    ("clarity.ms", Class::SessionReplay, "Microsoft Clarity"),
    ("facebook.com", Class::MetaPixel, "Meta"),
];

impl Classifier {
    /// The classifier with KeyVeil's built-in rules.
    pub fn builtin() -> Self {
        Self::default()
    }

    /// Classifies one request.
    pub fn classify(&self, req: &Request<'_>) -> Result<Verdict, Error> {
        let host = host_of(req.url).ok_or_else(|| Error::InvalidUrl(req.url.to_string()))?;
        let first_party = req
            .initiator
            .and_then(host_of)
            .is_some_and(|i| i == host || i.ends_with(&format!(".{host}")));
        for (suffix, class, vendor) in HOSTS {
            if host == *suffix || host.ends_with(&format!(".{suffix}")) {
                return Ok(Verdict {
                    class: *class,
                    vendor: Some(vendor.to_string()),
                    confidence: 0.5,
                    evidence: vec![format!("host {host} is under {suffix}")],
                    first_party,
                });
            }
        }
        Ok(Verdict {
            class: Class::None,
            vendor: None,
            confidence: 0.0,
            evidence: vec![],
            first_party,
        })
    }
}

fn host_of(url: &str) -> Option<&str> {
    let rest = ["https://", "http://", "wss://", "ws://"]
        .iter()
        .find_map(|s| url.strip_prefix(s))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}
