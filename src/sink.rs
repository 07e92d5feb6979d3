//! The one decision on a payload the page hook holds before it leaves: block, fuzz or allow.
//!
//! In Chrome, declarative rules see a request's URL but never its body, so a recording that is
//! known only by its shape (an rrweb batch to an unknown host, a pixel in another parameter
//! order, a replay envelope) would leave the page whatever the settings say. The hook therefore
//! holds each payload it can read (`fetch`, `XMLHttpRequest`, `sendBeacon`, `WebSocket`) until
//! this decision comes back. Whatever found the recorder, the payload, a list rule or the
//! verdict on the script that sends it, the settings then decide once, and the hook and the
//! browser's own blocking apply the same answer.

use crate::policy::{Action, Settings};
use crate::report::{Detection, Event};
use crate::request::{Classifier, Request, Verdict};
use crate::Class;
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;

/// How long the page hook holds a payload for this decision before it lets it go as the page
/// sent it: long enough for a service worker that was asleep to wake and answer (tens of
/// milliseconds), short enough that a page whose background is gone still works.
pub const CHECK_TIMEOUT_MS: u32 = 2000;

/// The verdict the background already has on the script that is sending, if any.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Sender {
    /// The sending script's class.
    pub class: Class,
    /// Its vendor, when known.
    #[serde(default)]
    pub vendor: Option<String>,
}

/// What the background knows of a send besides the request: who sends it, what that script
/// listened to, and the values typed into the page's fields (in memory only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Context {
    /// The verdict on the sending script, when it has one that records input.
    pub sender: Option<Sender>,
    /// The kinds of input the sending script listened to.
    pub heard: Vec<crate::report::InputKind>,
    /// Values typed into the page's fields.
    pub typed: Vec<String>,
    /// A value typed on this page already went to this recipient (a proven leak): further
    /// sends of typed values to it are decided like a recorder's.
    pub proven: bool,
}

/// What found the recorder behind a send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FoundBy {
    /// A filter of the lists names the request.
    ListRule,
    /// The payload has a recorder's shape.
    Payload,
    /// The script that sends it records input.
    Sender,
    /// The script that sends it listened to input and the payload carries what it heard.
    Behaviour,
    /// A typed value already went to this recipient, and this payload carries one again.
    ProvenLeak,
    /// Nothing: not a recorder's send.
    Nothing,
}

/// The decision on one send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SendDecision {
    /// What the hook does: `block` (the payload never leaves), `fuzz` (it leaves with nothing
    /// true in it), `allow`.
    pub action: Action,
    /// The class that decided ([`Class::None`] when nothing did).
    pub class: Class,
    /// The vendor that decided, when known.
    pub vendor: Option<String>,
    /// What found it.
    pub found_by: FoundBy,
    /// The request verdict, for the report (absent when the URL could not be read).
    pub verdict: Option<Verdict>,
    /// The report event for a send the hook stops (`block`), for the report and the popup; a
    /// send that leaves is reported by the browser's request observer like any request.
    pub event: Option<Event>,
    /// Why, when the payload itself convicted its sender ([`FoundBy::Behaviour`]).
    pub evidence: Option<String>,
    /// The hook sends nothing and answers the page as if it had: `block`, or `fuzz` for a
    /// payload that carries typed input and cannot be rewritten (compressed).
    pub withhold: bool,
    /// In `fuzz` mode, the payload to send instead: the same with fakes in place of what was
    /// typed.
    pub replacement: Option<String>,
    /// In `fuzz` mode, the URL to send to instead, when a typed value was in it.
    pub url_replacement: Option<String>,
}

