//! Verdicts on network requests: does this request carry recorded input, for whom, and why.
//!
//! A verdict combines three sources, each cheap enough to run on every request:
//! - list rules ([`matcher`]): hosts and paths from the built-in or a user's list;
//! - URL signatures ([`signature`]): the Meta pixel's field set on any host;
//! - body signatures ([`body`]): Sentry replay envelopes, rrweb batches, the pixel as a form
//!   POST, bot-defence sensor blobs. At most [`body::MAX_BODY_BYTES`] of a body are read.
//!
//! The most serious class wins (the order of [`Class::ALL`]); every source that fired is named
//! in the evidence. An `@@` exception in the list clears the verdict unless the block is
//! `$important`.

pub mod body;
pub mod flat;
mod index;
pub mod input;
pub mod matcher;
pub mod signature;
mod store;
pub mod url;

use crate::limits::human_bytes;
use crate::lists::{self, List, Party, TypeMask};
use crate::Class;
use matcher::{Ctx, Matcher};
use serde::Serialize;
use url::UrlParts;

pub use input::RequestInput;

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
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Verdict {
    /// The kind of recording, or [`Class::None`].
    pub class: Class,
    /// The vendor, when known.
    pub vendor: Option<String>,
    /// How sure, from 0 to 1 (serialised to two decimals: `0.9`, not `0.8999999761581421`).
    #[serde(serialize_with = "two_decimals")]
    pub confidence: f32,
    /// Which rules or signatures fired, in words a person can read.
    pub evidence: Vec<String>,
    /// True when the request goes to the initiator's own site.
    pub first_party: bool,
    /// The list rule that decided, in filter syntax (for reports and the DNR rule it became).
    pub rule: Option<String>,
    /// Body bytes looked at (raw, before inflating).
    pub inspected_bytes: usize,
    /// True when part of the URL or body was not looked at because of the caps.
    pub truncated: bool,
    /// For a request the lists block, the extension path of the neutral resource a
    /// `$redirect` answers it with (`/redirect/noop.js`): Firefox's `redirectUrl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// True when a list's block filter matched and no exception lifted it, whatever the class
    /// (a filter without a KeyVeil class, most of EasyPrivacy, blocks too: Chrome's rules block
    /// it, and [`crate::policy::Settings::decide_request`] says the same for Firefox).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listed: bool,
}

/// Why a request could not be classified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The URL does not parse as an absolute http(s)/ws(s) URL.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// A URL of another scheme (`data:`, `blob:`, `chrome-extension:`): never a tracker beacon.
    #[error("unsupported URL scheme {0:?} (expected http, https, ws or wss)")]
    UnsupportedScheme(String),
}

/// The request classifier with its rules loaded.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    matcher: Matcher,
    answers: lists::answer::Answers,
}

/// One source's opinion, before the most serious is chosen.
struct Finding {
    class: Class,
    vendor: Option<String>,
    confidence: f32,
}

impl Classifier {
    /// The classifier with KeyVeil's built-in rules (`lists/keyveil.txt`).
    pub fn builtin() -> Self {
        Self::from_list(&lists::builtin::list())
    }

    /// A classifier from any parsed list (for user lists: concatenate the lists' entries).
    pub fn from_list(list: &List) -> Self {
        Self {
            matcher: Matcher::new(list),
            answers: lists::answer::Answers::new(list),
        }
    }

    /// Rules loaded.
    pub fn rules(&self) -> usize {
        self.matcher.len()
    }

    /// Approximate heap bytes held by the compiled rules.
    pub fn heap_bytes(&self) -> usize {
        self.matcher.heap_bytes()
    }

