//! Chrome's rules split in two: the built-in list as a static ruleset, the rest as dynamic rules.
//!
//! The built-in list ships with the extension, so its rules are compiled when the extension is
//! built (`keyveil list compile --dnr --merge-hosts lists/keyveil.txt`, written to
//! `rules/builtin.json` and named in the manifest's `declarative_net_request.rule_resources`)
//! and cost nothing of Chrome's 30,000 dynamic rules. Subscriptions and the person's own rules
//! are compiled with it, merged and deduplicated, into dynamic rules.
//!
//! A static rule cannot be edited, only turned off (`updateStaticRules`), and the person's
//! settings change what a built-in filter's rule should be (a vendor allowed, a site paused).
//! So the rules wanted under the settings are compiled for all the lists together; a wanted
//! rule that the static ruleset holds exactly (same id and content) is left to it, a static
//! rule that is not wanted is listed in `disableStaticRuleIds`, and every other wanted rule is
//! a dynamic rule. Under the default settings nothing static is turned off and the dynamic
//! rules are the subscriptions' and the person's alone.

use super::dnr::{self, Compiled};
use super::{builtin, List};
use crate::policy::Settings;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// The id of the static ruleset in the manifest.
pub const STATIC_RULESET: &str = "builtin";

/// Chrome's rules for the lists and settings, ready for `updateDynamicRules` and
/// `updateStaticRules`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Split {
    /// The dynamic rules, and what was left out of every rule (static or dynamic) and why.
    #[serde(flatten)]
    pub dynamic: Compiled,
    /// The manifest's id of the built-in list's static ruleset.
    pub static_ruleset: &'static str,
    /// How many rules the static ruleset holds.
    pub static_rules: usize,
    /// The static rules to turn off: those the settings no longer want as they are.
    pub disable_static_rule_ids: Vec<u64>,
    /// The filters each dynamic `regexFilter` rule stands for, by rule id: Chrome's RE2 may
    /// still refuse a regex the core let through (`isRegexSupported`), and one refused rule
    /// fails the whole `updateDynamicRules` call, so the extension asks first and reports
    /// these filters for a refused rule.
    pub regex_filters: BTreeMap<u64, Vec<String>>,
}

/// The static ruleset: the built-in list under no overrides, host rules merged; the build
/// writes exactly this (through the CLI's `list compile --dnr --merge-hosts`).
pub fn static_rules() -> Vec<Value> {
    dnr::compile_merged(&builtin::list(), &dnr::Overrides::default()).rules
}

/// Chrome's rules for `list`, whose first `builtin_entries` entries are the built-in list (as
/// [`super::user::extend`] makes it), under the person's settings.
pub fn compile(list: &List, builtin_entries: usize, settings: &Settings) -> Split {
    compile_against(list, builtin_entries, settings, &static_rules())
}

/// [`compile`] against a given static ruleset.
pub fn compile_against(
    list: &List,
    builtin_entries: usize,
    settings: &Settings,
    static_set: &[Value],
) -> Split {
    let held: HashSet<String> = static_set.iter().map(Value::to_string).collect();
    let draft = dnr::draft_for(list, builtin_entries, settings);
    let mut wanted = HashSet::new();
    let (dynamic, regex_filters) = draft.finish(|rule| {
        let text = rule.to_string();
        let hit = held.contains(&text);
        if hit {
            wanted.insert(text);
        }
        hit
    });
    let disable_static_rule_ids = static_set
        .iter()
        .filter(|r| !wanted.contains(&r.to_string()))
        .filter_map(|r| r["id"].as_u64())
        .collect();
    Split {
        dynamic,
        static_ruleset: STATIC_RULESET,
        static_rules: static_set.len(),
        disable_static_rule_ids,
        regex_filters,
    }
}
