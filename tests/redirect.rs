//! `$redirect=` and `$redirect-rule=`: reading them, printing them, the core's answer to a
//! blocked request (Firefox) and the DNR redirect rules (Chrome).

use keyveil::lists::{self, dnr, Fate, RejectReason};
use keyveil::request::{Classifier, Request};
use serde_json::json;

const EASYPRIVACY: &str = include_str!("fixtures/lists/easyprivacy.txt");

fn only_filter(line: &str) -> lists::Filter {
    let r = lists::parse(line);
    assert!(r.problems.is_empty(), "{line}: {:?}", r.problems);
    let f = r.list.all_filters().next().cloned();
    f.expect(line)
}

fn rejected(line: &str) -> RejectReason {
    match lists::parse(line).problems.first().map(|p| p.fate.clone()) {
        Some(Fate::Rejected { reason }) => reason,
        other => panic!("{line:?} was not rejected: {other:?}"),
    }
}

/// The resource the core answers a script request from `page` with.
fn answer(list: &str, url: &str, rtype: &str, page: &str) -> (bool, Option<String>) {
    let c = Classifier::from_list(&lists::parse(list).list);
    let v = c
        .classify(&Request {
            url,
            resource_type: Some(rtype),
            initiator: Some(page),
            ..Default::default()
        })
        .unwrap();
    let blocked = v.rule.is_some() && !v.evidence.iter().any(|e| e.starts_with("allowed by"));
    (blocked, v.redirect)
}

#[test]
fn names_and_aliases_read_as_the_resource_and_print_canonically() {
    let f = only_filter("||a.example^$script,redirect=noopjs");
    let r = f.redirect.as_ref().unwrap();
    assert_eq!(
        (r.token.as_str(), r.rule_only, r.priority),
        ("noop.js", false, None)
    );
    assert_eq!(
        r.resource().map(|x| x.path()).as_deref(),
        Some("/redirect/noop.js")
    );
    assert!(f.is_plain(), "a $redirect filter blocks");
    assert_eq!(
        lists::print_filter(&f),
        "||a.example^$script,redirect=noop.js"
    );
    let g = only_filter("||a.example/t.gif$image,redirect-rule=1x1-transparent.gif:5");
    let r = g.redirect.as_ref().unwrap();
    assert_eq!(
        (r.token.as_str(), r.rule_only, r.priority),
        ("1x1.gif", true, Some(5))
    );
    assert!(
        !g.is_plain(),
        "a $redirect-rule filter blocks nothing by itself"
    );
    let printed = lists::print_filter(&g);
    assert_eq!(printed, "||a.example/t.gif$image,redirect-rule=1x1.gif:5");
    assert_eq!(
        only_filter(&printed),
        g,
        "print then parse gives the same filter"
    );
    let e = only_filter("@@||a.example^$redirect-rule");
    assert_eq!(e.redirect.as_ref().unwrap().token, "");
    assert!(!e.is_plain(), "an exception to redirects allows nothing");
    assert_eq!(lists::print_filter(&e), "@@||a.example^$redirect-rule");
    for alias in ["nooptext", "noopjson", "noopframe", "2x2-transparent.png"] {
        assert!(
            only_filter(&format!("||a.example^$redirect={alias}"))
                .redirect
                .unwrap()
                .resource()
                .is_some(),
            "{alias}"
        );
    }
}

#[test]
fn bad_redirects_are_refused_with_their_reason() {
    assert_eq!(
        rejected("||a.example^$redirect"),
        RejectReason::MissingValue("redirect".into())
    );
    assert_eq!(
        rejected("||a.example^$redirect-rule"),
        RejectReason::MissingValue("redirect-rule".into())
    );
    assert_eq!(
        rejected("||a.example^$redirect=noopjs,redirect-rule=nooptext"),
        RejectReason::ConflictingOptions("redirect-rule".into())
    );
    assert_eq!(
        rejected("||a.example^$~redirect=noopjs"),
        RejectReason::UnexpectedNegation("redirect".into())
    );
    let info = lists::user::check("||a.example^$redirect=fingerprint2.js,script\n");
    assert_eq!(info.problems[0].fate, "ignored");
    assert_eq!(info.problems[0].reason, "unknown-resource");
    assert!(
        info.problems[0].message.contains("\"fingerprint2.js\""),
        "{}",
        info.problems[0].message
    );
}