    /// Classifies one request.
    pub fn classify(&self, req: &Request<'_>) -> Result<Verdict, Error> {
        let url = UrlParts::parse(req.url)?;
        let initiator = req.initiator.and_then(url::host_of);
        let first_party = initiator
            .as_deref()
            .is_some_and(|i| url::site_of(i) == url.site());
        let ctx = Ctx {
            url: &url,
            rtype: req.resource_type.map(TypeMask::from_browser),
            party: initiator.as_ref().map(|_| {
                if first_party {
                    Party::First
                } else {
                    Party::Third
                }
            }),
            initiator: initiator.as_deref(),
            method: req.method,
        };
        let mut v = Verdict {
            class: Class::None,
            vendor: None,
            confidence: 0.0,
            evidence: Vec::new(),
            first_party,
            rule: None,
            inspected_bytes: 0,
            truncated: url.cut,
            redirect: None,
            listed: false,
        };
        let mut best: Option<Finding> = None;
        let consider = |f: Finding, best: &mut Option<Finding>| {
            let better = match best {
                None => true,
                Some(b) => (rank(f.class), -f.confidence) < (rank(b.class), -b.confidence),
            };
            if better {
                *best = Some(f);
            }
        };

        // A top-level navigation is the page itself, never a subresource a site embeds: like
        // uBlock Origin and DNR (which leave `main_frame` alone unless told), lists don't apply.
        let navigation = matches!(req.resource_type, Some("main_frame" | "document"));
        let hits = if navigation {
            matcher::Hits::default()
        } else {
            self.matcher.find(&ctx)
        };
        let mut exception = None;
        if let Some(f) = hits.exception.and_then(|i| self.matcher.filter(i)) {
            let important = hits.block.is_some_and(|i| self.matcher.important(i));
            if !important {
                exception = Some(lists::print_filter(&f));
            }
        }
        if let Some(f) = hits.block.and_then(|i| self.matcher.filter(i)) {
            let text = lists::print_filter(&f);
            match &f.meta {
                Some(m) => {
                    v.evidence
                        .push(format!("list rule {text} ({}, {})", m.class, m.vendor));
                    consider(
                        Finding {
                            class: m.class,
                            vendor: Some(m.vendor.clone()),
                            confidence: 0.9,
                        },
                        &mut best,
                    );
                }
                None => v
                    .evidence
                    .push(format!("list rule {text} (no KeyVeil class)")),
            }
            v.rule = Some(text);
            if exception.is_none() {
                v.redirect = self.answers.find(&ctx);
            }
        }
        if url.cut {
            v.evidence.push(format!(
                "URL cut at {} of {}: the rest was not matched",
                human_bytes(url::MAX_URL_BYTES),
                human_bytes(req.url.trim().len())
            ));
        }

        if let Some(hit) = signature::meta_pixel(url.query.as_bytes()) {
            pixel_evidence(&hit, "query", &mut v.evidence);
            consider(pixel_finding(&hit), &mut best);
        }

        if let Some(raw) = req.body.filter(|b| !b.is_empty()) {
            let b = body::Body::open(raw);
            v.inspected_bytes = b.inspected;
            if b.inspected < b.total {
                v.truncated = true;
                v.evidence.push(format!(
                    "body capped at {} of {}: the rest was not inspected",
                    human_bytes(b.inspected),
                    human_bytes(b.total)
                ));
            }
            if let Some(enc) = b.encoding {
                v.evidence.push(format!(
                    "body is {enc}-compressed ({} bytes inflated)",
                    b.bytes.len()
                ));
            }
            if b.stream_broken {
                v.truncated = true;
                v.evidence.push(if b.inspected < b.total {
                    "compressed body cut by the cap; read what inflated".into()
                } else {
                    "compressed body is truncated or corrupt; read what inflated".into()
                });
            }
            if b.inflate_capped {
                v.truncated = true;
                v.evidence.push(format!(
                    "inflated body capped at {}: the rest was not inflated",
                    human_bytes(body::MAX_INFLATED_BYTES)
                ));
            }
            self.body_findings(&b.bytes, &url, &mut v.evidence, &mut |f| {
                consider(f, &mut best)
            });
        }

        if let Some(rule) = exception {
            v.evidence.push(format!("allowed by exception rule {rule}"));
            return Ok(v);
        }
        v.listed = hits.block.is_some();
        if let Some(f) = best {
            v.class = f.class;
            v.vendor = f.vendor;
            v.confidence = f.confidence;
        }
        Ok(v)
    }

