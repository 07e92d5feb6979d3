//! Compiles a list plus the user's overrides into Chrome declarativeNetRequest (DNR) rules.
//!
//! # Overrides
//!
//! JSON, every key optional:
//!
//! ```json
//! {
//!   "allowSites": ["example.com"],
//!   "vendors": { "Hotjar": "allow", "Meta": "fuzz" },
//!   "classes": { "keystroke-telemetry": "block" }
//! }
//! ```
//!
//! - `allowSites`: sites where KeyVeil stands aside; every block and redirect rule lists them in
//!   `excludedInitiatorDomains`.
//! - `vendors` / `classes`: the action for a tracker (by the vendor name of its `! keyveil:` block)
//!   or for a whole class: `block`, `fuzz` or `allow`. A vendor setting wins over a class setting,
//!   which wins over the default ([`default_action`]).
//!
//! # Rules
//!
//! - `block`: a `block` rule. `fuzz` on a `meta-pixel` rule: a `redirect` rule whose
//!   `queryTransform.removeParams` strips the identity and form fields ([`scrub::dnr_remove_params`]);
//!   fuzz of other classes happens in the page (the hook feeds noise), so no DNR rule is made
//!   and the filter is listed in `skipped`. `allow`: no rule, listed in `skipped`.
//! - `@@` exceptions become `allow` rules. Priorities: block 1, allow 2, `$important` 3.
//! - `$redirect=name` (a packaged neutral resource, `resources.rs`) is a `redirect` rule with
//!   `extensionPath`, priority 2 (4 with `$important`): above the block rule of the same
//!   request, tied with an allow rule, which wins the tie. `$redirect-rule` and exceptions to
//!   redirects: see [`answer`].
//! - `/regex/` filters become `regexFilter` rules, unless Chrome's RE2 could refuse them
//!   (lookaround, backreferences, size: `re2.rs`), or past Chrome's 1,000 regex rules.
//! - `$removeparam=name` is a `redirect` rule with `queryTransform.removeParams`, bare
//!   `$removeparam` one that empties the query; regex and `~name` values, and exceptions to
//!   `$removeparam`, are listed in `unsupported`.
//! - `$denyallow` and `$to=~` give `excludedRequestDomains`, `$to` `requestDomains`, `$method`
//!   `requestMethods` / `excludedRequestMethods`. `$badfilter` filters and the filters they
//!   cancel make no rule ([`List::in_force`]).
//! - [`compile_merged`] and [`compile_for`] (what the extension installs, `chrome.rs`) turn
//!   `||host^` rules that differ only in host into one rule with `requestDomains` (`merge.rs`).
//!   The same filter in two lists makes one rule, which stands for both ([`Compiled::covered`]).
//! - Ids are stable: a hash of the rule's canonical text and action, probed linearly on a
//!   collision, so the same list and overrides always give the same ids and a rule keeps its id
//!   when others are added or removed (unless two collide, which the probe settles in list order).
//! - What DNR cannot express is listed in `unsupported` with the reason, never dropped silently;
//!   so is anything past Chrome's limit of [`MAX_DYNAMIC_RULES`] rules, and a site whose key is
//!   no domain DNR accepts (`site café.example`: not ASCII), which is left out of every rule.

use super::{merge, Anchor, Filter, List, Party};
use crate::noise::scrub;
use crate::policy::Settings;
use crate::Class;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Chrome's limit on dynamic rules ("safe" rules: block, allow, upgradeScheme, …).
pub const MAX_DYNAMIC_RULES: usize = 30_000;
/// Chrome's limit on dynamic "unsafe" rules (here: `redirect`), within [`MAX_DYNAMIC_RULES`].
pub const MAX_UNSAFE_DYNAMIC_RULES: usize = 5_000;
/// Chrome's limit on regex rules; regex filters past it are listed in `unsupported`.
pub const MAX_REGEX_RULES: usize = 1_000;

/// What to do with a tracker's requests: the policy's own action type.
pub use crate::policy::Action;

/// The action for a class when the user said nothing (docs/domain.md's table).
pub use crate::policy::builtin_action as default_action;

/// The user's overrides, as documented in the module docs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Overrides {
    /// Sites where nothing is blocked.
    #[serde(default)]
    pub allow_sites: Vec<String>,
    /// Action per vendor name.
    #[serde(default)]
    pub vendors: BTreeMap<String, Action>,
    /// Action per class.
    #[serde(default)]
    pub classes: BTreeMap<Class, Action>,
}

