//! Tests of merging, bounds, retention, storage, export and import.

use super::*;
use crate::leak::{Encoding, Field};

const T0: u64 = 1_795_459_267_000; // 2026-11-23T18:41:07Z
const DAY: u64 = day::DAY_MS;

fn ev(id: Option<&str>, ts: u64, site: &str, vendor: &str, class: Class) -> Event {
    Event {
        id: id.map(str::to_string),
        ts,
        site: site.into(),
        vendor: Some(vendor.into()),
        class: Some(class),
        ..Default::default()
    }
}

fn hotjar(id: &str, ts: u64) -> Event {
    Event {
        inputs: vec![InputKind::Keys, InputKind::Pointer],
        found_by: vec![Detection::ListRule],
        blocked: 2,
        host: Some("in.hotjar.com".into()),
        ..ev(
            Some(id),
            ts,
            "https://www.shop.example/cart",
            "Hotjar",
            Class::SessionReplay,
        )
    }
}

fn email_leak() -> LeakSeen {
    LeakSeen {
        field: Field {
            name: Some("email".into()),
            input_type: Some("email".into()),
            ..Default::default()
        },
        encoding: Encoding::Sha256Hex,
    }
}

#[test]
fn merge_builds_the_record() {
    let mut r = Report::new();
    let meta = Event {
        inputs: vec![InputKind::Identity],
        found_by: vec![Detection::PayloadSignature],
        stripped: 3,
        fuzzed: 0,
        leaks: vec![email_leak()],
        first_party: true,
        ..ev(Some("m1"), T0 + 5, "shop.example", "Meta", Class::MetaPixel)
    };
    let out = r.merge(&[hotjar("h1", T0), hotjar("h2", T0 + 10), meta]);
    assert_eq!(out.merged, 3);
    let site = r.site("https://shop.example/").unwrap();
    assert_eq!((site.first_seen, site.last_seen), (T0, T0 + 10));
    let h = &site.trackers["Hotjar"];
    assert_eq!(h.class, Class::SessionReplay);
    assert_eq!(h.blocked_requests, 4);
    assert_eq!(h.host.as_deref(), Some("in.hotjar.com"));
    assert!(h.inputs.contains(&InputKind::Pointer));
    assert_eq!(h.day("2026-11-23").unwrap().blocked, 4);
    let m = &site.trackers["Meta"];
    assert!(m.first_party);
    assert_eq!(m.stripped_fields, 3);
    assert!(m.found_by.contains(&Detection::ProvenLeak));
    assert!(m.inputs.contains(&InputKind::FormValues));
    assert_eq!(m.leaks.len(), 1);
    assert_eq!(m.leaks[0].field.name.as_deref(), Some("email"));
}

#[test]
fn replayed_events_do_not_double_count_even_across_a_restart() {
    let mut r = Report::new();
    r.merge(&[hotjar("a", T0), hotjar("b", T0 + 1)]);
    // The service worker stops; the report is reloaded from storage; the batch is replayed.
    let mut r = Report::load(&r.to_json()).unwrap().report;
    let out = r.merge(&[hotjar("a", T0), hotjar("b", T0 + 1), hotjar("c", T0 + 2)]);
    assert_eq!((out.merged, out.duplicates), (1, 2));
    assert_eq!(
        r.sites["shop.example"].trackers["Hotjar"].blocked_requests,
        6
    );
    // Events without an id are always merged.
    let mut no_id = hotjar("x", T0);
    no_id.id = None;
    r.merge(&[no_id.clone(), no_id]);
    assert_eq!(
        r.sites["shop.example"].trackers["Hotjar"].blocked_requests,
        10
    );
}

#[test]
fn class_is_the_most_serious_seen_and_none_is_ignored() {
    let mut r = Report::new();
    let out = r.merge(&[
        ev(None, T0, "a.example", "Acme", Class::AdPixel),
        ev(None, T0, "a.example", "Acme", Class::SessionReplay),
        ev(None, T0, "a.example", "Acme", Class::None),
        ev(None, T0, "a.example", "Benign", Class::None),
    ]);
    assert_eq!((out.merged, out.ignored), (2, 2));
    assert_eq!(
        r.sites["a.example"].trackers["Acme"].class,
        Class::SessionReplay
    );
    assert!(!r.sites["a.example"].trackers.contains_key("Benign"));
}