    fn body_findings(
        &self,
        bytes: &[u8],
        url: &UrlParts<'_>,
        evidence: &mut Vec<String>,
        consider: &mut dyn FnMut(Finding),
    ) {
        if let Some(env) = body::sentry_envelope(bytes) {
            let items = env.items.join(", ");
            if env.more {
                evidence.push(format!(
                    "Sentry envelope: only the first {} items read",
                    body::MAX_ENVELOPE_ITEMS
                ));
            }
            if env.has_replay() {
                evidence.push(format!("Sentry envelope with replay items: {items}"));
                consider(Finding {
                    class: Class::SessionReplay,
                    vendor: Some("Sentry".into()),
                    confidence: 0.95,
                });
            } else {
                evidence.push(format!("Sentry envelope without replay items: {items}"));
            }
            return;
        }
        if let Some(r) = body::rrweb(bytes) {
            evidence.push(format!(
                "rrweb batch: {} full snapshot(s), {} incremental event(s), {} input, {} pointer",
                r.full, r.incremental, r.input, r.pointer
            ));
            let confidence = if r.events() >= 3 || r.input > 0 {
                0.9
            } else {
                0.7
            };
            // The batch is in rrweb's own format; the script classifier names the recorder
            // the same way, so a setting for rrweb covers its script and its uploads.
            consider(Finding {
                class: Class::SessionReplay,
                vendor: Some("rrweb".into()),
                confidence,
            });
        }
        let form = signature::multipart_as_form(bytes);
        if let Some(hit) = signature::meta_pixel(form.as_deref().unwrap_or(bytes)) {
            pixel_evidence(&hit, "body", evidence);
            consider(pixel_finding(&hit));
        }
        if signature::sensor_data(bytes) {
            evidence.push("sensor_data blob (Akamai Bot Manager behavioural telemetry)".into());
            consider(Finding {
                class: Class::KeystrokeTelemetry,
                vendor: Some("Akamai Bot Manager".into()),
                confidence: 0.85,
            });
        }
        if signature::perimeterx(bytes) {
            evidence.push(format!(
                "HUMAN collector payload (appId=PX…) posted to {}",
                url.path
            ));
            consider(Finding {
                class: Class::KeystrokeTelemetry,
                vendor: Some("HUMAN (PerimeterX)".into()),
                confidence: 0.85,
            });
        }
    }
}

fn two_decimals<S: serde::Serializer>(c: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*c) * 100.0).round() / 100.0)
}

fn rank(c: Class) -> usize {
    Class::ALL
        .iter()
        .position(|x| *x == c)
        .unwrap_or(Class::ALL.len())
}

fn pixel_finding(hit: &signature::PixelHit) -> Finding {
    let confidence = if hit.core >= 5 || !hit.identity.is_empty() {
        0.97
    } else {
        0.85
    };
    Finding {
        class: Class::MetaPixel,
        vendor: Some("Meta".into()),
        confidence,
    }
}

fn pixel_evidence(hit: &signature::PixelHit, place: &str, evidence: &mut Vec<String>) {
    evidence.push(format!(
        "Meta pixel fields in the {place}: id, ev={}, {} core field(s)",
        hit.event, hit.core
    ));
    if !hit.identity.is_empty() {
        evidence.push(format!(
            "advanced matching (hashed identity): {}",
            hit.identity.join(", ")
        ));
    }
    if !hit.automatic.is_empty() {
        evidence.push(format!(
            "automatic events (what was clicked, which form fields exist): {}",
            hit.automatic.join(", ")
        ));
    }
}
