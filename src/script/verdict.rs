//! From features to a verdict: the score from the weight table, the class, the vendor, and the
//! evidence in words a person can read.

use super::features::Features;
use super::flow::{self, Flow};
use super::terms::{Signal, TERMS};
use super::vendors::PatternKind;
use super::vocab::vocab;
use super::weights::{self, row};
use crate::Class;

/// What the verdict is made of, before it is dressed for output.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub score: f32,
    pub records_input: bool,
    pub class: Class,
    pub vendor: Option<String>,
    pub evidence: Vec<String>,
}

/// The signals that mean the page itself is being serialised (not just listened to).
const SERIALISE: [Signal; 5] = [
    Signal::MutationObserver,
    Signal::MarkupRead,
    Signal::TreeWalk,
    Signal::StyleHarvest,
    Signal::SnapshotVocab,
];

fn fired(f: &Features, s: Signal) -> bool {
    let r = row(s);
    f.count(s) >= r.min && distinct_terms(f, s) >= r.terms
}

fn distinct_terms(f: &Features, s: Signal) -> u32 {
    TERMS
        .iter()
        .enumerate()
        .filter(|(i, t)| t.signal == s && f.has_term(*i))
        .count() as u32
}

/// The names of the terms seen for the given signals, in table order.
fn names(f: &Features, signals: &[Signal], listened_only: bool) -> Vec<&'static str> {
    TERMS
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            signals.contains(&t.signal)
                && if listened_only {
                    f.listened_to(*i)
                } else {
                    f.has_term(*i)
                }
        })
        .map(|(_, t)| t.text)
        .collect()
}

/// The verb for signals that do not fit their evidence line's verb.
fn clause(s: Signal) -> Option<&'static str> {
    match s {
        Signal::FieldPrototypes => Some("reaches into field prototypes"),
        Signal::PasswordNamed => Some("singles out"),
        Signal::FlushOnHide => Some("flushes on"),
        Signal::SnapshotVocab => Some("speaks the replay format"),
        _ => None,
    }
}

/// The strongest vendor the script names, its class, its score, and what named it.
fn best_vendor(f: &Features) -> Option<(String, Class, f32, Vec<String>)> {
    // Most scripts name no vendor: skip the vendor-by-vendor walk, the bulk of a small
    // script's fixed cost.
    if f.vendor_hits.iter().all(|&h| h == 0) {
        return None;
    }
    let v = vocab();
    let mut best: Option<(String, Class, f32, Vec<String>, u32)> = None;
    let mut seen: Vec<&str> = Vec::new();
    for p in &v.patterns {
        if seen.contains(&p.vendor.as_str()) {
            continue;
        }
        seen.push(&p.vendor);
        let (mut host, mut global, mut called, mut what) = (false, false, false, Vec::new());
        let mut total = 0;
        for ((q, hits), calls) in v.patterns.iter().zip(&f.vendor_hits).zip(&f.vendor_calls) {
            if q.vendor != p.vendor || *hits == 0 {
                continue;
            }
            total += hits;
            called |= *calls > 0;
            match q.kind {
                PatternKind::Host => host = true,
                PatternKind::Global => {
                    global = true;
                    what.push(q.text.clone());
                }
            }
        }
        if host {
            what.extend(
                f.hosts
                    .iter()
                    .filter(|h| {
                        v.patterns.iter().any(|q| {
                            q.vendor == p.vendor
                                && q.kind == PatternKind::Host
                                && h.ends_with(&q.text)
                        })
                    })
                    .cloned(),
            );
        }
        if called {
            what.push("calls it with commands".into());
        }
        let score = if host { weights::VENDOR_HOST } else { 0.0 }
            + if global { weights::VENDOR_GLOBAL } else { 0.0 }
            + if called { weights::VENDOR_CALL } else { 0.0 };
        // The strongest vendor wins; between equals, the one named most often.
        if score > 0.0 && best.as_ref().is_none_or(|b| (score, total) > (b.2, b.4)) {
            best = Some((p.vendor.clone(), p.class, score, what, total));
        }
    }
    best.map(|(name, class, score, what, _)| (name, class, score, what))
}

/// The kinds of read that reach a way out and count, in words. Each needs its events named (keys
/// for `e.key`: `code` and `which` are also error and API fields); field values need page-wide
/// reach (listeners on document or window, or every field collected), since a search box or a
/// chat sends its own field's text; times count only beside keys or pointer positions (every
/// analytics call sends a time).
pub fn shipped(f: &Features, fl: &Flow) -> Vec<&'static str> {
    let has = |s: Signal| f.count(s) > 0;
    let key = fl.shipped & flow::KEY != 0
        && (has(Signal::KeyEvents)
            || has(Signal::InputEvents)
            || fl.folded_events & flow::EV_KEY != 0);
    let pointer = fl.shipped & flow::POINTER != 0
        && (has(Signal::PointerMoves)
            || has(Signal::Presses)
            || fl.folded_events & flow::EV_POINTER != 0);
    let value = fl.shipped & flow::VALUE != 0
        && (f.on_document || f.on_window || fl.field_sweep)
        && (has(Signal::InputEvents)
            || has(Signal::KeyEvents)
            || fl.field_events
            || fl.folded_events & flow::EV_FIELD != 0);
    let time = fl.shipped & flow::TIME != 0 && (key || pointer);
    [
        (key, "keys"),
        (time, "event times"),
        (pointer, "pointer positions"),
        (value, "field values"),
    ]
    .into_iter()
    .filter_map(|(on, what)| on.then_some(what))
    .collect()
}

