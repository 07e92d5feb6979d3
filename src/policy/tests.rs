//! Tests of the precedence list and of the page policy.

use super::*;

fn settings() -> Settings {
    migrate(
        r#"{"version":1,
        "classes":{"ad-pixel":"fuzz"},
        "vendors":{"Hotjar":"allow","Akamai":"block"},
        "sites":{
          "example.com":{"classes":{"session-replay":"fuzz"},"vendors":{"Akamai":"allow"}},
          "shop.example.com":{"vendors":{"Hotjar":"block"}},
          "paused.example":{"paused":true,"vendors":{"Hotjar":"block"}},
          "open.paused.example":{"paused":false}
        }}"#,
    )
    .unwrap()
}

fn act(s: &Settings, site: &str, class: Class, vendor: Option<&str>) -> (Action, Source) {
    let d = s.decide(site, class, vendor);
    (d.action, d.source)
}

#[test]
fn builtin_defaults_follow_domain_md() {
    let s = Settings::default();
    use Action::*;
    for (class, want) in [
        (Class::SessionReplay, Block),
        (Class::KeystrokeTelemetry, Fuzz),
        (Class::MetaPixel, Block),
        (Class::AdPixel, Block),
        (Class::None, Allow),
    ] {
        assert_eq!(act(&s, "any.example", class, None), (want, Source::Builtin));
    }
}

#[test]
fn a_vendor_default_overrides_its_class_default_only_for_that_class_and_below_any_choice() {
    use Action::*;
    let s = Settings::default();
    // Meta's first-party interaction logging: blocked, said to be the built-in default.
    assert_eq!(
        act(&s, "facebook.com", Class::KeystrokeTelemetry, Some("Meta")),
        (Block, Source::Builtin)
    );
    // Other keystroke telemetry keeps its class default; Meta's pixel keeps its own.
    assert_eq!(
        act(
            &s,
            "facebook.com",
            Class::KeystrokeTelemetry,
            Some("Forter")
        ),
        (Fuzz, Source::Builtin)
    );
    assert_eq!(
        act(&s, "facebook.com", Class::MetaPixel, Some("Meta")),
        (Block, Source::Builtin)
    );
    // Any choice of the person's wins, down to a class default.
    let mut chosen = Settings::default();
    chosen
        .apply(Change::Class {
            class: Class::KeystrokeTelemetry,
            action: Some(Allow),
        })
        .unwrap();
    assert_eq!(
        act(
            &chosen,
            "facebook.com",
            Class::KeystrokeTelemetry,
            Some("Meta")
        ),
        (Allow, Source::Class)
    );
}

#[test]
fn precedence_step_by_step() {
    let s = settings();
    use Action::*;
    use Class::{AdPixel, KeystrokeTelemetry, MetaPixel, SessionReplay};
    // 6 builtin, 5 person's class default
    assert_eq!(
        act(&s, "other.example", MetaPixel, None),
        (Block, Source::Builtin)
    );
    assert_eq!(
        act(&s, "other.example", AdPixel, None),
        (Fuzz, Source::Class)
    );
    // 4 global vendor beats class defaults
    assert_eq!(
        act(&s, "other.example", SessionReplay, Some("Hotjar")),
        (Allow, Source::Vendor)
    );
    // 3 site class beats global vendor
    assert_eq!(
        act(&s, "example.com", SessionReplay, Some("Hotjar")),
        (Fuzz, Source::SiteClass)
    );
    // 2 site vendor beats site class, and applies to subdomains; the most specific site wins
    assert_eq!(
        act(&s, "example.com", KeystrokeTelemetry, Some("Akamai")),
        (Allow, Source::SiteVendor)
    );
    assert_eq!(
        act(
            &s,
            "https://a.example.com/x",
            KeystrokeTelemetry,
            Some("Akamai")
        ),
        (Allow, Source::SiteVendor)
    );
    assert_eq!(
        act(&s, "shop.example.com", SessionReplay, Some("Hotjar")),
        (Block, Source::SiteVendor)
    );
    assert_eq!(
        act(&s, "shop.example.com", SessionReplay, Some("FullStory")),
        (Fuzz, Source::SiteClass)
    );
    // 1 pause beats everything, inherits to subdomains, and can be undone on one
    assert_eq!(
        act(&s, "www.paused.example", SessionReplay, Some("Hotjar")),
        (Allow, Source::Paused)
    );
    assert_eq!(
        act(&s, "x.paused.example", MetaPixel, None),
        (Allow, Source::Paused)
    );
    assert_eq!(
        act(&s, "open.paused.example", MetaPixel, None),
        (Block, Source::Builtin)
    );
    // a vendor not named anywhere falls through to its class
    assert_eq!(
        act(&s, "other.example", KeystrokeTelemetry, Some("Nobody")),
        (Fuzz, Source::Builtin)
    );
}