#[test]
fn bad_events_are_rejected_with_a_reason() {
    let mut r = Report::new();
    let out = r.merge(&[
        ev(None, T0, "<script>", "X", Class::AdPixel),
        ev(None, 0, "a.example", "X", Class::AdPixel),
    ]);
    assert_eq!(out.rejected.len(), 2);
    assert!(r.sites.is_empty());
}

#[test]
fn caps_prune_and_say_so() {
    let mut r = Report::new();
    // Sites: the least recently seen goes.
    let events: Vec<Event> = (0..=MAX_SITES as u64)
        .map(|i| ev(None, T0 + i, &format!("s{i}.example"), "V", Class::AdPixel))
        .collect();
    let out = r.merge(&events);
    assert!(out.pruned);
    assert_eq!(r.sites.len(), MAX_SITES);
    assert!(!r.sites.contains_key("s0.example"));
    assert_eq!(r.pruned.sites, 1);
    assert!(r.pruned.happened());

    // Trackers per site.
    let mut r = Report::new();
    let events: Vec<Event> = (0..=MAX_TRACKERS_PER_SITE as u64)
        .map(|i| ev(None, T0 + i, "t.example", &format!("V{i}"), Class::AdPixel))
        .collect();
    r.merge(&events);
    assert_eq!(r.sites["t.example"].trackers.len(), MAX_TRACKERS_PER_SITE);
    assert!(!r.sites["t.example"].trackers.contains_key("V0"));
    assert_eq!(r.pruned.trackers, 1);

    // Days per tracker.
    let mut r = Report::new();
    let events: Vec<Event> = (0..=u64::from(MAX_DAYS))
        .map(|i| ev(None, T0 + i * DAY, "d.example", "V", Class::AdPixel))
        .collect();
    r.merge(&events);
    let days = &r.sites["d.example"].trackers["V"].days;
    assert_eq!(days.len(), MAX_DAYS as usize);
    assert!(!days.iter().any(|d| d.day == "2026-11-23"));
    assert!(
        days.windows(2).all(|w| w[0].day < w[1].day),
        "kept in day order"
    );
    assert_eq!(r.pruned.day_entries, 1);

    // Leaks per tracker.
    let mut r = Report::new();
    let events: Vec<Event> = (0..=MAX_LEAKS_PER_TRACKER as u64)
        .map(|i| Event {
            leaks: vec![LeakSeen {
                field: Field {
                    name: Some(format!("f{i}")),
                    ..Default::default()
                },
                encoding: Encoding::Plain,
            }],
            ..ev(None, T0 + i, "l.example", "V", Class::SessionReplay)
        })
        .collect();
    r.merge(&events);
    assert_eq!(
        r.sites["l.example"].trackers["V"].leaks.len(),
        MAX_LEAKS_PER_TRACKER
    );
    assert_eq!(r.pruned.leaks, 1);
}

#[test]
fn page_supplied_text_is_cut() {
    let mut r = Report::new();
    let long = "V".repeat(5000);
    r.merge(&[ev(None, T0, "a.example", &long, Class::AdPixel)]);
    let key = r.sites["a.example"].trackers.keys().next().unwrap();
    assert_eq!(key.chars().count(), MAX_TEXT_LEN);
}

