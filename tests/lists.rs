//! Filter lists: every rejection and ignore reason, canonical printing, the round-trip property,
//! and DNR compilation.

use keyveil::lists::{self, dnr, Fate, IgnoreReason, RejectReason};
use proptest::prelude::*;

fn fate(line: &str) -> Fate {
    let r = lists::parse(line);
    r.problems
        .first()
        .map_or(Fate::Accepted, |p| p.fate.clone())
}

fn rejected(line: &str) -> RejectReason {
    match fate(line) {
        Fate::Rejected { reason } => reason,
        other => panic!("{line:?} was not rejected: {other:?}"),
    }
}

fn ignored(line: &str) -> IgnoreReason {
    match fate(line) {
        Fate::Ignored { reason } => reason,
        other => panic!("{line:?} was not ignored: {other:?}"),
    }
}

#[test]
fn every_rejection_reason() {
    use RejectReason::*;
    assert_eq!(
        rejected(&format!("||a.com/{}", "x".repeat(5000))),
        LineTooLong
    );
    assert_eq!(rejected("||"), EmptyPattern);
    assert_eq!(rejected("@@*$third-party"), EmptyPattern);
    assert_eq!(rejected("||a.com/é"), InvalidCharacter('é'));
    assert_eq!(rejected("||a b.com^"), InvalidCharacter(' '));
    assert_eq!(rejected("||a!b.com^"), InvalidHost("a!b.com".into()));
    assert_eq!(rejected("||a.com^$scirpt"), UnknownOption("scirpt".into()));
    assert_eq!(rejected("||a.com^$script,"), UnknownOption(String::new()));
    assert_eq!(
        rejected("||a.com^$script=1"),
        UnexpectedValue("script".into())
    );
    assert_eq!(
        rejected("||a.com^$third-party=yes"),
        UnexpectedValue("third-party".into())
    );
    assert_eq!(
        rejected("||a.com^$important=1"),
        UnexpectedValue("important".into())
    );
    assert_eq!(rejected("||a.com^$domain"), MissingValue("domain".into()));
    assert_eq!(
        rejected("||a.com^$~important"),
        UnexpectedNegation("important".into())
    );
    assert_eq!(
        rejected("||a.com^$~domain=b.com"),
        UnexpectedNegation("domain".into())
    );
    assert!(matches!(
        rejected("||a.com^$third-party,1p"),
        ConflictingOptions(_)
    ));
    assert_eq!(rejected("||a.com^$domain=b.com|"), BadDomain(String::new()));
    assert_eq!(
        rejected("||a.com^$domain=.b.com"),
        BadDomain(".b.com".into())
    );
    assert_eq!(rejected("||a.com^$"), EmptyOptions);
    assert!(matches!(
        rejected("! keyveil: class=replay; vendor=X"),
        BadMetadata(_)
    ));
    assert!(matches!(
        rejected("! keyveil: class=session-replay"),
        BadMetadata(_)
    ));
    assert!(matches!(rejected("! keyveil: vendor=X"), BadMetadata(_)));
    assert!(matches!(
        rejected("! keyveil: class=none; vendor=X; colour=red"),
        BadMetadata(_)
    ));
    assert!(matches!(
        rejected("! keyveil: session-replay"),
        BadMetadata(_)
    ));
}

#[test]
fn every_ignore_reason() {
    use IgnoreReason::*;
    assert_eq!(ignored("example.com##.ad"), Cosmetic);
    assert_eq!(ignored("##.banner"), Cosmetic);
    assert_eq!(ignored("example.com#@#.ad"), Cosmetic);
    assert_eq!(ignored("example.com##+js(set-constant, x, 1)"), Scriptlet);
    assert_eq!(ignored("example.com#%#//scriptlet('abort')"), Scriptlet);
    assert_eq!(ignored("example.com##^script:has-text(x)"), HtmlFilter);
    assert_eq!(ignored("/ads?[0-9]+/$script"), Regex);
    assert_eq!(ignored("!#if env_firefox"), Preprocessor);
    assert_eq!(
        ignored("||a.com^$redirect=noop.js"),
        UnsupportedOption("redirect".into())
    );
    assert_eq!(
        ignored("||a.com^$csp=script-src 'none'"),
        UnsupportedOption("csp".into())
    );
    assert_eq!(ignored("||a.com^$popup"), UnsupportedOption("popup".into()));
    assert_eq!(
        ignored("||a.com^$domain=example.*"),
        UnsupportedOption("domain=example.*".into())
    );
}