/// Why compiling could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The overrides are not the documented JSON.
    #[error("bad overrides JSON: {0}")]
    Overrides(#[from] serde_json::Error),
}

/// A filter that produced no rule, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Left {
    /// The filter in canonical syntax.
    pub filter: String,
    /// Why.
    pub reason: String,
}

/// The compiled rules and the account of what was left out.
#[derive(Debug, Clone, Serialize)]
pub struct Compiled {
    /// DNR rules, ready for `updateDynamicRules({addRules})`.
    pub rules: Vec<Value>,
    /// Filters DNR cannot express (or past the limit).
    pub unsupported: Vec<Left>,
    /// Filters left out on purpose (allowed or fuzzed in the page by the user's settings).
    pub skipped: Vec<Left>,
    /// How many filters [`Compiled::rules`] stand for: a merged rule stands for each filter it
    /// merged, and a rule for a filter two lists share for both. Every filter in force is in
    /// `covered`, `unsupported` or `skipped` (more than once when its targets fared apart).
    pub covered: usize,
}

impl Overrides {
    /// Reads overrides JSON; an empty string means no overrides.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        Ok(serde_json::from_str(text)?)
    }

    /// The action for a filter's tracker.
    pub fn action_for(&self, f: &Filter) -> Action {
        match &f.meta {
            // A filter with no KeyVeil class was written to block; honour that.
            None => Action::Block,
            Some(m) => self
                .vendors
                .get(&m.vendor)
                .or_else(|| self.classes.get(&m.class))
                .copied()
                .unwrap_or(crate::policy::builtin_action_for(m.class, Some(&m.vendor))),
        }
    }
}

/// Compiles every filter of `list` under `overrides`.
pub fn compile(list: &List, overrides: &Overrides) -> Compiled {
    compile_list(list, overrides, false)
}

/// [`compile`], with the rules of `||host^` filters that differ only in their host merged into
/// one rule with `requestDomains` (as uBlock Origin Lite does; see `merge.rs`). EasyPrivacy
/// (55,472 filters) gives 8,894 rules this way and leaves none out; one rule per filter stops at
/// Chrome's 30,000 and leaves 25,472 out.
pub fn compile_merged(list: &List, overrides: &Overrides) -> Compiled {
    compile_list(list, overrides, true)
}

fn compile_list(list: &List, overrides: &Overrides, merge_hosts: bool) -> Compiled {
    let mut allow_sites: Vec<String> = overrides
        .allow_sites
        .iter()
        .map(|s| s.trim().trim_start_matches("www.").to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    allow_sites.sort();
    allow_sites.dedup();
    let (allow_sites, bad) = dnr_domains(allow_sites.iter().map(String::as_str));
    let allow_sites: Vec<String> = allow_sites.into_iter().map(str::to_string).collect();
    let (mut out, _) = draft(list, merge_hosts, 0, |f| {
        vec![Target {
            action: overrides.action_for(f),
            only: Vec::new(),
            except: allow_sites.clone(),
        }]
    })
    .finish(|_| false);
    out.unsupported.extend(bad);
    out
}

/// Splits sites into those DNR takes as a domain (lower-case ASCII letters, digits, `-`, `_`,
/// `.`) and the rest, each of which is reported. One bad domain would make Chrome refuse the
/// whole `updateDynamicRules` call, leaving no rule at all.
fn dnr_domains<'s>(sites: impl Iterator<Item = &'s str>) -> (Vec<&'s str>, Vec<Left>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for s in sites {
        let valid = !s.is_empty()
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            });
        if valid {
            ok.push(s);
        } else {
            bad.push(Left {
                filter: format!("site {s}"),
                reason: "not a domain DNR accepts (lower-case ASCII letters, digits, '-', '.'): \
                         its settings are not applied by DNR rules"
                    .into(),
            });
        }
    }
    (ok, bad)
}

/// Compiles every filter of `list` under the person's settings: the same decisions the page hook
/// and Firefox's request listener take ([`Settings::decide`]), per site where a site's
/// overrides differ from the global ones.
///
/// A filter's rule applies everywhere but on the sites whose decision differs; each differing
/// decision gets a rule of its own limited to its sites (`initiatorDomains`). DNR's domain
/// lists also match subdomains, so a subdomain whose decision differs from its parent's is
/// excluded from the parent's rule and given its own.
pub fn compile_for(list: &List, settings: &Settings) -> Compiled {
    draft_for(list, 0, settings).finish(|_| false).0
}