#[test]
fn retention_drops_what_is_older() {
    let mut r = Report::new();
    r.merge(&[
        ev(None, T0 - 100 * DAY, "old.example", "V", Class::AdPixel),
        ev(None, T0 - 100 * DAY, "mixed.example", "Old", Class::AdPixel),
        ev(None, T0 - 100 * DAY, "mixed.example", "New", Class::AdPixel),
        ev(None, T0, "mixed.example", "New", Class::AdPixel),
    ]);
    let out = r.prune_older_than(T0, 90);
    assert_eq!(out.sites, 1);
    assert_eq!(out.trackers, 2);
    assert_eq!(out.day_entries, 3);
    assert!(!r.sites.contains_key("old.example"));
    let mixed = &r.sites["mixed.example"];
    assert_eq!(mixed.trackers.keys().collect::<Vec<_>>(), ["New"]);
    assert_eq!(mixed.trackers["New"].days.len(), 1);
    assert!(
        !r.pruned.happened(),
        "retention is the person's choice, not a cap"
    );
}

#[test]
fn clear_all_and_per_site() {
    let mut r = Report::new();
    r.merge(&[
        hotjar("a", T0),
        ev(None, T0, "b.example", "V", Class::AdPixel),
    ]);
    assert!(r.clear_site("https://www.shop.example/x"));
    assert!(!r.clear_site("shop.example"));
    assert_eq!(r.sites.keys().collect::<Vec<_>>(), ["b.example"]);
    r.clear_all();
    assert_eq!(r, Report::new());
}

#[test]
fn corrupt_site_record_costs_only_itself() {
    let mut r = Report::new();
    r.merge(&[
        hotjar("a", T0),
        ev(None, T0, "b.example", "V", Class::AdPixel),
    ]);
    let mut v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    v["sites"]["b.example"]["trackers"]["V"]["class"] = "gremlin".into();
    let loaded = Report::load(&v.to_string()).unwrap();
    assert_eq!(
        loaded.report.sites.keys().collect::<Vec<_>>(),
        ["shop.example"]
    );
    assert_eq!(loaded.dropped.len(), 1);
    assert_eq!(loaded.dropped[0].site.as_deref(), Some("b.example"));
    assert!(
        loaded.dropped[0].reason.contains("gremlin"),
        "{:?}",
        loaded.dropped
    );
}

#[test]
fn unreadable_or_future_reports() {
    let l = Report::load("{not json").unwrap();
    assert!(l.report.sites.is_empty());
    assert_eq!(l.dropped[0].site, None);
    let l = Report::load(r#"{"sites":{}}"#).unwrap();
    assert_eq!(l.dropped.len(), 1, "no version is unreadable");
    assert_eq!(
        Report::load(r#"{"version":2,"sites":{}}"#),
        Err(Error::FutureVersion {
            found: 2,
            supported: 1
        })
    );
}

#[test]
fn json_export_round_trips_through_import() {
    let mut r = Report::new();
    r.merge(&[
        hotjar("a", T0),
        Event {
            leaks: vec![email_leak()],
            ..ev(
                Some("m"),
                T0 + DAY,
                "news.example",
                "Meta",
                Class::MetaPixel,
            )
        },
    ]);
    let json = r.export_json(T0 + 2 * DAY);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], EXPORT_FORMAT);
    assert_eq!(v["version"], 1);
    assert!(
        v.get("recent_ids").is_none(),
        "ids are internal, not exported"
    );
    let back = Report::import_json(&json).unwrap();
    assert!(back.dropped.is_empty());
    assert_eq!(back.report.sites, r.sites);
    assert!(matches!(
        Report::import_json(&r.to_json()),
        Err(Error::NotAnExport(_))
    ));
    assert!(matches!(
        Report::import_json("[1]"),
        Err(Error::NotAnExport(_))
    ));
}

#[test]
fn csv_export_has_the_documented_columns() {
    let mut r = Report::new();
    r.merge(&[
        hotjar("a", T0),
        Event {
            leaks: vec![email_leak()],
            ..ev(None, T0, "news.example", "=Meta, Inc", Class::MetaPixel)
        },
    ]);
    let csv = r.export_csv();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], csv::CSV_COLUMNS.join(","));
    assert_eq!(lines.len(), 4, "header, two rows, final empty: {csv}");
    assert!(lines.iter().any(|l| l.starts_with("shop.example,Hotjar,Hotjar,in.hotjar.com,session-replay,false,keys;pointer,list-rule,2026-11-23T18:41:07Z,")));
    let meta = lines.iter().find(|l| l.contains("Meta")).unwrap();
    // Quoted for the comma, defused for the leading `=`.
    assert!(
        meta.starts_with("news.example,\"'=Meta, Inc\",\"'=Meta, Inc\","),
        "{meta}"
    );
    assert!(meta.contains("email (type=email) as sha256-hex"), "{meta}");
    assert!(meta.contains(",form-values,proven-leak,"), "{meta}");
}

