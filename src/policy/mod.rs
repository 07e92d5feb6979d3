//! Settings + verdict → action (block, fuzz, allow) for a site and a tracker, with documented precedence.
//!
//! Precedence, first match wins ([`Settings::decide`]):
//! 1. the site (or a parent domain) is paused → `allow` (still reported);
//! 2. the person's choice for this vendor on this site (or a parent domain);
//! 3. the person's choice for this class on this site (or a parent domain);
//! 4. the person's choice for this vendor on every site;
//! 5. the person's default for this class;
//! 6. the built-in default for the class ([`builtin_action`]), or for the vendor where
//!    [`builtin_action_for`] names one.
//!
//! Site-scoped choices come before global ones because they were made looking at that site;
//! within a scope a vendor is more specific than a class. For site lookups, the most specific
//! domain with an entry wins (`shop.example.com` before `example.com`).

mod classes;
pub mod observe_types;
pub mod page;
mod repair;
mod settings;

pub use classes::ClassActions;
pub use page::{PagePolicy, ScriptVerdict};
pub use repair::{repair, Repaired};
pub use settings::{
    migrate, Settings, SiteSettings, DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, SETTINGS_VERSION,
};

use crate::site::{ancestors, site_key};
use crate::Class;
use serde::{Deserialize, Serialize};

/// What KeyVeil does to a tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// The tracker gets nothing: its requests are blocked, its input listeners not called.
    Block,
    /// The tracker runs but receives noise, and its pixel payloads lose identity fields.
    Fuzz,
    /// Untouched (still reported).
    Allow,
}

/// The built-in default for a class: replay and pixels are blocked; keystroke telemetry
/// (behavioural biometrics, bot detection, fraud scoring) is fuzzed because blocking it often
/// breaks logins.
pub const fn builtin_action(class: Class) -> Action {
    match class {
        Class::SessionReplay | Class::MetaPixel | Class::AdPixel => Action::Block,
        Class::KeystrokeTelemetry => Action::Fuzz,
        Class::None => Action::Allow,
    }
}

/// Trackers whose built-in default differs from their class's, and why. Meta's own sites log
/// interaction (key timing included) from their own first-party scripts: noise cannot be fed
/// to those scripts without corrupting what the person types into the site itself, and the
/// listed endpoints are pure logging that no login, post or message needs, so blocking them is
/// the only mode that withholds anything and it breaks nothing (lists/keyveil.txt says which).
const BUILTIN_VENDOR_ACTIONS: &[(&str, Class, Action)] =
    &[("Meta", Class::KeystrokeTelemetry, Action::Block)];

/// The built-in default for a tracker: [`builtin_action`] of its class, unless
/// [`BUILTIN_VENDOR_ACTIONS`] names its vendor for that class.
pub fn builtin_action_for(class: Class, vendor: Option<&str>) -> Action {
    vendor
        .and_then(|v| {
            BUILTIN_VENDOR_ACTIONS
                .iter()
                .find(|(name, c, _)| *name == v && *c == class)
        })
        .map_or(builtin_action(class), |(_, _, a)| *a)
}

/// Which rule of the precedence list decided, for the popup to say "set by you on this site".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Step 1.
    Paused,
    /// Step 2.
    SiteVendor,
    /// Step 3.
    SiteClass,
    /// Step 4.
    Vendor,
    /// Step 5.
    Class,
    /// Step 6.
    Builtin,
    /// A request of no class that a list's block filter names ([`Settings::decide_request`]).
    ListRule,
}

/// An action and the rule it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// What to do.
    pub action: Action,
    /// Why.
    pub source: Source,
}

/// Why settings could not be read or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The stored text is not JSON.
    #[error("settings are not JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object.
    #[error("settings must be a JSON object")]
    NotAnObject,
    /// No `version` field.
    #[error("settings have no version field")]
    MissingVersion,
    /// A `version` that is not a known positive integer.
    #[error("settings version {0} is not valid")]
    BadVersion(String),
    /// Written by a newer KeyVeil: refused rather than half-read.
    #[error("settings version {found} is newer than this KeyVeil understands (up to {supported}); update KeyVeil")]
    FutureVersion {
        /// The stored version.
        found: u32,
        /// [`SETTINGS_VERSION`].
        supported: u32,
    },
    /// A field has the wrong shape or an unknown value.
    #[error("invalid settings: {0}")]
    Invalid(String),
    /// A site key is not a host name.
    #[error(transparent)]
    Site(#[from] crate::site::Error),
}

/// One change the popup or dashboard makes; `action: null` removes the override.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Change {
    /// Mode of a vendor on one site.
    SiteVendor {
        /// Site (URL or host).
        site: String,
        /// Vendor name.
        vendor: String,
        /// New action, or `null` to inherit.
        action: Option<Action>,
    },
    /// Mode of a class on one site.
    SiteClass {
        /// Site (URL or host).
        site: String,
        /// Class.
        class: Class,
        /// New action, or `null` to inherit.
        action: Option<Action>,
    },
    /// Mode of a vendor everywhere.
    Vendor {
        /// Vendor name.
        vendor: String,
        /// New action, or `null` to inherit.
        action: Option<Action>,
    },
    /// Default mode of a class.
    Class {
        /// Class.
        class: Class,
        /// New action, or `null` for the built-in default.
        action: Option<Action>,
    },
    /// Pause or resume KeyVeil on a site (`null`: inherit from the parent domain).
    Pause {
        /// Site (URL or host).
        site: String,
        /// Paused or not.
        paused: Option<bool>,
    },
    /// Report retention in days.
    /// Whether a proven leak's recipient gets no more typed values (fakes or nothing).
    StopProvenLeaks {
        /// On or off.
        on: bool,
    },
    Retention {
        /// `1..=MAX_RETENTION_DAYS`.
        days: u32,
    },
}

