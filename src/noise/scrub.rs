//! Identity scrubbing for Meta's pixel (and pixels of its shape): remove the fields that identify the person.
//!
//! In `fuzz` mode a pixel keeps firing (the site's conversion counting works) but loses what
//! ties the event to a person or to what they typed and clicked: the hashed identity fields
//! of advanced matching (`ud[...]`, and `udff[...]`, the pre-formatted copy newer `fbevents.js`
//! sends), the browser and click ids (`fbp`, `fbc`), and the automatic events' description of
//! the button and form (`cd[buttonFeatures]`, `cd[buttonText]`, `cd[formFeatures]`,
//! `cd[pageFeatures]`, `cd[parameters]`). Names are matched after percent-decoding, so
//! `ud%5Bem%5D` is caught; every other byte of the payload is left exactly as it was.

use serde::Serialize;

/// Parameter names removed whole.
const EXACT: &[&str] = &[
    "fbp",
    "fbc",
    "cd[buttonFeatures]",
    "cd[buttonText]",
    "cd[formFeatures]",
    "cd[pageFeatures]",
    "cd[parameters]",
];

/// Parameter families removed whatever the key inside the brackets (`ud[em]`, `ud[ph]`…).
const BRACKET_FAMILIES: &[&str] = &["ud", "udff"];

/// The advanced-matching keys Meta documents, for the DNR list (DNR matches exact names).
const USER_DATA_KEYS: &[&str] = &[
    "em",
    "ph",
    "fn",
    "ln",
    "ge",
    "db",
    "ct",
    "st",
    "zp",
    "country",
    "external_id",
];

/// A payload with its identity fields removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scrubbed {
    /// The rewritten URL or body.
    pub payload: String,
    /// The decoded names of the fields removed, in payload order (a name repeats if it did).
    pub stripped: Vec<String>,
}

/// True when a (percent-decoded) parameter name carries identity and is removed in `fuzz` mode.
pub fn is_identity_param(name: &str) -> bool {
    EXACT.contains(&name)
        || BRACKET_FAMILIES.iter().any(|fam| {
            name.strip_prefix(fam)
                .and_then(|r| r.strip_prefix('['))
                .is_some_and(|r| r.ends_with(']'))
        })
}

/// Removes identity fields from the query of a pixel URL (`https://www.facebook.com/tr/?…`).
/// A URL without a query comes back unchanged.
pub fn scrub_url(url: &str) -> Scrubbed {
    let (before_frag, frag) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let Some(q) = before_frag.find('?') else {
        return Scrubbed {
            payload: url.to_string(),
            stripped: vec![],
        };
    };
    let (base, query) = (&before_frag[..q], &before_frag[q + 1..]);
    let Scrubbed { payload, stripped } = scrub_form(query);
    let sep = if payload.is_empty() { "" } else { "?" };
    Scrubbed {
        payload: format!("{base}{sep}{payload}{frag}"),
        stripped,
    }
}

/// Removes identity fields from an `application/x-www-form-urlencoded` body (or a bare query).
pub fn scrub_form(body: &str) -> Scrubbed {
    let mut kept: Vec<&str> = Vec::new();
    let mut stripped = Vec::new();
    for pair in body.split('&') {
        let raw_name = pair.split('=').next().unwrap_or("");
        let name = decode(raw_name);
        if is_identity_param(&name) {
            stripped.push(name);
        } else {
            kept.push(pair);
        }
    }
    Scrubbed {
        payload: if stripped.is_empty() {
            body.to_string()
        } else {
            kept.join("&")
        },
        stripped,
    }
}

fn decode(raw: &str) -> String {
    String::from_utf8_lossy(&crate::leak::encode::percent_decode(raw.as_bytes(), true)).into_owned()
}