#[test]
fn chart_counts_met_blocked_fuzzed_per_day() {
    let mut r = Report::new();
    r.merge(&[
        hotjar("a", T0),
        Event {
            fuzzed: 5,
            ..ev(
                None,
                T0,
                "bank.example",
                "Akamai",
                Class::KeystrokeTelemetry,
            )
        },
        ev(None, T0, "c.example", "Quiet", Class::AdPixel),
        hotjar("b", T0 + DAY),
    ]);
    let chart = r.chart();
    assert_eq!(chart.len(), 2);
    let d0 = &chart[0];
    assert_eq!(d0.day, "2026-11-23");
    assert_eq!((d0.met, d0.blocked, d0.fuzzed), (3, 1, 1));
    assert_eq!((d0.blocked_requests, d0.fuzzed_events), (2, 5));
    assert_eq!((chart[1].day.as_str(), chart[1].met), ("2026-11-24", 1));
}

#[test]
fn summaries_and_vendor_view() {
    let mut r = Report::new();
    r.merge(&[
        hotjar("a", T0),
        ev(None, T0 + 5, "news.example", "Hotjar", Class::SessionReplay),
        ev(None, T0 + 9, "news.example", "Meta", Class::MetaPixel),
    ]);
    let rows = r.summaries();
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.site == "news.example")
        .collect();
    assert_eq!(rows[0].trackers, ["Hotjar", "Meta"]);
    assert_eq!(rows[0].worst_class, Class::SessionReplay);
    let sites: Vec<String> = r
        .vendor_sites("Hotjar")
        .into_iter()
        .map(|v| v.site)
        .collect();
    assert_eq!(sites, ["news.example", "shop.example"]);
    let shop = r
        .summaries()
        .into_iter()
        .find(|s| s.site == "shop.example")
        .unwrap();
    assert_eq!(shop.inputs, [InputKind::Keys, InputKind::Pointer]);
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn event() -> impl Strategy<Value = Event> {
        (
            proptest::option::of(0u8..20),
            0u64..3 * DAY,
            prop::sample::select(vec!["a.example", "https://www.b.example/x", "bad host", ""]),
            proptest::option::of(prop::sample::select(vec!["V1", "V2", ""])),
            prop::sample::select(Class::ALL.to_vec()),
            0u64..5,
            proptest::bool::ANY,
        )
            .prop_map(|(id, dt, site, vendor, class, n, leak)| Event {
                id: id.map(|i| format!("id{i}")),
                ts: T0 + dt,
                site: site.into(),
                vendor: vendor.map(str::to_string),
                class: Some(class),
                blocked: n,
                fuzzed: n,
                leaks: if leak { vec![email_leak()] } else { vec![] },
                ..Default::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn replaying_events_with_ids_changes_nothing(
            events in proptest::collection::vec(event(), 0..30)
        ) {
            let with_ids: Vec<Event> = events.into_iter().filter(|e| e.id.is_some()).collect();
            let mut once = Report::new();
            once.merge(&with_ids);
            let mut twice = Report::load(&once.to_json()).unwrap().report;
            let out = twice.merge(&with_ids);
            prop_assert_eq!(out.merged, 0);
            prop_assert_eq!(&twice.sites, &once.sites);
            // And storage round-trips whatever was merged.
            let back = Report::load(&once.to_json()).unwrap();
            prop_assert!(back.dropped.is_empty());
            prop_assert_eq!(back.report.sites, once.sites);
        }
    }
}
