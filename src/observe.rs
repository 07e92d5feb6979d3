//! Turns what the browser observed (listener registrations, request verdicts, outgoing payloads) into report events.
//!
//! The extension's JavaScript hands raw observations to these functions and stores what they
//! return; which events count as input, what a request tells about the input it carries, and
//! when a typed value in a payload is a leak are decided here.

use crate::leak::{LeakProbe, TypedValue};
use crate::noise::scrub;
use crate::policy::Action;
use crate::report::{Detection, Event, InputKind, LeakSeen};
use crate::request::{self, Classifier, Request};
use crate::Class;

/// DOM events that carry what a person types or how they move: the hook applies `block` and
/// `fuzz` to a recorder's listeners for these, and passes every other event untouched.
pub const INPUT_EVENTS: &[&str] = &[
    "keydown",
    "keyup",
    "keypress",
    "beforeinput",
    "input",
    "change",
    "paste",
    "compositionstart",
    "compositionupdate",
    "compositionend",
    "selectionchange",
    "mousemove",
    "mousedown",
    "mouseup",
    "mouseover",
    "mouseout",
    "click",
    "dblclick",
    "contextmenu",
    "pointermove",
    "pointerdown",
    "pointerup",
    "pointerrawupdate",
    "touchstart",
    "touchmove",
    "touchend",
    "wheel",
    "scroll",
];

/// Input events whose timing is the signal (keystroke dynamics): in `fuzz` mode the hook
/// delivers them to the recorder late, by the core's jitter, since recorders stamp them with
/// `Date.now()` rather than `event.timeStamp`.
pub const TIMED_EVENTS: &[&str] = &[
    "keydown",
    "keyup",
    "keypress",
    "beforeinput",
    "input",
    // Caret moves and IME composition give away when each key was typed as plainly.
    "selectionchange",
    "compositionstart",
    "compositionupdate",
    "compositionend",
];

/// The kinds of input a script can record, from the event types it listens to.
pub fn input_kinds<'a>(events: impl IntoIterator<Item = &'a str>) -> Vec<InputKind> {
    let mut kinds = Vec::new();
    let mut add = |k| {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    };
    for e in events {
        match e {
            "keydown" | "keyup" | "keypress" => {
                add(InputKind::Keys);
                add(InputKind::KeyTiming);
            }
            "beforeinput" | "input" | "change" | "paste" | "compositionend" => {
                add(InputKind::FormValues)
            }
            "mousemove" | "mousedown" | "mouseup" | "click" | "dblclick" | "contextmenu"
            | "pointermove" | "pointerdown" | "pointerup" | "pointerrawupdate" | "touchstart"
            | "touchmove" | "touchend" | "mouseover" | "mouseout" => add(InputKind::Pointer),
            "scroll" | "wheel" => add(InputKind::Scroll),
            _ => {}
        }
    }
    kinds.sort();
    kinds
}

/// One listener registration as the hook reported it (the fields [`classify_now`] reads).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Listener {
    /// The DOM event type.
    pub event: String,
    /// `window`, `document` or `element`.
    pub target: String,
    /// Registered for the capture phase.
    #[serde(default)]
    pub capture: bool,
}

/// Whether a script's source should be classified now, during the page's load, rather than
/// once the page has loaded. Classifying means fetching the script again in Chrome and
/// scanning it, which a heavy page pays for in its load time; so only a script whose
/// listeners have a recorder's shape goes first: one that hears the whole page's input before
/// the page does (an input event on `window` or `document`, capture phase), or that listens
/// page-wide to two kinds of what a person does (keys, field values, pointer; not scroll). A hotkey
/// library (keys on `document`), a widget (clicks on its own button, scroll) waits; a
/// recorder that hides its shape is still classified, a moment later.
pub fn classify_now(listeners: &[Listener]) -> bool {
    // Scroll alone says little: sticky headers and lazy loaders listen to it page-wide.
    let personal = |k: &InputKind| {
        matches!(
            k,
            InputKind::Keys | InputKind::FormValues | InputKind::Pointer
        )
    };
    let page_wide = |l: &&Listener| l.target == "window" || l.target == "document";
    let heard = |l: &Listener| input_kinds([l.event.as_str()]).iter().any(personal);
    if listeners
        .iter()
        .filter(page_wide)
        .any(|l| l.capture && heard(l))
    {
        return true;
    }
    let kinds = input_kinds(listeners.iter().filter(page_wide).map(|l| l.event.as_str()));
    kinds.iter().filter(|k| personal(k)).count() >= 2
}