/// The parameter names for DNR `queryTransform.removeParams`, which matches names exactly as
/// they appear in the URL: each name both raw (`ud[em]`) and with percent-encoded brackets
/// (`ud%5Bem%5D`), the two spellings seen on the wire.
pub fn dnr_remove_params() -> Vec<String> {
    let mut names: Vec<String> = EXACT.iter().map(|s| s.to_string()).collect();
    for fam in BRACKET_FAMILIES {
        for key in USER_DATA_KEYS {
            names.push(format!("{fam}[{key}]"));
        }
    }
    let encoded: Vec<String> = names
        .iter()
        .filter(|n| n.contains('['))
        .map(|n| n.replace('[', "%5B").replace(']', "%5D"))
        .collect();
    names.extend(encoded);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    const PIXEL: &str = "https://www.facebook.com/tr/?id=123&ev=SubscribedButtonClick&dl=https%3A%2F%2Fshop.example%2F&cd[buttonFeatures]=%7B%22innerText%22%3A%22Sign%20up%22%7D&cd[buttonText]=Sign%20up&cd[formFeatures]=%5B%5D&cd[pageFeatures]=%7B%22title%22%3A%22Join%22%7D&cd[parameters]=%5B%5D&cd[value]=9.99&sw=1920&sh=1080&udff[em]=e4920de3&ud%5Bph%5D=abcd&v=2.9.57&r=stable&fbp=fb.1.1700000000.123&ec=1#frag";

    #[test]
    fn strips_identity_keeps_everything_else_byte_for_byte() {
        let s = scrub_url(PIXEL);
        assert_eq!(
            s.payload,
            "https://www.facebook.com/tr/?id=123&ev=SubscribedButtonClick&dl=https%3A%2F%2Fshop.example%2F&cd[value]=9.99&sw=1920&sh=1080&v=2.9.57&r=stable&ec=1#frag"
        );
        assert_eq!(
            s.stripped,
            vec![
                "cd[buttonFeatures]",
                "cd[buttonText]",
                "cd[formFeatures]",
                "cd[pageFeatures]",
                "cd[parameters]",
                "udff[em]",
                "ud[ph]",
                "fbp"
            ]
        );
    }

    #[test]
    fn form_body_and_plus_encoding() {
        let s = scrub_form("id=1&ev=Lead&ud[em]=aa&ud[fn]=bb&fbc=fb.1.2.x&cd[currency]=EUR");
        assert_eq!(s.payload, "id=1&ev=Lead&cd[currency]=EUR");
        assert_eq!(s.stripped, vec!["ud[em]", "ud[fn]", "fbc"]);
        assert_eq!(scrub_form("a=1&b=2").payload, "a=1&b=2");
    }

    #[test]
    fn only_identity_names_match() {
        for yes in [
            "ud[em]",
            "ud[external_id]",
            "udff[ph]",
            "fbp",
            "cd[formFeatures]",
        ] {
            assert!(is_identity_param(yes), "{yes}");
        }
        for no in [
            "id",
            "ev",
            "cd[value]",
            "udx[em]",
            "ud",
            "ud[em",
            "fbpx",
            "dl",
        ] {
            assert!(!is_identity_param(no), "{no}");
        }
    }

    #[test]
    fn url_without_query_or_with_only_identity() {
        assert_eq!(
            scrub_url("https://x.example/tr").payload,
            "https://x.example/tr"
        );
        let s = scrub_url("https://x.example/tr?fbp=1");
        assert_eq!(s.payload, "https://x.example/tr");
        assert_eq!(s.stripped, vec!["fbp"]);
    }

    #[test]
    fn dnr_list_covers_both_spellings() {
        let names = dnr_remove_params();
        for n in [
            "fbp",
            "fbc",
            "ud[em]",
            "ud%5Bem%5D",
            "udff[ph]",
            "cd%5BbuttonText%5D",
        ] {
            assert!(names.iter().any(|x| x == n), "{n}");
        }
        assert!(names.iter().all(|n| is_identity_param(&decode(n))));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn scrubbing_only_removes_whole_identity_pairs(body in "[a-z\\[\\]%=&+0-9]{0,80}") {
            let s = scrub_form(&body);
            let kept: Vec<&str> = if s.payload.is_empty() {
                vec![]
            } else {
                s.payload.split('&').collect()
            };
            let original: Vec<&str> = body.split('&').collect();
            if s.stripped.is_empty() {
                prop_assert_eq!(s.payload, body);
            } else {
                // Every kept pair is an original pair, in order, and none is an identity field.
                let mut it = original.iter();
                for k in &kept {
                    prop_assert!(it.any(|o| o == k));
                    prop_assert!(!is_identity_param(&decode(k.split('=').next().unwrap_or(""))));
                }
                prop_assert_eq!(original.len(), kept.len() + s.stripped.len());
            }
        }
    }
}
