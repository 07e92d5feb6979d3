//! Bugs the fuzz targets found, one test each (their inputs are also kept in fuzz/corpus/).

use keyveil::lists::{self, Entry};
use keyveil::request::{Classifier, Error, Request};
use keyveil::Engine;

/// The filters of a list, printed and parsed again, must be the same filters.
fn round_trip(text: &str) -> String {
    let first = lists::parse(text);
    let printed = lists::print(&first.list);
    let again = lists::parse(&printed);
    assert_eq!(
        (again.summary.ignored, again.summary.rejected),
        (0, 0),
        "{printed}"
    );
    assert_eq!(
        first.list.filters().collect::<Vec<_>>(),
        again.list.filters().collect::<Vec<_>>(),
        "{printed}"
    );
    assert_eq!(lists::print(&again.list), printed);
    printed
}

#[test]
fn unanchored_patterns_print_as_what_they_are() {
    // `*/beacon/*` lost its stars and printed as `/beacon/`, which reads back as a regex;
    // likewise `|x` (an anchor), `@@x` (an exception), `!x` (a comment), `x|` (an end anchor).
    for (line, printed) in [
        ("*/beacon/*", "*/beacon/"),
        ("*/beacon/*$script", "*/beacon/$script"),
        ("*|rec", "*|rec"),
        ("*@@rec", "*@@rec"),
        ("*!rec", "*!rec"),
        ("*[rec]", "*[rec]"),
        ("*#rec", "*#rec"),
        ("rec|*", "rec|*"),
    ] {
        assert_eq!(
            round_trip(&format!("{line}\n")),
            format!("{printed}\n"),
            "{line}"
        );
    }
}

#[test]
fn a_hash_comment_never_becomes_metadata_or_a_header() {
    // `# keyveil:` was printed as `! keyveil:`, which reads back as (bad) metadata.
    let printed = round_trip("# keyveil:\n# Title: x\n# plain note\n||a.example^\n");
    assert!(
        printed.starts_with("# keyveil:\n# Title: x\n! plain note\n"),
        "{printed}"
    );
    let r = lists::parse("# keyveil: class=session-replay; vendor=X\n||a.example^\n");
    assert!(matches!(r.list.entries[0], Entry::Comment { .. }));
    assert!(r.list.filters().all(|f| f.meta.is_none()));
}

#[test]
fn a_host_prefix_ending_in_a_dot_matches_like_dnr() {
    // `||ads.` was indexed as the host `ads.` and so matched nothing; DNR's urlFilter `||ads.`
    // matches every host starting with the label `ads`.
    let c = Classifier::from_list(&lists::parse("||ads.\n").list);
    let rule = |url| {
        c.classify(&Request {
            url,
            ..Request::default()
        })
        .unwrap()
        .rule
    };
    assert_eq!(rule("https://ads.example.com/x").as_deref(), Some("||ads."));
    assert_eq!(
        rule("https://cdn.ads.example.com/x").as_deref(),
        Some("||ads.")
    );
    assert_eq!(rule("https://bads.example.com/x"), None);
}

#[test]
fn a_non_ascii_byte_after_an_ipv6_host_is_an_error_not_a_panic() {
    // The port check sliced one byte past the host's `]`, inside a multi-byte character.
    let engine = Engine::new();
    for url in [
        "http://u@[200c]\u{fffd}]:8080/a",
        "http://[::1]é:80/",
        "http://[::1]x80/",
    ] {
        let got = engine.classify_request(&Request {
            url,
            ..Request::default()
        });
        assert!(matches!(got, Err(Error::InvalidUrl(_))), "{url}: {got:?}");
    }
}

#[test]
fn a_site_dnr_cannot_name_is_reported_not_compiled() {
    use keyveil::lists::dnr;
    use keyveil::policy::{Change, Settings};
    // `pause https://Oth]r.Example/` gave the site key `oth]r.example`; a non-ASCII key
    // (`café.example`) is a real host name but no DNR domain. Either one in a rule makes Chrome
    // refuse the whole rule set.
    let mut settings = Settings::default();
    assert!(settings
        .apply(Change::Pause {
            site: "https://Oth]r.Example/path".into(),
            paused: Some(true),
        })
        .is_err());
    settings
        .apply(Change::Pause {
            site: "café.example".into(),
            paused: Some(true),
        })
        .unwrap();
    let list = lists::parse("||rec.example^\n").list;
    let out = dnr::compile_for(&list, &settings);
    let rules = serde_json::to_string(&out.rules).unwrap();
    assert!(rules.is_ascii() && rules.contains("rec.example"), "{rules}");
    assert!(
        out.unsupported
            .iter()
            .any(|l| l.filter == "site café.example"),
        "{:?}",
        out.unsupported
    );
    let overrides =
        dnr::Overrides::from_json(r#"{"allowSites": ["café.example", "ok.example"]}"#).unwrap();
    let out = dnr::compile(&list, &overrides);
    let rules = serde_json::to_string(&out.rules).unwrap();
    assert!(rules.is_ascii() && rules.contains("ok.example"), "{rules}");
    assert_eq!(out.unsupported.len(), 1);
}