/// The report event for one classified request of a page on `site`, given the action taken.
pub fn request_event(verdict: &request::Verdict, url: &str, site: &str, action: Action) -> Event {
    let mut inputs = Vec::new();
    if query_names(url).any(scrub::is_identity_param) {
        inputs.push(InputKind::Identity);
    }
    Event {
        site: site.to_string(),
        vendor: verdict.vendor.clone(),
        host: host_of(url).map(str::to_string),
        class: Some(verdict.class),
        first_party: verdict.first_party,
        inputs,
        // A named rule is a list rule; a verdict without one came from the payload's shape.
        found_by: vec![if verdict.rule.is_some() {
            Detection::ListRule
        } else {
            Detection::PayloadSignature
        }],
        blocked: u64::from(action == Action::Block),
        allowed: u64::from(action != Action::Block),
        ..Event::default()
    }
}

/// What actually happens to a request when only declarative rules act on it (Chrome's DNR): a
/// rule exists only for a list filter, so a verdict that came from the payload's shape alone
/// (a first-party pixel, an rrweb batch to an unknown host) is let through whatever was
/// decided; the hook still withholds or fuzzes the recorder's input in the page. With a filter,
/// DNR does what the settings decided (the rules are compiled from the same decisions).
pub fn enforced_by_rules(verdict: &request::Verdict, decided: Action) -> Action {
    if verdict.rule.is_some() {
        decided
    } else {
        Action::Allow
    }
}

/// The report event for a payload of a page at `page_url` that carries a typed value, or
/// `None` when it carries none or goes only to the page's own site without being a tracker
/// (sending a form to the site that shows it is what forms are for).
pub fn leak_event(
    classifier: &Classifier,
    values: &[TypedValue],
    url: &str,
    body: Option<&[u8]>,
    page_url: &str,
) -> Option<Event> {
    let probe = LeakProbe::new(values).ok()?;
    let scan = probe.scan(Some(url), body);
    if scan.matches.is_empty() {
        return None;
    }
    let verdict = classifier
        .classify(&Request {
            url,
            initiator: Some(page_url),
            body,
            ..Request::default()
        })
        .ok()?;
    if verdict.first_party && verdict.class == Class::None {
        return None;
    }
    let mut leaks: Vec<LeakSeen> = Vec::new();
    for m in scan.matches {
        let seen = LeakSeen {
            field: m.field,
            encoding: m.encoding,
        };
        if !leaks.contains(&seen) {
            leaks.push(seen);
        }
    }
    Some(Event {
        site: crate::site::site_key(page_url).unwrap_or_default(),
        vendor: verdict.vendor,
        host: host_of(url).map(str::to_string),
        // A recipient no list or signature names is, by what it received, keystroke
        // telemetry: so it has a class, a switch like any recorder's, and its further sends of
        // typed values are decided by it (`sink::decide_send`, `stop_proven_leaks`).
        class: Some(if verdict.class == Class::None {
            Class::KeystrokeTelemetry
        } else {
            verdict.class
        }),
        first_party: verdict.first_party,
        inputs: vec![InputKind::FormValues],
        found_by: vec![Detection::ProvenLeak],
        leaks,
        ..Event::default()
    })
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => host.split(':').next()?,
    };
    (!host.is_empty()).then_some(host)
}