#[test]
fn summary_counts_every_line_with_numbers() {
    let text = "! Title: T\n\n||a.com^\nx.com##.ad\n||b.com^$bogus\n! keyveil: class=meta-pixel; vendor=Meta\n||c.com/tr^\n";
    let r = lists::parse(text);
    let s = r.summary;
    assert_eq!(
        (s.lines, s.accepted, s.filters, s.ignored, s.rejected),
        (7, 5, 2, 1, 1)
    );
    assert_eq!(
        r.problems.iter().map(|p| p.line).collect::<Vec<_>>(),
        [4, 5]
    );
    assert_eq!(r.list.header("title"), Some("T"));
    let metas: Vec<_> = r
        .list
        .filters()
        .map(|f| f.meta.as_ref().map(|m| m.vendor.as_str()))
        .collect();
    assert_eq!(metas, [None, Some("Meta")]);
}

#[test]
fn bad_metadata_ends_the_block_instead_of_mislabelling() {
    let r = lists::parse("! keyveil: class=session-replay; vendor=A\n||a.com^\n! keyveil: class=bogus; vendor=B\n||b.com^\n");
    let metas: Vec<_> = r.list.filters().map(|f| f.meta.is_some()).collect();
    assert_eq!(metas, [true, false]);
}

#[test]
fn prints_canonically() {
    let r = lists::parse(
        "@@||A.com^$xhr,3P,beacon,domain=z.com|~y.com|b.com,important\n*foo*\n||b.com^$1p\n",
    );
    let printed = lists::print(&r.list);
    assert_eq!(
        printed,
        "! keyveil: end\n@@||a.com^$xmlhttprequest,ping,third-party,domain=b.com|z.com|~y.com,important\nfoo\n||b.com^$~third-party\n"
            .replacen("! keyveil: end\n", "", 1)
    );
}

#[test]
fn easyprivacy_style_lines_load() {
    // Shapes that occur in EasyPrivacy: all accepted or ignored, none rejected.
    let text = "[Adblock Plus 2.0]\n! Title: EasyPrivacy\n! Expires: 1 days (update frequency)\n||hotjar.com^$third-party\n/fbevents.js$script\n-analytics/beacon?\n||ads.example.com^$~third-party,xmlhttprequest\n@@||cdn.example.com/analytics.js$script,domain=shop.example\n||metrics.example.com^$ping,websocket\n##.tracking-banner\n";
    let r = lists::parse(text);
    assert_eq!(r.summary.rejected, 0, "{:?}", r.problems);
    assert_eq!(r.summary.filters, 6);
}

fn arb_filter() -> impl Strategy<Value = String> {
    let host = "[a-z0-9]{1,8}(\\.[a-z0-9]{1,6}){1,2}";
    let path = "(/[a-z0-9_.-]{0,6}){0,3}\\^?";
    let opts = proptest::sample::subsequence(
        vec![
            "script",
            "xhr",
            "ping",
            "websocket",
            "image",
            "~script",
            "third-party",
            "important",
            "domain=a.com|~b.org",
        ],
        0..4,
    );
    (any::<bool>(), 0u8..3, host, path, opts, any::<bool>()).prop_map(
        |(exc, anchor, h, p, o, meta)| {
            let pat = match anchor {
                0 => format!("||{h}{p}"),
                1 => format!("|https://{h}{p}"),
                _ => format!("{h}*{p}"),
            };
            let mut s = String::new();
            if meta {
                s.push_str("! keyveil: class=session-replay; vendor=Some Vendor\n");
            }
            s.push_str(if exc { "@@" } else { "" });
            s.push_str(&pat);
            if !o.is_empty() {
                s.push('$');
                s.push_str(&o.join(","));
            }
            s
        },
    )
}

proptest! {
    #[test]
    fn parse_print_parse_is_stable(lines in proptest::collection::vec(arb_filter(), 1..12)) {
        let text = lines.join("\n");
        let first = lists::parse(&text);
        prop_assert_eq!(first.summary.rejected, 0, "{:?}", first.problems);
        let printed = lists::print(&first.list);
        let second = lists::parse(&printed);
        prop_assert_eq!(second.summary.rejected + second.summary.ignored, 0);
        prop_assert_eq!(first.list.filters().collect::<Vec<_>>(), second.list.filters().collect::<Vec<_>>());
        prop_assert_eq!(lists::print(&second.list), printed);
    }
}

