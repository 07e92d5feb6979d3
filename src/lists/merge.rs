//! Merges DNR rules that differ only in their host into one rule with `requestDomains`.
//!
//! A real list is mostly `||host^` filters with the same options (EasyPrivacy: tens of
//! thousands of `||tracker.example^$third-party`). Chrome allows 30,000 dynamic rules, so one
//! rule per filter leaves much of such a list out. `||host^` and `requestDomains: [host]` match
//! the same requests (the host and its subdomains, any scheme), so filters that would compile
//! to the same rule but for that host become one rule listing every host, as uBlock Origin
//! Lite does. A merged rule keeps the id of its first filter.

use serde_json::{json, Value};
use std::collections::HashMap;

/// A compiled rule, the canonical filters it came from, and the host of a pure `||host^`
/// filter (`None` for any other).
pub struct Pending {
    /// The DNR rule.
    pub rule: Value,
    /// The filters it stands for, in canonical syntax.
    pub filters: Vec<String>,
    /// The host a `||host^` filter names; only such rules are merged.
    pub host: Option<String>,
    /// From the built-in list, whose rules Chrome holds in a static ruleset: merged only with
    /// each other, so a subscription never changes them.
    pub fixed: bool,
}

/// Merges the rules with a host whose rule is otherwise the same; others pass through. Order:
/// each merged rule where its first filter was.
pub fn by_host(rules: Vec<Pending>) -> Vec<Pending> {
    let mut out: Vec<Pending> = Vec::with_capacity(rules.len());
    let mut groups: HashMap<String, usize> = HashMap::new();
    for p in rules {
        let Some(host) = p.host.clone() else {
            out.push(p);
            continue;
        };
        let mut rest = p.rule.clone();
        let Some(cond) = rest.get_mut("condition").and_then(Value::as_object_mut) else {
            out.push(p);
            continue;
        };
        cond.remove("urlFilter");
        cond.remove("isUrlFilterCaseSensitive");
        if cond.contains_key("requestDomains") {
            out.push(p);
            continue;
        }
        if let Some(o) = rest.as_object_mut() {
            o.remove("id");
        }
        let key = format!("{} {rest}", p.fixed);
        match groups.get(&key) {
            Some(&at) => {
                let first = &mut out[at];
                if let Some(d) = domains(&mut first.rule) {
                    d.push(json!(host));
                } else {
                    // The first of its group: becomes a `requestDomains` rule now.
                    let c = &mut first.rule["condition"];
                    if let Some(c) = c.as_object_mut() {
                        c.remove("urlFilter");
                        c.remove("isUrlFilterCaseSensitive");
                    }
                    let first_host = first.host.clone().unwrap_or_default();
                    c["requestDomains"] = json!([first_host, host]);
                }
                first.filters.extend(p.filters);
            }
            None => {
                groups.insert(key, out.len());
                out.push(p);
            }
        }
    }
    for p in &mut out {
        if let Some(d) = domains(&mut p.rule) {
            d.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            d.dedup();
        }
    }
    out
}

/// The `requestDomains` of a rule, if it has them (indexing with `[]` would add a `null`).
fn domains(rule: &mut Value) -> Option<&mut Vec<Value>> {
    rule.get_mut("condition")?
        .get_mut("requestDomains")?
        .as_array_mut()
}