/// The rules of [`compile_for`] before the limits are applied, the first `fixed` entries of
/// `list` (the built-in list) merged apart from the rest.
pub(super) fn draft_for(list: &List, fixed: usize, settings: &Settings) -> Draft {
    let (sites, bad) = dnr_domains(settings.sites.keys().map(String::as_str));
    let mut out = draft(list, true, fixed, |f| {
        let meta = f.meta.as_ref();
        // A filter with no KeyVeil class was written to block; paused sites still stand aside.
        let decide = |site: &str| match meta {
            None if settings.is_paused(site) => Action::Allow,
            None => Action::Block,
            Some(m) => settings.decide(site, m.class, Some(&m.vendor)).action,
        };
        let global = decide("");
        let differing: Vec<(&str, Action)> = sites
            .iter()
            .map(|s| (*s, decide(s)))
            .filter(|(_, a)| *a != global)
            .collect();
        let under = |child: &str, parent: &str| child.ends_with(&format!(".{parent}"));
        // Sites that decide like the global rule but sit under a differing site need a rule too.
        let restored: Vec<(&str, Action)> = sites
            .iter()
            .filter(|s| decide(s) == global && differing.iter().any(|(d, _)| under(s, d)))
            .map(|s| (*s, global))
            .collect();
        let special: Vec<(&str, Action)> = differing.iter().chain(&restored).copied().collect();
        let mut targets = vec![Target {
            action: global,
            only: Vec::new(),
            except: special.iter().map(|(s, _)| s.to_string()).collect(),
        }];
        for action in [Action::Block, Action::Fuzz, Action::Allow] {
            let only: Vec<String> = special
                .iter()
                .filter(|(_, a)| *a == action)
                .map(|(s, _)| s.to_string())
                .collect();
            if only.is_empty() {
                continue;
            }
            let except = special
                .iter()
                .filter(|(s, a)| *a != action && only.iter().any(|o| under(s, o)))
                .map(|(s, _)| s.to_string())
                .collect();
            targets.push(Target {
                action,
                only,
                except,
            });
        }
        targets
    });
    out.unsupported.extend(bad);
    out
}

/// One rule's worth of decision for a filter: the action, and the initiator sites it is
/// limited to (`only`; empty means everywhere) or kept away from (`except`).
struct Target {
    action: Action,
    only: Vec<String>,
    except: Vec<String>,
}

/// Compiled rules before Chrome's limits are applied: each with the filters it stands for.
pub(super) struct Draft {
    pending: Vec<merge::Pending>,
    unsupported: Vec<Left>,
    skipped: Vec<Left>,
}

