//! The `dnr` fuzz target's checks: `dnr::compile` and `dnr::compile_for`.

use super::*;
use keyveil::lists::{self, dnr};
use keyveil::policy::{Action, Change, Settings};
use keyveil::Class;
use serde_json::Value;
use std::collections::HashSet;

/// Input: sections separated by a line `---`: the list text; overrides JSON (empty: none);
/// settings changes, one per line:
/// `pause SITE`, `resume SITE`, `inherit SITE`, `site-vendor SITE VENDOR ACTION`,
/// `site-class SITE CLASS ACTION`, `vendor VENDOR ACTION`, `class CLASS ACTION`
/// (ACTION `block`, `fuzz`, `allow` or `-` to remove the override).
pub fn dnr(data: &[u8]) {
    let parts = sections(data);
    let list = lists::parse(&String::from_utf8_lossy(parts[0])).list;
    let overrides = String::from_utf8_lossy(parts.get(1).copied().unwrap_or_default());
    if let Ok(o) = dnr::Overrides::from_json(&overrides) {
        let out = dnr::compile(&list, &o);
        check_compiled(&list, &out);
    }
    let mut settings = Settings::default();
    let changes = String::from_utf8_lossy(parts.get(2).copied().unwrap_or_default());
    for l in changes.lines().take(64) {
        if let Some(change) = change(l) {
            let _ = settings.apply(change);
        }
    }
    let out = dnr::compile_for(&list, &settings);
    check_compiled(&list, &out);
    let again = dnr::compile_for(&list, &settings);
    assert_eq!(out.rules, again.rules, "compiling twice gave other rules");
    // As the extension compiles it: after the built-in list, whose static rules are only ever
    // turned off (never one it does not hold), and whose rules no subscription changes.
    let builtin = lists::builtin::list();
    let (all, _) = lists::user::extend(&builtin, &[&String::from_utf8_lossy(parts[0])]);
    let split = lists::chrome::compile(&all, builtin.entries.len(), &settings);
    assert!(split.dynamic.rules.len() <= dnr::MAX_DYNAMIC_RULES);
    let statics: HashSet<u64> = lists::chrome::static_rules()
        .iter()
        .filter_map(|r| r["id"].as_u64())
        .collect();
    assert!(split
        .disable_static_rule_ids
        .iter()
        .all(|id| statics.contains(id)));
    if settings == Settings::default() {
        assert!(
            split.disable_static_rule_ids.is_empty(),
            "a subscription changed a static rule"
        );
    }
}

fn change(l: &str) -> Option<Change> {
    let w: Vec<&str> = l.split_whitespace().collect();
    let action = |s: &str| -> Option<Option<Action>> {
        match s {
            "block" => Some(Some(Action::Block)),
            "fuzz" => Some(Some(Action::Fuzz)),
            "allow" => Some(Some(Action::Allow)),
            "-" => Some(None),
            _ => None,
        }
    };
    let class = |s: &str| s.parse::<Class>().ok();
    Some(match w.as_slice() {
        ["pause", site] => Change::Pause {
            site: (*site).into(),
            paused: Some(true),
        },
        ["resume", site] => Change::Pause {
            site: (*site).into(),
            paused: Some(false),
        },
        ["inherit", site] => Change::Pause {
            site: (*site).into(),
            paused: None,
        },
        ["site-vendor", site, vendor, a] => Change::SiteVendor {
            site: (*site).into(),
            vendor: (*vendor).into(),
            action: action(a)?,
        },
        ["site-class", site, c, a] => Change::SiteClass {
            site: (*site).into(),
            class: class(c)?,
            action: action(a)?,
        },
        ["vendor", vendor, a] => Change::Vendor {
            vendor: (*vendor).into(),
            action: action(a)?,
        },
        ["class", c, a] => Change::Class {
            class: class(c)?,
            action: action(a)?,
        },
        _ => return None,
    })
}

/// What Chrome's `updateDynamicRules` would refuse, or what would block too much.
fn check_compiled(list: &lists::List, out: &dnr::Compiled) {
    assert!(out.rules.len() <= dnr::MAX_DYNAMIC_RULES);
    assert!(
        // A merged rule stands for each of its filters: `covered` counts them.
        list.in_force().count() <= out.covered + out.unsupported.len() + out.skipped.len(),
        "a filter vanished without a rule or a reason"
    );
    let mut ids = HashSet::new();
    for rule in &out.rules {
        let id = rule["id"].as_u64().expect("numeric id");
        assert!(
            (1..=2_000_000_000).contains(&id) && ids.insert(id),
            "id {id}"
        );
        assert!(matches!(rule["priority"].as_u64(), Some(1..=3)), "{rule}");
        let action = rule["action"]["type"].as_str().unwrap_or_default();
        assert!(matches!(action, "block" | "allow" | "redirect"), "{rule}");
        let c = &rule["condition"];
        let url_filter = c.get("urlFilter").and_then(Value::as_str);
        let initiators = c.get("initiatorDomains");
        let hosts = c.get("requestDomains");
        assert!(
            url_filter.is_some() || initiators.is_some() || hosts.is_some(),
            "a rule that matches every request: {rule}"
        );
        if let Some(u) = url_filter {
            assert!(
                !u.is_empty() && u.is_ascii() && !u.starts_with("||*"),
                "{rule}"
            );
            let inner = u.strip_prefix("||").or(u.strip_prefix('|')).unwrap_or(u);
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            assert!(!inner.contains('|'), "'|' inside a urlFilter: {rule}");
        }
        for key in [
            "initiatorDomains",
            "excludedInitiatorDomains",
            "requestDomains",
            "resourceTypes",
            "excludedResourceTypes",
        ] {
            if let Some(v) = c.get(key) {
                let items = v.as_array().expect("an array");
                assert!(!items.is_empty(), "empty {key}: {rule}");
                for d in items {
                    let d = d.as_str().expect("strings");
                    let ok = !d.is_empty()
                        && d.bytes().all(|b| {
                            b.is_ascii_lowercase()
                                || b.is_ascii_digit()
                                || matches!(b, b'.' | b'-' | b'_')
                        });
                    assert!(
                        ok,
                        "{key} entry {d:?} is not a lower-case ASCII name: {rule}"
                    );
                }
            }
        }
    }
    assert!(serde_json::to_string(&out.rules).is_ok());
}