#[test]
fn changes_apply_and_say_when_a_reload_is_needed() {
    let mut s = Settings::default();
    let out = s
        .apply(Change::SiteVendor {
            site: "https://www.news.example/a".into(),
            vendor: "Hotjar".into(),
            action: Some(Action::Allow),
        })
        .unwrap();
    assert!(
        out.reload_needed,
        "block -> allow needs the script to load again"
    );
    assert_eq!(
        act(&s, "news.example", Class::SessionReplay, Some("Hotjar")).0,
        Action::Allow
    );
    let out = s
        .apply(Change::SiteVendor {
            site: "news.example".into(),
            vendor: "Hotjar".into(),
            action: None,
        })
        .unwrap();
    assert!(!out.reload_needed, "allow -> block applies at once");
    assert!(
        s.sites.is_empty(),
        "an entry that overrides nothing is dropped"
    );

    assert!(
        s.apply(Change::Pause {
            site: "news.example".into(),
            paused: Some(true)
        })
        .unwrap()
        .reload_needed
    );
    assert!(s.is_paused("news.example"));
    assert!(
        !s.apply(Change::Pause {
            site: "news.example".into(),
            paused: None
        })
        .unwrap()
        .reload_needed
    );
    assert!(
        !s.apply(Change::Class {
            class: Class::KeystrokeTelemetry,
            action: Some(Action::Block)
        })
        .unwrap()
        .reload_needed
    );
    assert!(s.apply(Change::Retention { days: 0 }).is_err());
    assert!(s
        .apply(Change::Pause {
            site: "bad host".into(),
            paused: Some(true)
        })
        .is_err());
}

#[test]
fn change_reads_from_json() {
    let c: Change = serde_json::from_str(
        r#"{"op":"site-vendor","site":"a.example","vendor":"Hotjar","action":"fuzz"}"#,
    )
    .unwrap();
    assert!(matches!(
        c,
        Change::SiteVendor {
            action: Some(Action::Fuzz),
            ..
        }
    ));
    let c: Change =
        serde_json::from_str(r#"{"op":"class","class":"ad-pixel","action":null}"#).unwrap();
    assert_eq!(
        c,
        Change::Class {
            class: Class::AdPixel,
            action: None
        }
    );
}

#[test]
fn page_policy_is_a_lookup() {
    let s = settings();
    let scripts = [
        ScriptVerdict {
            url: "https://static.hotjar.com/c/hotjar.js".into(),
            class: Class::SessionReplay,
            vendor: Some("Hotjar".into()),
        },
        ScriptVerdict {
            url: "https://shop.example.com/app.js".into(),
            class: Class::None,
            vendor: None,
        },
        ScriptVerdict {
            url: "https://connect.facebook.net/en_US/fbevents.js".into(),
            class: Class::MetaPixel,
            vendor: Some("Meta".into()),
        },
    ];
    let p = PagePolicy::new(&s, "https://shop.example.com/checkout", &scripts);
    assert_eq!(p.site, "shop.example.com");
    assert!(!p.paused);
    assert_eq!(
        p.lookup("https://static.hotjar.com/c/hotjar.js"),
        Action::Block
    );
    assert_eq!(p.lookup("https://shop.example.com/app.js"), Action::Allow);
    assert_eq!(
        p.lookup("https://connect.facebook.net/en_US/fbevents.js"),
        Action::Block
    );
    assert_eq!(
        p.lookup("https://not-yet-classified.example/x.js"),
        Action::Allow
    );
    assert_eq!(p.classes.get(Class::SessionReplay), Some(Action::Fuzz));
    assert!(p.strip_params.iter().any(|n| n == "ud[em]"));
    assert!(p.strip_params.iter().all(|n| !n.contains('%')));

    let paused = PagePolicy::new(&s, "paused.example", &scripts);
    assert!(paused.paused);
    assert!(paused.scripts.values().all(|&a| a == Action::Allow));
    assert!(Class::ALL
        .iter()
        .all(|&c| paused.classes.get(c) == Some(Action::Allow)));

    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["classes"]["session-replay"], "fuzz");
    assert_eq!(json["unknown"], "allow");
    // Until its verdict, a script whose listener hears the whole page's input first gets
    // noise, never the truth; not where KeyVeil is paused, nor for the page's own inline code.
    assert_eq!(json["pending"], "fuzz");
    assert_eq!(
        json["pending_targets"],
        serde_json::json!(["window", "document"])
    );
    assert_eq!(json["pending_inline"], false);
    assert_eq!(serde_json::to_value(&paused).unwrap()["pending"], "allow");
}

/// A request of no class that a list's block filter names is blocked (as Chrome's rules do),
/// unless the site is paused; an excepted or unlisted one is allowed; a classed one goes by
/// its class.
#[test]
fn a_listed_request_of_no_class_is_blocked_unless_paused() {
    let list = crate::lists::parse(
        "||plain.example^\n@@||plain.example/ok/\n! keyveil: class=session-replay; vendor=Acme\n||acme.example^\n",
    )
    .list;
    let c = crate::request::Classifier::from_list(&list);
    let verdict = |url: &str| {
        c.classify(&crate::request::Request {
            url,
            resource_type: Some("script"),
            initiator: Some("https://site.example/"),
            method: None,
            body: None,
        })
        .unwrap()
    };
    let s = settings();
    let plain = verdict("https://plain.example/t.js");
    assert_eq!(plain.class, Class::None);
    assert!(plain.listed);
    let d = s.decide_request("site.example", &plain);
    assert_eq!((d.action, d.source), (Action::Block, Source::ListRule));
    let d = s.decide_request("paused.example", &plain);
    assert_eq!((d.action, d.source), (Action::Allow, Source::Paused));
    let excepted = verdict("https://plain.example/ok/t.js");
    assert!(!excepted.listed);
    assert_eq!(
        s.decide_request("site.example", &excepted).action,
        Action::Allow
    );
    let unlisted = verdict("https://other.example/t.js");
    assert!(!unlisted.listed);
    assert_eq!(
        s.decide_request("site.example", &unlisted).action,
        Action::Allow
    );
    let classed = verdict("https://acme.example/t.js");
    assert_eq!(classed.class, Class::SessionReplay);
    assert_eq!(
        s.decide_request("example.com", &classed),
        s.decide("example.com", Class::SessionReplay, Some("Acme"))
    );
}