/// Decoded query parameter names of a URL.
fn query_names(url: &str) -> impl Iterator<Item = &str> {
    let query = url
        .split_once('?')
        .map_or("", |(_, q)| q.split('#').next().unwrap_or(""));
    query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    fn listener(event: &str, target: &str, capture: bool) -> Listener {
        Listener {
            event: event.into(),
            target: target.into(),
            capture,
        }
    }

    #[test]
    fn recorders_are_classified_now_widgets_and_hotkeys_after_the_load() {
        // rrweb, Clarity, Hotjar: capture-phase input listeners on the document.
        assert!(classify_now(&[listener("mousemove", "document", true)]));
        assert!(classify_now(&[
            listener("load", "window", false),
            listener("keydown", "window", true)
        ]));
        // Page-wide keys and field values, bubbling: a keystroke logger that avoids capture.
        assert!(classify_now(&[
            listener("keydown", "document", false),
            listener("input", "document", false)
        ]));
        // A hotkey library: keys on the document only.
        assert!(!classify_now(&[
            listener("keydown", "document", false),
            listener("keyup", "document", false)
        ]));
        // A widget: its own button, the window's scroll, capture on its own element.
        assert!(!classify_now(&[
            listener("click", "element", true),
            listener("keydown", "element", false),
            listener("scroll", "window", true)
        ]));
        // Capture-phase listeners on the window that are not input.
        assert!(!classify_now(&[
            listener("message", "window", true),
            listener("error", "window", true)
        ]));
        assert!(!classify_now(&[]));
    }

    use super::*;
    use crate::leak::Field;

    fn email(value: &str) -> TypedValue {
        TypedValue {
            field: Field {
                name: Some("email".into()),
                input_type: Some("email".into()),
                ..Field::default()
            },
            value: value.into(),
        }
    }

    #[test]
    fn input_kinds_follow_the_events() {
        assert_eq!(
            input_kinds(["keydown", "mousemove", "input", "scroll", "load"]),
            vec![
                InputKind::Keys,
                InputKind::KeyTiming,
                InputKind::Pointer,
                InputKind::Scroll,
                InputKind::FormValues
            ]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
        );
        assert!(input_kinds(["load", "resize", "message"]).is_empty());
        for timed in TIMED_EVENTS {
            assert!(
                INPUT_EVENTS.contains(timed),
                "{timed} is timed but not policed"
            );
        }
    }

    #[test]
    fn a_hashed_email_to_a_third_party_is_a_leak_without_the_value() {
        let c = Classifier::builtin();
        let sha = crate::leak::hash::hex(&crate::leak::hash::sha256(b"ada@example.com"));
        let url = format!("https://collector.example.net/m?em={sha}");
        let e = leak_event(
            &c,
            &[email(" Ada@Example.com ")],
            &url,
            None,
            "https://shop.example.org/signup",
        )
        .expect("a leak");
        assert_eq!(e.found_by, vec![Detection::ProvenLeak]);
        // Unnamed by any list, the recipient is keystroke telemetry by what it received.
        assert_eq!(e.class, Some(Class::KeystrokeTelemetry));
        assert_eq!(e.host.as_deref(), Some("collector.example.net"));
        assert_eq!(e.leaks.len(), 1);
        assert_eq!(e.leaks[0].field.name.as_deref(), Some("email"));
        assert!(!format!("{e:?}").to_lowercase().contains("ada@example.com"));
    }

    #[test]
    fn the_form_posted_to_its_own_site_is_not_a_leak_but_a_first_party_pixel_is() {
        let c = Classifier::builtin();
        let page = "https://shop.example.org/signup";
        let own = "https://shop.example.org/api/subscribe?email=ada%40example.com";
        assert!(leak_event(&c, &[email("ada@example.com")], own, None, page).is_none());
        let proxied = "https://shop.example.org/tr/?id=123456789012345&ev=Lead&dl=https%3A%2F%2Fshop.example.org%2F&rl=&if=false&ts=1700000000000&sw=1920&sh=1080&v=2.9.180&r=stable&ec=1&o=4126&it=1700000000000&coo=false&rqm=GET&em=ada%40example.com";
        assert!(leak_event(&c, &[email("ada@example.com")], proxied, None, page).is_some());
        assert!(leak_event(
            &c,
            &[email("ada@example.com")],
            "https://x.example.net/?q=1",
            None,
            page
        )
        .is_none());
    }

    #[test]
    fn declarative_rules_block_only_what_a_list_filter_matched() {
        let c = Classifier::builtin();
        let classify = |url: &str| {
            c.classify(&Request {
                url,
                initiator: Some("https://shop.example.org/"),
                ..Request::default()
            })
            .expect("a verdict")
        };
        let listed = classify("https://www.facebook.com/tr/?id=1&ev=PageView");
        assert!(listed.rule.is_some());
        assert_eq!(enforced_by_rules(&listed, Action::Block), Action::Block);
        assert_eq!(enforced_by_rules(&listed, Action::Fuzz), Action::Fuzz);
        // The pixel's fields in another order than fbevents.js writes them: only the core's
        // signature knows it, no filter (and so no DNR rule) matches.
        let shaped = classify("https://shop.example.org/tr/?ev=Lead&id=123456789012345&dl=https%3A%2F%2Fshop.example.org%2F&rl=&if=false&ts=1700000000000&sw=1920&sh=1080&v=2.9.180&r=stable&ec=1&o=4126&it=1700000000000&coo=false&rqm=GET&ud[em]=abc");
        assert_eq!(shaped.class, Class::MetaPixel);
        assert!(shaped.rule.is_none(), "found by its shape, not a filter");
        assert_eq!(enforced_by_rules(&shaped, Action::Block), Action::Allow);
    }

    #[test]
    fn request_events_say_how_the_tracker_was_found_and_what_was_done() {
        let c = Classifier::builtin();
        let url = "https://www.facebook.com/tr/?id=1&ev=PageView&ud[em]=abc";
        let v = c
            .classify(&Request {
                url,
                initiator: Some("https://shop.example.org/"),
                ..Request::default()
            })
            .expect("a verdict");
        let e = request_event(&v, url, "shop.example.org", Action::Block);
        assert_eq!(e.class, Some(Class::MetaPixel));
        assert_eq!(e.blocked, 1);
        assert_eq!(e.allowed, 0);
        assert!(e.inputs.contains(&InputKind::Identity));
        let plain = "https://www.facebook.com/tr/?id=1&ev=PageView";
        assert!(!request_event(&v, plain, "s", Action::Allow)
            .inputs
            .contains(&InputKind::Identity));
        assert_eq!(request_event(&v, plain, "s", Action::Allow).allowed, 1);
    }
}