/// Compiles the filters in force, one rule per target of each; with `merge_hosts`, the rules of
/// `||host^` filters that differ only in host become one, those of the first `fixed` entries
/// apart from the rest (their rules then are the same whatever follows them). A rule that
/// reads the same as an earlier one (a filter in two lists) is not repeated: the earlier rule
/// stands for both filters.
fn draft(
    list: &List,
    merge_hosts: bool,
    fixed: usize,
    resolve: impl Fn(&Filter) -> Vec<Target>,
) -> Draft {
    let mut out = Draft {
        pending: Vec::new(),
        unsupported: Vec::new(),
        skipped: Vec::new(),
    };
    let mut ids = HashSet::new();
    let scrub_params: Vec<String> = scrub::dnr_remove_params();
    let mut regex_rules = 0;
    let mut pending: Vec<merge::Pending> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let blocked_hosts = blocked_hosts(list);
    for (at, f) in list.in_force_at() {
        let text = super::print_filter(f);
        let left = |reason: &str| Left {
            filter: text.clone(),
            reason: reason.to_string(),
        };
        let answer = match answer(f, &blocked_hosts) {
            Ok(a) => a,
            Err(reason) => {
                out.unsupported.push(left(reason));
                continue;
            }
        };
        let base = match condition(f) {
            Ok(c) => c,
            Err(reason) => {
                out.unsupported.push(left(&reason));
                continue;
            }
        };
        let strip = match remove_params(f) {
            Ok(t) => t,
            Err(reason) => {
                out.unsupported.push(left(reason));
                continue;
            }
        };
        let targets = if f.exception {
            vec![Target {
                action: Action::Allow,
                only: Vec::new(),
                except: Vec::new(),
            }]
        } else {
            resolve(f)
        };
        for (n, target) in targets.iter().enumerate() {
            // A redirect outranks the block rule of the same request by one; an allow rule
            // ties with it and wins the tie (DNR: allow before redirect at one priority).
            let priority = match (f.exception, f.important, answer.is_some()) {
                (true, _, _) => 2,
                (false, true, true) => 4,
                (false, true, false) => 3,
                (false, false, true) => 2,
                (false, false, false) => 1,
            };
            let action = if f.exception {
                json!({"type": "allow"})
            } else {
                let class = f.meta.as_ref().map(|m| m.class);
                match (target.action, class) {
                    (Action::Allow, _) => {
                        if n == 0 {
                            out.skipped.push(left("allowed by the user's settings"));
                        }
                        continue;
                    }
                    // `$removeparam` strips what its author named, whatever the class's action.
                    _ if strip.is_some() => {
                        json!({"type": "redirect", "redirect": {"transform": strip}})
                    }
                    (Action::Fuzz, Some(Class::MetaPixel)) => json!({"type": "redirect",
                        "redirect": {"transform": {"queryTransform": {"removeParams": scrub_params}}}}),
                    (Action::Fuzz, _) => {
                        if n == 0 {
                            out.skipped
                                .push(left("fuzz is applied in the page by the hook, not by DNR"));
                        }
                        continue;
                    }
                    (Action::Block, _) => match &answer {
                        Some(path) => json!({"type": "redirect",
                            "redirect": {"extensionPath": path}}),
                        None => json!({"type": "block"}),
                    },
                }
            };
            let mut condition = base.clone();
            if !target.only.is_empty() {
                match limit_initiators(&condition, &target.only) {
                    Some(domains) => condition["initiatorDomains"] = json!(domains),
                    None => continue, // the filter's own $domain= never meets these sites
                }
            }
            if !target.except.is_empty() {
                let mut ex: Vec<String> = f.not_domains.clone();
                ex.extend(target.except.iter().cloned());
                ex.sort();
                ex.dedup();
                condition["excludedInitiatorDomains"] = json!(ex);
            }
            if f.regex {
                if regex_rules >= MAX_REGEX_RULES {
                    out.unsupported
                        .push(left("over Chrome's limit of 1,000 regex rules"));
                    continue;
                }
                regex_rules += 1;
            }
            let key = if target.only.is_empty() {
                format!("{text} {action}")
            } else {
                format!("{text} {action} {}", target.only.join(","))
            };
            let rule = json!({
                "priority": priority,
                "action": action,
                "condition": condition,
            });
            // The filter's text, action and sites decide its rule: a cheaper key than the rule.
            let same = format!("{key} {}", target.except.join(","));
            if let Some(&i) = seen.get(&same) {
                pending[i].filters.push(text.clone());
                continue;
            }
            seen.insert(same, pending.len());
            let mut rule = rule;
            rule["id"] = json!(rule_id(&key, &mut ids));
            pending.push(merge::Pending {
                rule,
                filters: vec![text.clone()],
                host: pure_host(f).filter(|_| merge_hosts),
                fixed: at < fixed,
            });
        }
    }
    out.pending = merge::by_host(pending);
    out
}

impl Draft {
    /// The rules within Chrome's limits for dynamic rules, those `in_static` says a static
    /// ruleset holds left out (they count against no dynamic limit); what is past a limit is
    /// listed in `unsupported`. Also gives the filters of each regex rule kept, by rule id.
    pub(super) fn finish(
        self,
        mut in_static: impl FnMut(&Value) -> bool,
    ) -> (Compiled, BTreeMap<u64, Vec<String>>) {
        let mut out = Compiled {
            rules: Vec::new(),
            unsupported: self.unsupported,
            skipped: self.skipped,
            covered: 0,
        };
        let mut regexes = BTreeMap::new();
        let mut unsafe_rules = 0;
        for p in self.pending {
            if in_static(&p.rule) {
                continue;
            }
            let is_unsafe = p.rule["action"]["type"] == "redirect";
            let over = if out.rules.len() >= MAX_DYNAMIC_RULES {
                Some("over Chrome's limit of 30,000 dynamic rules")
            } else if is_unsafe && unsafe_rules >= MAX_UNSAFE_DYNAMIC_RULES {
                Some("over Chrome's limit of 5,000 dynamic redirect rules")
            } else {
                None
            };
            if let Some(reason) = over {
                out.unsupported
                    .extend(p.filters.into_iter().map(|filter| Left {
                        filter,
                        reason: reason.into(),
                    }));
                continue;
            }
            unsafe_rules += usize::from(is_unsafe);
            if p.rule["condition"].get("regexFilter").is_some() {
                if let Some(id) = p.rule["id"].as_u64() {
                    regexes.insert(id, p.filters.clone());
                }
            }
            out.covered += p.filters.len();
            out.rules.push(p.rule);
        }
        (out, regexes)
    }
}