#[test]
fn dnr_rules_follow_overrides_and_keep_ids() {
    let list = lists::parse(
        "! keyveil: class=session-replay; vendor=Hotjar\n||in.hotjar.com^$xhr,third-party,domain=~shop.example\n@@||in.hotjar.com/ok^\n! keyveil: class=meta-pixel; vendor=Meta\n||facebook.com/tr^$important\n! keyveil: class=keystroke-telemetry; vendor=DataDome\n||js.datadome.co^\n! keyveil: end\n||a|b.com^\n",
    )
    .list;
    let plain = dnr::compile(&list, &dnr::Overrides::default());
    assert_eq!(plain.rules.len(), 3, "{:#?}", plain.rules);
    let hj = &plain.rules[0];
    assert_eq!(hj["action"]["type"], "block");
    assert_eq!(hj["priority"], 1);
    assert_eq!(hj["condition"]["urlFilter"], "||in.hotjar.com^");
    assert_eq!(
        hj["condition"]["resourceTypes"],
        serde_json::json!(["xmlhttprequest"])
    );
    assert_eq!(hj["condition"]["domainType"], "thirdParty");
    assert_eq!(
        hj["condition"]["excludedInitiatorDomains"],
        serde_json::json!(["shop.example"])
    );
    assert_eq!(plain.rules[1]["action"]["type"], "allow");
    assert_eq!(plain.rules[1]["priority"], 2);
    assert_eq!(plain.rules[2]["priority"], 3);
    // Keystroke telemetry is fuzzed by default: in the page, so no DNR rule.
    assert_eq!(plain.skipped.len(), 1);
    // `|` inside a pattern is reported, not dropped.
    assert_eq!(plain.unsupported.len(), 1);
    assert!(plain.unsupported[0].filter.contains("a|b.com"));

    let ov = dnr::Overrides::from_json(
        r#"{"allowSites":["news.example"],"vendors":{"Meta":"fuzz","Hotjar":"allow"},"classes":{"keystroke-telemetry":"block"}}"#,
    )
    .unwrap();
    let c = dnr::compile(&list, &ov);
    let meta = c
        .rules
        .iter()
        .find(|r| r["condition"]["urlFilter"] == "||facebook.com/tr^")
        .unwrap();
    assert_eq!(meta["action"]["type"], "redirect");
    let removed = meta["action"]["redirect"]["transform"]["queryTransform"]["removeParams"]
        .as_array()
        .unwrap();
    assert!(removed.iter().any(|p| p == "ud[em]") && removed.iter().any(|p| p == "ud%5Bem%5D"));
    assert_eq!(
        meta["condition"]["excludedInitiatorDomains"],
        serde_json::json!(["news.example"])
    );
    assert!(!c.rules.iter().any(
        |r| r["action"]["type"] == "block" && r["condition"]["urlFilter"] == "||in.hotjar.com^"
    ));
    assert!(c
        .rules
        .iter()
        .any(|r| r["condition"]["urlFilter"] == "||js.datadome.co^"));
    // Stable ids: the same rule keeps its id when the overrides change others.
    let allow_id = |rules: &[serde_json::Value]| {
        rules
            .iter()
            .find(|r| r["action"]["type"] == "allow")
            .map(|r| r["id"].clone())
    };
    assert_eq!(allow_id(&plain.rules), allow_id(&c.rules));
    assert_eq!(dnr::compile(&list, &ov).rules, c.rules);
    assert!(dnr::Overrides::from_json(r#"{"vendors":{"Meta":"explode"}}"#).is_err());
    assert!(dnr::Overrides::from_json(r#"{"sites":[]}"#).is_err());
}

#[test]
fn builtin_list_compiles_within_chrome_limits() {
    let list = lists::builtin::list();
    let c = dnr::compile(&list, &dnr::Overrides::default());
    assert!(c.rules.len() <= dnr::MAX_DYNAMIC_RULES);
    assert!(c.unsupported.is_empty(), "{:?}", c.unsupported);
    let mut ids: Vec<_> = c.rules.iter().map(|r| r["id"].as_u64().unwrap()).collect();
    assert!(ids.iter().all(|&i| (1..(1 << 31)).contains(&i)));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), c.rules.len());
}
