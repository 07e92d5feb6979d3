//! DNR rules compiled from the person's settings follow the same decisions as the page hook,
//! per site: a site whose setting differs gets its own rule and leaves the global one.

use keyveil::lists::chrome;
use keyveil::policy::{Action, Change, Settings};
use keyveil::Engine;
use serde_json::Value;
use std::collections::HashSet;

/// The rules Chrome enforces under `settings` that name `url_part` (in `urlFilter` or
/// `requestDomains`): the static ruleset's rules not turned off, and the dynamic rules.
fn rules_for(engine: &Engine, settings: &Settings, url_part: &str) -> Vec<Value> {
    enforced(engine, settings)
        .into_iter()
        .filter(|r| {
            let c = &r["condition"];
            c["urlFilter"]
                .as_str()
                .is_some_and(|u| u.contains(url_part))
                || strings(&c["requestDomains"])
                    .iter()
                    .any(|d| d.contains(url_part))
        })
        .collect()
}

fn enforced(engine: &Engine, settings: &Settings) -> Vec<Value> {
    let split = engine.compile_dnr_for(settings);
    let off: HashSet<u64> = split.disable_static_rule_ids.iter().copied().collect();
    chrome::static_rules()
        .into_iter()
        .filter(|r| r["id"].as_u64().is_some_and(|id| !off.contains(&id)))
        .chain(split.dynamic.rules)
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn defaults_block_replay_everywhere_with_no_site_lists() {
    let engine = Engine::new();
    let rules = rules_for(&engine, &Settings::default(), "hotjar");
    assert!(!rules.is_empty());
    for r in &rules {
        assert_eq!(r["action"]["type"], "block");
        assert!(r["condition"].get("initiatorDomains").is_none());
        assert!(r["condition"].get("excludedInitiatorDomains").is_none());
    }
}

#[test]
fn a_site_that_allows_a_vendor_leaves_its_block_rules() {
    let engine = Engine::new();
    let mut s = Settings::default();
    s.apply(Change::SiteVendor {
        site: "shop.example".into(),
        vendor: "Hotjar".into(),
        action: Some(Action::Allow),
    })
    .unwrap();
    let rules = rules_for(&engine, &s, "hotjar");
    assert!(!rules.is_empty());
    for r in &rules {
        assert_eq!(r["action"]["type"], "block");
        assert_eq!(
            strings(&r["condition"]["excludedInitiatorDomains"]),
            vec!["shop.example"]
        );
        assert!(
            r["condition"].get("initiatorDomains").is_none(),
            "allow makes no rule"
        );
    }
    // Other vendors are untouched.
    for r in rules_for(&engine, &s, "fullstory") {
        assert!(r["condition"].get("excludedInitiatorDomains").is_none());
    }
}

#[test]
fn a_site_that_fuzzes_the_pixel_gets_a_scrubbing_redirect_of_its_own() {
    let engine = Engine::new();
    let mut s = Settings::default();
    s.apply(Change::SiteVendor {
        site: "shop.example".into(),
        vendor: "Meta".into(),
        action: Some(Action::Fuzz),
    })
    .unwrap();
    let rules = rules_for(&engine, &s, "facebook.com");
    let redirects: Vec<&Value> = rules
        .iter()
        .filter(|r| r["action"]["type"] == "redirect")
        .collect();
    let blocks: Vec<&Value> = rules
        .iter()
        .filter(|r| r["action"]["type"] == "block")
        .collect();
    assert!(!redirects.is_empty() && !blocks.is_empty());
    for r in &redirects {
        assert_eq!(
            strings(&r["condition"]["initiatorDomains"]),
            vec!["shop.example"]
        );
        let removed =
            strings(&r["action"]["redirect"]["transform"]["queryTransform"]["removeParams"]);
        assert!(removed.iter().any(|p| p == "ud[em]") && removed.iter().any(|p| p == "ud%5Bem%5D"));
    }
    for r in &blocks {
        assert_eq!(
            strings(&r["condition"]["excludedInitiatorDomains"]),
            vec!["shop.example"]
        );
    }
    let dynamic = engine.compile_dnr_for(&s).dynamic.rules;
    let ids: HashSet<u64> = dynamic.iter().filter_map(|r| r["id"].as_u64()).collect();
    assert_eq!(ids.len(), dynamic.len(), "ids are unique");
}

#[test]
fn a_subdomain_that_differs_from_its_paused_parent_gets_its_own_rule() {
    let engine = Engine::new();
    let mut s = Settings::default();
    s.apply(Change::Pause {
        site: "example.org".into(),
        paused: Some(true),
    })
    .unwrap();
    s.apply(Change::Pause {
        site: "shop.example.org".into(),
        paused: Some(false),
    })
    .unwrap();
    let rules = rules_for(&engine, &s, "hotjar");
    let global: Vec<&Value> = rules
        .iter()
        .filter(|r| r["condition"].get("initiatorDomains").is_none())
        .collect();
    let own: Vec<&Value> = rules
        .iter()
        .filter(|r| r["condition"].get("initiatorDomains").is_some())
        .collect();
    assert!(!global.is_empty() && !own.is_empty());
    for r in &global {
        assert_eq!(
            strings(&r["condition"]["excludedInitiatorDomains"]),
            vec!["example.org", "shop.example.org"]
        );
    }
    for r in &own {
        assert_eq!(r["action"]["type"], "block");
        assert_eq!(
            strings(&r["condition"]["initiatorDomains"]),
            vec!["shop.example.org"]
        );
    }
}