/// The host of a `||host^` filter with nothing after the `^` (its DNR rule can name the host
/// in `requestDomains` instead of `urlFilter`).
fn pure_host(f: &Filter) -> Option<String> {
    let host = f.anchored_host()?;
    let pure =
        !f.regex && !f.end_anchor && f.pattern.len() == host.len() + 1 && f.pattern.ends_with('^');
    pure.then(|| host.to_string())
}

/// The initiator domains of a rule limited to `only`: `only` itself, or, when the filter has
/// its own `$domain=` list, the domains both lists cover (`None` if they never meet).
fn limit_initiators(condition: &Value, only: &[String]) -> Option<Vec<String>> {
    let own: Vec<&str> = match condition.get("initiatorDomains").and_then(Value::as_array) {
        None => return Some(only.to_vec()),
        Some(d) => d.iter().filter_map(Value::as_str).collect(),
    };
    let covers = |outer: &str, inner: &str| inner == outer || inner.ends_with(&format!(".{outer}"));
    let mut both: Vec<String> = own
        .iter()
        .filter(|d| only.iter().any(|o| covers(o, d)))
        .map(|d| d.to_string())
        .chain(
            only.iter()
                .filter(|o| own.iter().any(|d| covers(d, o)))
                .cloned(),
        )
        .collect();
    both.sort();
    both.dedup();
    (!both.is_empty()).then_some(both)
}

/// The hosts of `||host^` filters that block every request to them whatever the settings (no
/// option, no KeyVeil class): a `$redirect-rule` under one of them answers only requests that
/// filter blocks anyway.
fn blocked_hosts(list: &List) -> HashSet<&str> {
    list.in_force()
        .filter(|f| {
            !f.exception
                && f.meta.is_none()
                && f.is_plain()
                && f.redirect.is_none()
                && f.types.is_empty()
                && f.not_types.is_empty()
                && f.party.is_none()
                && f.domains.is_empty()
                && f.not_domains.is_empty()
                && !f.important
        })
        .filter_map(|f| pure_host(f).and(f.anchored_host()))
        .collect()
}

/// The extension path a `$redirect` filter answers with (`None` for other filters), or why DNR
/// cannot express it.
///
/// `$redirect=name` blocks and answers: a `redirect` rule to the packaged resource, one
/// priority above a block rule so it wins over one for the same request. DNR has no "redirect
/// only what another rule blocks": a `$redirect-rule=name` becomes a redirect rule only when
/// a `||host^` filter with no options blocks every request to its host anyway (then the two
/// are the same), and is listed in `unsupported` otherwise, where its requests stay as the
/// other rules leave them. uBlock Origin Lite turns every `$redirect-rule` into a redirect
/// rule, which answers requests nothing blocks; this is the careful half of that. An exception
/// to redirects (`@@…$redirect-rule`) cannot be a rule either: uBlock Origin Lite makes it a
/// block rule between redirect and allow, which KeyVeil's priorities leave no room for; its
/// requests are redirected where uBlock Origin blocks them, stopped either way.
fn answer(f: &Filter, blocked_hosts: &HashSet<&str>) -> Result<Option<String>, &'static str> {
    let Some(r) = &f.redirect else {
        return Ok(None);
    };
    if f.exception {
        return Err(
            "an exception to $redirect-rule: DNR cannot cancel a redirect alone \
                    (the redirect rule still applies; the request is stopped either way)",
        );
    }
    if r.rule_only {
        let covered = f.anchored_host().is_some_and(|h| {
            let mut at = 0;
            loop {
                if blocked_hosts.contains(&h[at..]) {
                    return true;
                }
                match h[at..].find('.') {
                    Some(d) => at += d + 1,
                    None => return false,
                }
            }
        });
        if !covered {
            return Err(
                "$redirect-rule without a ||host^ filter that blocks all its requests: \
                        DNR cannot redirect only what another rule blocks",
            );
        }
    }
    match r.resource() {
        Some(res) => Ok(Some(res.path())),
        None => Err("$redirect without a packaged resource"),
    }
}