#[test]
fn the_core_answers_a_blocked_request_with_the_resource() {
    let page = "https://site.example/";
    let url = "https://t.example/tag.js";
    // $redirect blocks and answers.
    assert_eq!(
        answer("||t.example^$script,redirect=noopjs", url, "script", page),
        (true, Some("/redirect/noop.js".into()))
    );
    // Its types limit both.
    assert_eq!(
        answer("||t.example^$script,redirect=noopjs", url, "image", page),
        (false, None)
    );
    // $redirect-rule answers only what another filter blocks.
    let rule = "||t.example/tag.js$redirect-rule=noopjs\n";
    assert_eq!(answer(rule, url, "script", page), (false, None));
    assert_eq!(
        answer(&format!("{rule}||t.example^\n"), url, "script", page),
        (true, Some("/redirect/noop.js".into()))
    );
    // An exception to the request lets it through, unanswered.
    assert_eq!(
        answer(
            "||t.example^$redirect=noopjs\n@@||t.example/tag.js\n",
            url,
            "script",
            page
        ),
        (false, None)
    );
    // An exception to redirects keeps the block and cancels the answer, unless important.
    let ex = "@@||t.example^$redirect-rule,domain=site.example\n";
    assert_eq!(
        answer(
            &format!("||t.example^$redirect=noopjs\n{ex}"),
            url,
            "script",
            page
        ),
        (true, None)
    );
    assert_eq!(
        answer(
            &format!("||t.example^$redirect=noopjs\n{ex}"),
            url,
            "script",
            "https://other.example/"
        ),
        (true, Some("/redirect/noop.js".into()))
    );
    assert_eq!(
        answer(
            &format!("||t.example^$redirect=noopjs,important\n{ex}"),
            url,
            "script",
            page
        ),
        (true, Some("/redirect/noop.js".into()))
    );
    // An exception for another resource leaves this one alone.
    assert_eq!(
        answer(
            "||t.example^$redirect=noopjs\n@@||t.example^$redirect-rule=nooptext\n",
            url,
            "script",
            page
        ),
        (true, Some("/redirect/noop.js".into()))
    );
    // The higher :N priority wins.
    assert_eq!(
        answer(
            "||t.example^$redirect=nooptext\n||t.example^$redirect-rule=noopjs:3\n",
            url,
            "script",
            page
        ),
        (true, Some("/redirect/noop.js".into()))
    );
}

#[test]
fn dnr_redirects_outrank_blocks_and_yield_to_allows() {
    let c = dnr::compile(
        &lists::parse(
            "||t.example^$script,redirect=noopjs\n||i.example^$image,important,redirect=1x1.gif\n",
        )
        .list,
        &dnr::Overrides::default(),
    );
    assert!(c.unsupported.is_empty(), "{:?}", c.unsupported);
    assert_eq!(c.rules[0]["priority"], 2);
    assert_eq!(
        c.rules[0]["action"],
        json!({"type": "redirect", "redirect": {"extensionPath": "/redirect/noop.js"}})
    );
    assert_eq!(c.rules[0]["condition"]["resourceTypes"], json!(["script"]));
    assert_eq!(c.rules[1]["priority"], 4);
    assert_eq!(
        c.rules[1]["action"]["redirect"]["extensionPath"],
        "/redirect/1x1.gif"
    );
    // A user's allow setting for the class leaves no rule, as for a block.
    let c = dnr::compile(
        &lists::parse(
            "! keyveil: class=ad-pixel; vendor=Acme\n||t.example^$script,redirect=noopjs\n",
        )
        .list,
        &dnr::Overrides::from_json(r#"{"vendors": {"Acme": "allow"}}"#).unwrap(),
    );
    assert!(c.rules.is_empty());
    assert_eq!(c.skipped.len(), 1);
}

#[test]
fn dnr_redirect_rule_only_where_a_host_filter_blocks_it_anyway() {
    let c = dnr::compile(
        &lists::parse(
            "||t.example^\n||cdn.t.example/a.js$redirect-rule=noopjs\n\
             ||u.example/b.js$redirect-rule=noopjs\n||v.example^$script\n\
             ||v.example/c.js$redirect-rule=noopjs\n@@||t.example^$redirect-rule\n",
        )
        .list,
        &dnr::Overrides::default(),
    );
    let redirects: Vec<_> = c
        .rules
        .iter()
        .filter(|r| r["action"]["type"] == "redirect")
        .map(|r| r["condition"]["urlFilter"].as_str().unwrap())
        .collect();
    assert_eq!(redirects, ["||cdn.t.example/a.js"]);
    let left: Vec<_> = c.unsupported.iter().map(|l| l.filter.as_str()).collect();
    assert_eq!(
        left,
        [
            "||u.example/b.js$redirect-rule=noop.js",
            "||v.example/c.js$redirect-rule=noop.js",
            "@@||t.example^$redirect-rule"
        ]
    );
    assert!(c.unsupported[0].reason.contains("$redirect-rule"));
}

#[test]
fn easyprivacy_redirects_are_read_or_named() {
    let r = lists::parse(EASYPRIVACY);
    let redirects: Vec<_> = r
        .list
        .all_filters()
        .filter(|f| f.redirect.is_some())
        .collect();
    // noopjs (11), noop.js (2), noop.txt (2), nooptext, noopjson, 1x1.gif, the exception.
    assert_eq!(redirects.len(), 19, "{redirects:#?}");
    let unknown: Vec<_> = r
        .problems
        .iter()
        .filter(|p| {
            matches!(
                &p.fate,
                Fate::Ignored {
                    reason: lists::IgnoreReason::UnknownResource(_)
                }
            )
        })
        .map(|p| p.text.as_str())
        .collect();
    // The vendor stand-ins KeyVeil does not package: chartbeat.js (2), googletagmanager_gtm.js,
    // fingerprint2.js.
    assert_eq!(unknown.len(), 4, "{unknown:#?}");
    let c = Classifier::from_list(&r.list);
    let v = c
        .classify(&Request {
            url: "https://kindhush.com/x.js",
            resource_type: Some("script"),
            initiator: Some("https://news.example/"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(v.redirect.as_deref(), Some("/redirect/noop.js"));
}