/// What a change means for open pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChangeOutcome {
    /// True when something that was blocked is now let through: a blocked script never
    /// loaded, so only a reload brings it back. Stricter changes apply at once (DNR rules and
    /// the hook's dispatch-time lookup).
    pub reload_needed: bool,
}

fn set(map: &mut std::collections::BTreeMap<String, Action>, k: String, a: Option<Action>) {
    match a {
        Some(a) => map.insert(k, a),
        None => map.remove(&k),
    };
}

impl Settings {
    /// The action for a request the core judged (`verdict`) on a page of `site`: by its class
    /// when it has one ([`Settings::decide`]); a request of no class that a list's block filter
    /// names (`verdict.listed`: the generic trackers most of EasyPrivacy names) is blocked, as
    /// Chrome's rules block it, unless the site is paused; anything else is allowed.
    pub fn decide_request(&self, site: &str, verdict: &crate::request::Verdict) -> Decision {
        if verdict.class != Class::None {
            return self.decide(site, verdict.class, verdict.vendor.as_deref());
        }
        if !verdict.listed {
            return Decision {
                action: Action::Allow,
                source: Source::Builtin,
            };
        }
        if self.is_paused(site) {
            return Decision {
                action: Action::Allow,
                source: Source::Paused,
            };
        }
        Decision {
            action: Action::Block,
            source: Source::ListRule,
        }
    }

    /// The action for a tracker of `class` (and `vendor`, when known) on `site`.
    pub fn decide(&self, site: &str, class: Class, vendor: Option<&str>) -> Decision {
        let key = site_key(site).unwrap_or_default();
        let entries: Vec<&SiteSettings> =
            ancestors(&key).filter_map(|k| self.sites.get(k)).collect();
        let found =
            |action: Option<Action>, source| action.map(|action| Decision { action, source });
        let paused = entries.iter().find_map(|e| e.paused).unwrap_or(false);
        if paused {
            return Decision {
                action: Action::Allow,
                source: Source::Paused,
            };
        }
        vendor
            .and_then(|v| {
                found(
                    entries.iter().find_map(|e| e.vendors.get(v).copied()),
                    Source::SiteVendor,
                )
            })
            .or_else(|| {
                found(
                    entries.iter().find_map(|e| e.classes.get(class)),
                    Source::SiteClass,
                )
            })
            .or_else(|| vendor.and_then(|v| found(self.vendors.get(v).copied(), Source::Vendor)))
            .or_else(|| found(self.classes.get(class), Source::Class))
            .unwrap_or(Decision {
                action: builtin_action_for(class, vendor),
                source: Source::Builtin,
            })
    }

    /// True when `site` (or a parent domain) is paused.
    pub fn is_paused(&self, site: &str) -> bool {
        self.decide(site, Class::SessionReplay, None).source == Source::Paused
    }

    /// Applies one change and says whether open pages of the site need a reload.
    pub fn apply(&mut self, change: Change) -> Result<ChangeOutcome, Error> {
        // Compare what each class (and the named vendor) got before and after, on the site
        // concerned, or on a site with no overrides for global changes.
        let (site, vendor) = match &change {
            Change::SiteVendor { site, vendor, .. } => (site.clone(), Some(vendor.clone())),
            Change::SiteClass { site, .. } | Change::Pause { site, .. } => (site.clone(), None),
            Change::Vendor { vendor, .. } => (String::new(), Some(vendor.clone())),
            Change::Class { .. } | Change::Retention { .. } | Change::StopProvenLeaks { .. } => {
                (String::new(), None)
            }
        };
        let snapshot = |s: &Settings| -> Vec<Action> {
            Class::ALL
                .iter()
                .map(|&c| s.decide(&site, c, vendor.as_deref()).action)
                .collect()
        };
        let before = snapshot(self);
        match change {
            Change::SiteVendor {
                site,
                vendor,
                action,
            } => {
                set(&mut self.site_mut(&site)?.vendors, vendor, action);
                self.tidy(&site);
            }
            Change::SiteClass {
                site,
                class,
                action,
            } => {
                self.site_mut(&site)?.classes.set(class, action);
                self.tidy(&site);
            }
            Change::Vendor { vendor, action } => set(&mut self.vendors, vendor, action),
            Change::Class { class, action } => self.classes.set(class, action),
            Change::Pause { site, paused } => {
                self.site_mut(&site)?.paused = paused;
                self.tidy(&site);
            }
            Change::StopProvenLeaks { on } => self.stop_proven_leaks = on,
            Change::Retention { days } => {
                if days == 0 || days > MAX_RETENTION_DAYS {
                    return Err(Error::Invalid(format!(
                        "retention_days must be 1 to {MAX_RETENTION_DAYS}, not {days}"
                    )));
                }
                self.retention_days = days;
            }
        }
        let after = snapshot(self);
        let reload_needed = before
            .iter()
            .zip(&after)
            .any(|(b, a)| *b == Action::Block && *a != Action::Block);
        Ok(ChangeOutcome { reload_needed })
    }
}

#[cfg(test)]
mod tests;