/// Decides one send of a page on `site` (a site key or a URL): the request's own verdict first
/// (a list rule or the payload's shape), else the sending script's. A URL that cannot be
/// classified (another scheme, junk) is decided by the sender alone.
pub fn decide_send(
    classifier: &Classifier,
    settings: &Settings,
    site: &str,
    request: &Request<'_>,
    context: &Context,
    substitute: &dyn Fn(&str) -> String,
) -> SendDecision {
    let site_key = crate::site::site_key(site).unwrap_or_default();
    let verdict = classifier.classify(request).ok();
    let sender = context.sender.as_ref();
    let typed: Vec<&str> = context.typed.iter().map(String::as_str).collect();
    let body = request.body.unwrap_or_default();
    let heard = crate::heard::Heard::from_kinds(&context.heard);
    let carried = (heard.keys || heard.pointer || !typed.is_empty())
        .then(|| crate::heard::inspect(request.url, body, &typed));
    // Whether the body / the URL carry a typed value: asked up to twice each below, so the
    // probe (every encoding of every value, digests included) is built once, and each answer
    // is found once, only when asked.
    let probe = OnceCell::new();
    let typed_in = |bytes: &[u8]| -> bool {
        !bytes.is_empty()
            && probe
                .get_or_init(|| typed_probe(&context.typed))
                .as_ref()
                .is_some_and(|p| !p.scan(None, Some(bytes)).matches.is_empty())
    };
    let (in_body, in_url) = (OnceCell::new(), OnceCell::new());
    let body_has_typed = || *in_body.get_or_init(|| typed_in(body));
    let url_has_typed = || *in_url.get_or_init(|| typed_in(request.url.as_bytes()));
    let mut evidence = None;
    let (class, vendor, found_by) = match &verdict {
        Some(v) if v.class != Class::None => (
            v.class,
            v.vendor.clone(),
            if v.rule.is_some() {
                FoundBy::ListRule
            } else {
                FoundBy::Payload
            },
        ),
        _ => match sender {
            Some(s) if s.class != Class::None => (s.class, s.vendor.clone(), FoundBy::Sender),
            _ => match carried.as_ref().and_then(|c| c.evidence(heard)) {
                Some(why) => {
                    evidence = Some(why);
                    (Class::KeystrokeTelemetry, None, FoundBy::Behaviour)
                }
                None if context.proven
                    && settings.stop_proven_leaks
                    && (body_has_typed() || url_has_typed()) =>
                {
                    evidence =
                        Some("a value typed on this page went here before, and goes again".into());
                    (Class::KeystrokeTelemetry, None, FoundBy::ProvenLeak)
                }
                None => (Class::None, None, FoundBy::Nothing),
            },
        },
    };
    let action = if class == Class::None {
        Action::Allow
    } else {
        settings.decide(&site_key, class, vendor.as_deref()).action
    };
    // Reported here: a stopped send (the browser never sees it), and a send found by what it
    // carries (the browser's observer would see a request of no class).
    let found_here = matches!(found_by, FoundBy::Behaviour | FoundBy::ProvenLeak);
    let event = match (&verdict, action) {
        (Some(v), a) if class != Class::None && (a == Action::Block || found_here) => {
            let mut v = v.clone();
            v.class = class;
            v.vendor.clone_from(&vendor);
            let mut e = crate::observe::request_event(&v, request.url, &site_key, action);
            e.found_by = vec![match found_by {
                FoundBy::ListRule => Detection::ListRule,
                FoundBy::Sender | FoundBy::Behaviour => Detection::ScriptBehaviour,
                FoundBy::ProvenLeak => Detection::ProvenLeak,
                FoundBy::Payload | FoundBy::Nothing => Detection::PayloadSignature,
            }];
            Some(e)
        }
        _ => None,
    };
    // Fuzz: the recorder keeps sending, with nothing typed in what it sends. A payload that
    // carries typed input (key by key, or a typed value in any encoding the leak probe knows)
    // is rewritten with the fakes; one that cannot be (compressed, binary) is withheld.
    let (mut withhold, mut replacement) = (action == Action::Block, None);
    if action == Action::Fuzz {
        let keys = carried
            .as_ref()
            .is_some_and(|c| c.typed_in_order || c.evidence(heard).is_some());
        let values = body_has_typed();
        if keys || values {
            let rewritten = if keys {
                crate::heard::rewrite(body, &typed, substitute)
            } else if crate::leak::inflate::sniff(body).is_none() {
                Some(body.to_vec())
            } else {
                None
            };
            let disguised = rewritten
                .map(|b| crate::leak::disguise::disguise(&b, &typed, substitute).0)
                .and_then(|b| String::from_utf8(b).ok());
            match disguised {
                Some(text) => replacement = Some(text),
                None => withhold = true,
            }
        }
    }
    let mut url_replacement = None;
    if action == Action::Fuzz && url_has_typed() {
        let (u, _) = crate::leak::disguise::disguise(request.url.as_bytes(), &typed, substitute);
        url_replacement = String::from_utf8(u).ok();
        withhold |= url_replacement.is_none();
    }
    let mut event = event;
    if let (Some(e), true) = (
        event.as_mut(),
        replacement.is_some() || url_replacement.is_some(),
    ) {
        e.stripped = 1; // sent with fakes in place of what was typed
    }
    SendDecision {
        action,
        class,
        vendor,
        found_by,
        verdict,
        event,
        evidence,
        withhold,
        replacement,
        url_replacement,
    }
}

