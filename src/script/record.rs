//! The verdict record on one page script: lists first, then its source, and whether it is the
//! page's own, decided in the core so the shell only fetches, hashes and caches.
//!
//! A script the lists name is judged by the list rule and its source is never fetched; one
//! they do not name is judged by its source ([`crate::script::classify`]). Whether it is first
//! party depends on the page that loaded it, never on the script alone: it is decided here on
//! every call from the script's URL and the page's site, and is no part of what may be cached
//! per script (a verdict on a source is cached by content hash and reused on other sites, and
//! a per-URL cache sees the same CDN script on many sites).

use crate::report::Detection;
use crate::request::url::host_of;
use crate::site::{site_key, site_of};
use crate::Class;
use serde::{Deserialize, Serialize};

/// What the list rules said of the script's URL: the fields of a request verdict
/// (`classifyRequest({url, type: 'script'})`) this decision reads; others are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListHit {
    /// The class a list rule gave, or [`Class::None`] when no rule named the script.
    pub class: Class,
    /// The vendor the rule names.
    #[serde(default)]
    pub vendor: Option<String>,
    /// The rule and what else fired.
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl Default for ListHit {
    /// No rule named the script.
    fn default() -> Self {
        ListHit {
            class: Class::None,
            vendor: None,
            evidence: Vec::new(),
        }
    }
}

impl From<&crate::request::Verdict> for ListHit {
    fn from(v: &crate::request::Verdict) -> Self {
        ListHit {
            class: v.class,
            vendor: v.vendor.clone(),
            evidence: v.evidence.clone(),
        }
    }
}

/// What the source said: the fields of a script verdict (`classifyScript(url, source)`) this
/// decision reads; others are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceScan {
    /// The class from the script's behaviour, or [`Class::None`].
    pub class: Class,
    /// The vendor, when known.
    #[serde(default)]
    pub vendor: Option<String>,
    /// Why, each line with the score it added.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The score behind the class.
    #[serde(default)]
    pub score: f32,
}

impl Default for SourceScan {
    /// A source that records nothing.
    fn default() -> Self {
        SourceScan {
            class: Class::None,
            vendor: None,
            evidence: Vec::new(),
            score: 0.0,
        }
    }
}

impl From<&crate::script::Verdict> for SourceScan {
    fn from(v: &crate::script::Verdict) -> Self {
        SourceScan {
            class: v.class,
            vendor: v.vendor.clone(),
            evidence: v.evidence.clone(),
            score: v.score,
        }
    }
}

/// The verdict record on one script as the extension keeps and shows it: the field names are
/// the ones its tab records and popup read (`foundBy`, `firstParty`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptRecord {
    /// The kind of recording, or [`Class::None`].
    pub class: Class,
    /// The vendor, when known.
    pub vendor: Option<String>,
    /// `list-rule` when the lists decided, `script-behaviour` when the source did.
    pub found_by: Detection,
    /// Why, from the list verdict or the source's.
    pub evidence: Vec<String>,
    /// The source's score (absent when the lists decided and the source was not read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// True when the script is served from the page's own site (its registrable domain).
    pub first_party: bool,
}

/// The record on the script at `script_url` loaded by a page of `page_site` (the page's URL
/// or its bare host, as the tab record keeps it): from `list` when a rule named the script,
/// else from `scan`. `None` when the lists did not decide and there is no scan yet: the
/// source is needed (then call again with it).
pub fn script_record(
    script_url: &str,
    page_site: &str,
    list: &ListHit,
    scan: Option<&SourceScan>,
) -> Option<ScriptRecord> {
    let first_party = first_party(script_url, page_site);
    if list.class != Class::None {
        return Some(ScriptRecord {
            class: list.class,
            vendor: list.vendor.clone(),
            found_by: Detection::ListRule,
            evidence: list.evidence.clone(),
            score: None,
            first_party,
        });
    }
    let scan = scan?;
    Some(ScriptRecord {
        class: scan.class,
        vendor: scan.vendor.clone(),
        found_by: Detection::ScriptBehaviour,
        evidence: scan.evidence.clone(),
        score: Some(scan.score),
        first_party,
    })
}

/// True when the script at `script_url` is served from the site of `page_site` (a URL or a
/// bare host): the same registrable domain, whatever the subdomain, port or `www.`.
pub fn first_party(script_url: &str, page_site: &str) -> bool {
    let (Some(script_host), Ok(page_host)) = (host_of(script_url), site_key(page_site)) else {
        return false;
    };
    site_of(&script_host) == site_of(&page_host)
}