/// The `redirect.transform` of a `$removeparam` filter (`None` for other filters), or why DNR
/// cannot express it.
fn remove_params(f: &Filter) -> Result<Option<Value>, &'static str> {
    let Some(name) = f.remove_param.as_deref() else {
        return Ok(None);
    };
    if f.exception {
        return Err(
            "an exception to $removeparam: a DNR allow rule would let blocked requests through too",
        );
    }
    if name.starts_with('/') {
        return Err("$removeparam with a regex: DNR removes parameters by name only");
    }
    if name.starts_with('~') {
        return Err("$removeparam=~name (keep only one parameter): DNR cannot express it");
    }
    if name.is_empty() {
        // Every parameter: DNR replaces the query with an empty one.
        return Ok(Some(json!({"query": ""})));
    }
    Ok(Some(json!({"queryTransform": {"removeParams": [name]}})))
}

/// The DNR condition for a filter, or why DNR cannot express it.
fn condition(f: &Filter) -> Result<Value, String> {
    let mut c = serde_json::Map::new();
    if f.regex {
        if let Some(why) = super::re2::problem(&f.pattern) {
            return Err(why);
        }
        c.insert("regexFilter".into(), json!(f.pattern));
        c.insert("isUrlFilterCaseSensitive".into(), json!(false));
    } else if f.pattern.contains('|') {
        return Err("'|' inside a pattern: DNR allows it only at the ends".into());
    } else if f.anchor == Anchor::Host && f.pattern.starts_with('*') {
        return Err("'||*' is not a valid DNR urlFilter".into());
    } else if !f.pattern.is_empty() {
        let mut u = String::with_capacity(f.pattern.len() + 3);
        u.push_str(match f.anchor {
            Anchor::None => "",
            Anchor::Start => "|",
            Anchor::Host => "||",
        });
        u.push_str(&f.pattern);
        if f.end_anchor {
            u.push('|');
        }
        c.insert("urlFilter".into(), json!(u));
        c.insert("isUrlFilterCaseSensitive".into(), json!(false));
    }
    if !f.types.is_empty() {
        c.insert(
            "resourceTypes".into(),
            json!(f.types.dnr_names().collect::<Vec<_>>()),
        );
    }
    if !f.not_types.is_empty() {
        c.insert(
            "excludedResourceTypes".into(),
            json!(f.not_types.dnr_names().collect::<Vec<_>>()),
        );
    }
    match f.party {
        Some(Party::Third) => {
            c.insert("domainType".into(), json!("thirdParty"));
        }
        Some(Party::First) => {
            c.insert("domainType".into(), json!("firstParty"));
        }
        None => {}
    }
    if !f.domains.is_empty() {
        c.insert("initiatorDomains".into(), json!(f.domains));
    }
    if !f.not_domains.is_empty() {
        c.insert("excludedInitiatorDomains".into(), json!(f.not_domains));
    }
    if !f.to.is_empty() {
        c.insert("requestDomains".into(), json!(f.to));
    }
    // `$denyallow` and `$to=~` both keep request hosts out.
    let mut not_to: Vec<&String> = f.denyallow.iter().chain(&f.not_to).collect();
    not_to.sort();
    not_to.dedup();
    if !not_to.is_empty() {
        c.insert("excludedRequestDomains".into(), json!(not_to));
    }
    // DNR takes one of the two method lists; `post|~get` means the methods listed.
    if !f.methods.is_empty() {
        let m: Vec<&String> = f
            .methods
            .iter()
            .filter(|m| !f.not_methods.contains(m))
            .collect();
        if m.is_empty() {
            return Err("$method excludes every method it lists".into());
        }
        c.insert("requestMethods".into(), json!(m));
    } else if !f.not_methods.is_empty() {
        c.insert("excludedRequestMethods".into(), json!(f.not_methods));
    }
    Ok(Value::Object(c))
}

/// A stable positive 31-bit id from the rule's text; linear probing settles collisions.
fn rule_id(key: &str, used: &mut HashSet<u32>) -> u32 {
    // FNV-1a: tiny, and the same on every platform and build.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    const SPAN: u64 = 2_000_000_000;
    let mut id = (h % SPAN) as u32 + 1;
    while !used.insert(id) {
        id = if u64::from(id) >= SPAN { 1 } else { id + 1 };
    }
    id
}