/// The leak probe for the page's typed values (none when there are none).
fn typed_probe(typed: &[String]) -> Option<crate::leak::LeakProbe> {
    if typed.is_empty() {
        return None;
    }
    let values: Vec<crate::leak::TypedValue> = typed
        .iter()
        .take(crate::leak::MAX_VALUES)
        .map(|v| crate::leak::TypedValue {
            field: crate::leak::Field::default(),
            value: v.clone(),
        })
        .collect();
    crate::leak::LeakProbe::new(&values).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Change;

    fn same(s: &str) -> String {
        s.to_string()
    }

    fn classifier() -> Classifier {
        Classifier::from_list(&crate::lists::builtin::list())
    }

    fn post<'a>(url: &'a str, body: &'a [u8]) -> Request<'a> {
        Request {
            url,
            resource_type: Some("xmlhttprequest"),
            initiator: Some("https://shop.example/checkout"),
            method: Some("POST"),
            body: Some(body),
        }
    }

    const RRWEB_BATCH: &[u8] = br#"{"events":[{"type":2,"data":{"node":{"type":0,"childNodes":[],"id":1}},"timestamp":1700000000000},{"type":3,"data":{"source":5,"text":"hello","isChecked":false,"id":12},"timestamp":1700000000100}]}"#;

    #[test]
    fn a_recording_known_only_by_its_shape_is_blocked_by_default() {
        let d = decide_send(
            &classifier(),
            &Settings::default(),
            "https://shop.example/checkout",
            &post("https://collect.unknown-host.example/ingest", RRWEB_BATCH),
            &Context::default(),
            &same,
        );
        assert_eq!(d.class, Class::SessionReplay, "{d:?}");
        assert_eq!(d.found_by, FoundBy::Payload);
        assert_eq!(d.action, Action::Block);
        let e = d.event.expect("a stopped send is reported");
        assert_eq!((e.blocked, e.allowed), (1, 0));
        assert_eq!(e.found_by, vec![Detection::PayloadSignature]);
        assert_eq!(e.site, "shop.example");
    }

    #[test]
    fn the_settings_decide_fuzz_and_allow_and_pause() {
        let c = classifier();
        let req = post("https://collect.unknown-host.example/ingest", RRWEB_BATCH);
        let mut s = Settings::default();
        s.apply(Change::Class {
            class: Class::SessionReplay,
            action: Some(Action::Fuzz),
        })
        .unwrap();
        assert_eq!(
            decide_send(&c, &s, "shop.example", &req, &Context::default(), &same).action,
            Action::Fuzz
        );
        s.apply(Change::Pause {
            site: "shop.example".into(),
            paused: Some(true),
        })
        .unwrap();
        assert_eq!(
            decide_send(&c, &s, "shop.example", &req, &Context::default(), &same).action,
            Action::Allow
        );
    }

    #[test]
    fn a_recorder_s_own_sends_follow_its_verdict_whatever_they_carry() {
        let c = classifier();
        let req = post("https://shop.example/api/v1/t", b"{\"a\":[1,2,3]}");
        let none = decide_send(
            &c,
            &Settings::default(),
            "shop.example",
            &req,
            &Context::default(),
            &same,
        );
        assert_eq!(
            (none.action, none.found_by),
            (Action::Allow, FoundBy::Nothing)
        );
        let sender = Sender {
            class: Class::KeystrokeTelemetry,
            vendor: None,
        };
        let ctx = Context {
            sender: Some(sender),
            ..Context::default()
        };
        let d = decide_send(&c, &Settings::default(), "shop.example", &req, &ctx, &same);
        assert_eq!(d.found_by, FoundBy::Sender);
        assert_eq!(
            d.action,
            Action::Fuzz,
            "keystroke telemetry is fuzzed by default"
        );
    }

    #[test]
    fn an_ordinary_post_and_a_bad_url_pass() {
        let c = classifier();
        let s = Settings::default();
        let d = decide_send(
            &c,
            &s,
            "shop.example",
            &post("https://shop.example/cart", b"item=42&qty=1"),
            &Context::default(),
            &same,
        );
        assert_eq!(d.action, Action::Allow);
        let d = decide_send(
            &c,
            &s,
            "shop.example",
            &post("data:,x", b"x"),
            &Context::default(),
            &same,
        );
        assert_eq!((d.action, d.verdict), (Action::Allow, None));
    }

    #[test]
    fn a_logger_the_source_did_not_convict_is_named_by_what_it_sends() {
        use crate::report::InputKind;
        let c = classifier();
        let body = br#"{"b":[{"k":"s","t":80},{"k":"e","t":95},{"k":"c","t":71},{"k":"r","t":88},{"k":"e","t":90}]}"#;
        let req = post("https://shop.example/api/ux", body);
        let listened = Context {
            heard: vec![InputKind::Keys, InputKind::KeyTiming],
            typed: vec!["secret".into()],
            ..Context::default()
        };
        let fake = |s: &str| "x".repeat(s.chars().count());
        let d = decide_send(
            &c,
            &Settings::default(),
            "shop.example",
            &req,
            &listened,
            &fake,
        );
        assert_eq!(
            (d.class, d.found_by),
            (Class::KeystrokeTelemetry, FoundBy::Behaviour)
        );
        assert!(d.evidence.is_some());
        // Keystroke telemetry is fuzzed by default: it still sends, with fakes for the keys.
        assert_eq!(d.action, Action::Fuzz);
        assert!(!d.withhold);
        let sent = d.replacement.expect("rewritten");
        assert!(!sent.contains("\"s\"") && sent.contains("\"x\""), "{sent}");
        // The same payload from a script that never listened to keys is no recorder's.
        let deaf = Context {
            typed: vec!["other".into()],
            ..Context::default()
        };
        let d = decide_send(&c, &Settings::default(), "shop.example", &req, &deaf, &fake);
        assert_eq!((d.class, d.action), (Class::None, Action::Allow));
        // Blocked: withheld, and reported as found by behaviour.
        let mut s = Settings::default();
        s.apply(Change::Class {
            class: Class::KeystrokeTelemetry,
            action: Some(Action::Block),
        })
        .unwrap();
        let d = decide_send(&c, &s, "shop.example", &req, &listened, &fake);
        assert!(d.withhold);
        assert_eq!(d.event.unwrap().found_by, vec![Detection::ScriptBehaviour]);
    }

    #[test]
    fn fuzz_puts_fakes_in_place_of_a_hashed_value() {
        use crate::leak::hash::{hex, sha256};
        let c = classifier();
        let email = "ada@example.org";
        let hashed = hex(&sha256(email.as_bytes()));
        let body = format!("ev=Lead&ud%5Bem%5D={hashed}");
        let req = post("https://shop.example/t", body.as_bytes());
        let sender = Sender {
            class: Class::KeystrokeTelemetry,
            vendor: None,
        };
        let ctx = Context {
            sender: Some(sender),
            typed: vec![email.into()],
            ..Context::default()
        };
        let fake = |s: &str| s.replace('a', "b");
        let d = decide_send(&c, &Settings::default(), "shop.example", &req, &ctx, &fake);
        assert_eq!(d.action, Action::Fuzz);
        let sent = d.replacement.expect("rewritten");
        assert!(!sent.contains(&hashed), "{sent}");
        assert!(sent.contains(&hex(&sha256(b"bdb@exbmple.org"))), "{sent}");
    }

    #[test]
    fn a_proven_recipient_gets_fakes_from_then_on() {
        let c = classifier();
        let email = "ada@example.org";
        let req = post(
            "https://collect.partner.example/m",
            b"v=1&e=ada%40example.org",
        );
        let fake = |s: &str| s.replace('a', "b");
        let mut ctx = Context {
            typed: vec![email.into()],
            ..Context::default()
        };
        // Not proven yet: the send goes as it is (it is what proves the leak).
        let d = decide_send(&c, &Settings::default(), "shop.example", &req, &ctx, &fake);
        assert_eq!((d.class, d.action), (Class::None, Action::Allow));
        ctx.proven = true;
        let d = decide_send(&c, &Settings::default(), "shop.example", &req, &ctx, &fake);
        assert_eq!(
            (d.class, d.found_by),
            (Class::KeystrokeTelemetry, FoundBy::ProvenLeak)
        );
        assert_eq!(d.action, Action::Fuzz);
        assert_eq!(d.replacement.as_deref(), Some("v=1&e=bdb%40exbmple.org"));
        let e = d.event.expect("reported");
        assert_eq!((e.found_by, e.stripped), (vec![Detection::ProvenLeak], 1));
        // In the URL, as a pixel sends it: the URL is sent with the fake.
        let hashed = crate::leak::hash::hex(&crate::leak::hash::sha256(email.as_bytes()));
        let url = format!("https://collect.partner.example/m?em={hashed}");
        let d = decide_send(
            &c,
            &Settings::default(),
            "shop.example",
            &post(&url, b""),
            &ctx,
            &fake,
        );
        let sent = d.url_replacement.expect("the URL rewritten");
        assert!(
            !sent.contains(&hashed) && sent.starts_with("https://collect.partner.example/m?em=")
        );
        // The setting off: a proven recipient gets what the page sends.
        let mut off = Settings::default();
        off.apply(Change::StopProvenLeaks { on: false }).unwrap();
        let d = decide_send(&c, &off, "shop.example", &req, &ctx, &fake);
        assert_eq!((d.class, d.action), (Class::None, Action::Allow));
        // Nothing typed in it: a proven recipient's other sends are its own business.
        let other = post("https://collect.partner.example/m", b"v=1&page=2");
        let d = decide_send(
            &c,
            &Settings::default(),
            "shop.example",
            &other,
            &ctx,
            &fake,
        );
        assert_eq!(d.action, Action::Allow);
    }
}