/// Scores features, and what the flow pass found, against the weight table.
pub fn score(f: &Features, fl: &Flow) -> Scored {
    let mut score = 0.0f32;
    let mut evidence = Vec::new();

    let vendor = best_vendor(f);
    if let Some((name, class, s, what)) = &vendor {
        score += s;
        evidence.push(format!(
            "names {name}, a known {} vendor: {} (+{s:.2})",
            class.as_str(),
            what.join(", ")
        ));
        if f.injects_script {
            score += weights::LOADER;
            evidence.push(format!(
                "injects a <script> element: a loader for {name} (+{})",
                weights::LOADER
            ));
        }
    }

    // Marks add in full; weak rows add up to the line's cap.
    let group = |signals: &[Signal], cap: f32| -> f32 {
        let on = signals.iter().filter(|s| fired(f, **s)).map(|s| row(*s));
        let (marks, weak): (Vec<&weights::Row>, Vec<&weights::Row>) = on.partition(|r| r.mark);
        marks.iter().map(|r| r.weight).sum::<f32>()
            + weak.iter().map(|r| r.weight).sum::<f32>().min(cap)
    };

    let events = [
        Signal::KeyEvents,
        Signal::InputEvents,
        Signal::PointerMoves,
        Signal::Presses,
        Signal::ScrollSelect,
    ];
    let mut w = group(&events, weights::WEAK_CAP_LISTEN);
    let global = f.on_document || f.on_window;
    if global {
        w += weights::GLOBAL_LISTENER;
    }
    if w > 0.0 {
        let listened = names(f, &events, true);
        let mut on = Vec::new();
        if f.on_document {
            on.push("document");
        }
        if f.on_window {
            on.push("window");
        }
        let cap = if f.capture { ", capture phase" } else { "" };
        let mut line = if listened.is_empty() {
            format!("names input events {}", names(f, &events, false).join(", "))
        } else {
            let on = if on.is_empty() {
                "elements".to_string()
            } else {
                on.join(" and ")
            };
            format!("listens to {} on {on}{cap}", listened.join(", "))
        };
        if listened.is_empty() && !on.is_empty() {
            line.push_str(&format!("; adds listeners on {}{cap}", on.join(" and ")));
        }
        evidence.push(format!("{line} (+{w:.2})"));
        score += w;
    }

    for (signals, what, cap) in [
        (
            &[
                Signal::KeyRead,
                Signal::TimingRead,
                Signal::PointerRead,
                Signal::ValueRead,
                Signal::FieldPrototypes,
                Signal::PasswordNamed,
                Signal::ViewportRead,
            ][..],
            "reads",
            weights::WEAK_CAP_READ,
        ),
        (
            &SERIALISE[..],
            "serialises the page with",
            weights::WEAK_CAP_SERIALISE,
        ),
        (&[Signal::Compression][..], "compresses with", 0.0),
        (
            &[
                Signal::SendBeacon,
                Signal::HttpSink,
                Signal::WebSocket,
                Signal::FlushOnHide,
            ][..],
            "sends with",
            weights::WEAK_CAP_SEND,
        ),
    ] {
        let w = group(signals, cap);
        if w > 0.0 {
            let on: Vec<Signal> = signals.iter().copied().filter(|s| fired(f, *s)).collect();
            // Signals that read differently from the line's verb get their own clause.
            let (main, aside): (Vec<Signal>, Vec<Signal>) =
                on.iter().partition(|s| clause(**s).is_none());
            let mut line = format!("{what} {}", names(f, &main, false).join(", "));
            if main.is_empty() {
                line = String::new();
            }
            for s in aside {
                let sep = if line.is_empty() { "" } else { "; " };
                let verb = clause(s).unwrap_or_default();
                line.push_str(&format!("{sep}{verb} {}", names(f, &[s], false).join(", ")));
            }
            if what == "sends with" && !f.hosts.is_empty() {
                line.push_str(&format!(" (hosts named: {})", f.hosts.join(", ")));
            }
            evidence.push(format!("{line} (+{w:.2})"));
            score += w;
        }
    }

    let kinds = shipped(f, fl);
    if !kinds.is_empty() {
        let mut w = weights::FLOW_LINK + weights::FLOW_EXTRA * (kinds.len() - 1) as f32;
        if fl.sinks & flow::S_IMAGE != 0 {
            w += weights::FLOW_IMAGE;
        }
        let w = w.min(weights::FLOW_MAX);
        let ways: Vec<&str> = flow::SINK_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| fl.sinks & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        evidence.push(format!(
            "ships what it reads: {} reach {} (+{w:.2})",
            kinds.join(", "),
            ways.join(", ")
        ));
        score += w;
    }

    // Weak rows are capped below the threshold (weights::tests), so crossing it takes a vendor,
    // a recorder's mark or the read-to-send link: listening and reading alone is what editors do.
    let records_input = score >= weights::THRESHOLD;
    // Hooking field values captures what was typed, not just when: that is replay, not timing.
    let serialises = SERIALISE.iter().any(|s| fired(f, *s)) || fired(f, Signal::FieldPrototypes);
    let (class, vendor) = match (&vendor, records_input) {
        (_, false) => (Class::None, None),
        (Some((name, class, _, _)), true) => (*class, Some(name.clone())),
        (None, true) if fired(f, Signal::SnapshotVocab) => {
            (Class::SessionReplay, Some("rrweb".to_string()))
        }
        (None, true) if serialises => (Class::SessionReplay, None),
        (None, true) => (Class::KeystrokeTelemetry, None),
    };
    if score < weights::THRESHOLD && score > 0.0 {
        evidence.push(format!(
            "score {score:.2} is below {}: listening without recording",
            weights::THRESHOLD
        ));
    }
    Scored {
        score,
        records_input,
        class,
        vendor,
        evidence,
    }
}