/// True when `script_url` names a script to judge on its own: an http(s) URL that is not the
/// page itself (whose inline code has no URL of its own; a `#fragment` does not make another
/// script).
pub fn is_external(script_url: &str, page_url: &str) -> bool {
    let strip = |u: &str| u.split('#').next().unwrap_or("").to_string();
    let lower = script_url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http:") || lower.starts_with("https:"))
        && strip(script_url) != strip(page_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> ListHit {
        ListHit {
            class: Class::SessionReplay,
            vendor: Some("Hotjar".into()),
            evidence: vec!["list rule ||hotjar.com^".into()],
        }
    }

    fn scanned() -> SourceScan {
        SourceScan {
            class: Class::KeystrokeTelemetry,
            vendor: None,
            evidence: vec!["+2.0 keydown listener".into()],
            score: 3.5,
        }
    }

    #[test]
    fn lists_decide_first_and_the_source_is_not_needed() {
        let r = script_record(
            "https://static.hotjar.com/c/hotjar-1.js",
            "https://shop.example/",
            &listed(),
            Some(&scanned()),
        )
        .unwrap();
        assert_eq!(r.class, Class::SessionReplay);
        assert_eq!(r.vendor.as_deref(), Some("Hotjar"));
        assert_eq!(r.found_by, Detection::ListRule);
        assert_eq!(r.evidence, listed().evidence);
        assert_eq!(r.score, None);
        assert!(!r.first_party);
    }

    #[test]
    fn unlisted_scripts_wait_for_their_source_then_take_its_verdict() {
        let none = ListHit::default();
        let url = "https://cdn.example.net/app.js";
        assert_eq!(
            script_record(url, "https://shop.example/", &none, None),
            None
        );
        let r = script_record(url, "https://shop.example/", &none, Some(&scanned())).unwrap();
        assert_eq!(
            (r.class, r.found_by, r.score),
            (
                Class::KeystrokeTelemetry,
                Detection::ScriptBehaviour,
                Some(3.5)
            )
        );
        assert_eq!(r.evidence, scanned().evidence);
        // A source that records nothing is still a record (so it is not fetched again).
        let quiet = SourceScan::default();
        let r = script_record(url, "https://shop.example/", &none, Some(&quiet)).unwrap();
        assert_eq!(
            (r.class, r.found_by),
            (Class::None, Detection::ScriptBehaviour)
        );
    }

    #[test]
    fn first_party_is_decided_per_page_not_per_script() {
        // The shell kept one record per script URL for the whole wake, with the party of the
        // first page that loaded it: a site's own CDN script, first met on another site,
        // then showed as third party on its own site. Here the page is an input every time.
        let url = "https://cdn.shop.example.co.uk/recorder.js";
        let none = ListHit::default();
        let other = script_record(url, "https://news.example.org/", &none, Some(&scanned()));
        let own = script_record(
            url,
            "https://www.shop.example.co.uk/cart",
            &none,
            Some(&scanned()),
        );
        assert!(!other.unwrap().first_party);
        assert!(own.unwrap().first_party);
        // The page as the tab record keeps it (a bare host) reads the same as its URL.
        assert!(first_party(url, "shop.example.co.uk"));
        assert!(first_party(url, "WWW.Shop.Example.co.uk:8443"));
        // Another site under the same public suffix is not the same site.
        assert!(!first_party(url, "https://other.co.uk/"));
        assert!(!first_party(url, ""));
        assert!(!first_party(
            "data:text/javascript,1",
            "https://shop.example.co.uk/"
        ));
        let listed = script_record(url, "shop.example.co.uk", &listed(), None).unwrap();
        assert!(listed.first_party);
    }

    #[test]
    fn records_read_like_the_shells() {
        let r = script_record(
            "https://a.example/x.js",
            "a.example",
            &ListHit::default(),
            Some(&scanned()),
        )
        .unwrap();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["foundBy"], "script-behaviour");
        assert_eq!(json["firstParty"], true);
        assert_eq!(json["class"], "keystroke-telemetry");
        assert!(json["vendor"].is_null());
        let listed = script_record("https://a.example/x.js", "b.example", &listed(), None);
        let json = serde_json::to_value(listed.unwrap()).unwrap();
        assert_eq!(json["foundBy"], "list-rule");
        assert!(json.get("score").is_none());
        // What classifyRequest and classifyScript return reads as the inputs, extra fields
        // and all.
        let hit: ListHit = serde_json::from_str(
            r#"{"class":"none","vendor":null,"confidence":0,"evidence":[],"first_party":false,"rule":null,"inspected_bytes":0,"truncated":false}"#,
        )
        .unwrap();
        assert_eq!(hit, ListHit::default());
        let v = crate::script::classify(None, b"var x = 1;");
        let scan: SourceScan = serde_json::from_value(serde_json::to_value(&v).unwrap()).unwrap();
        assert_eq!(scan, SourceScan::from(&v));
    }

    #[test]
    fn only_external_http_scripts_are_judged_alone() {
        let page = "https://shop.example/cart#top";
        assert!(is_external("https://cdn.example/x.js", page));
        assert!(is_external("HTTP://cdn.example/x.js", page));
        assert!(!is_external("https://shop.example/cart", page));
        assert!(!is_external("https://shop.example/cart#other", page));
        assert!(!is_external("blob:https://shop.example/1", page));
        assert!(!is_external("", page));
    }
}
