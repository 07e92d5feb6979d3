//! The person's settings (schema v1): class defaults, vendor and site overrides, pauses, retention.
//!
//! Stored as JSON in `chrome.storage.local`. Every load goes through [`migrate`], which
//! accepts the versions this core knows (only v1 so far) and refuses a newer one instead of
//! silently dropping what it does not understand, so an older build never overwrites settings
//! written by a newer one.

use super::{Action, ClassActions, Error};
use crate::site::site_key;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version this core writes.
pub const SETTINGS_VERSION: u32 = 1;
/// Report retention when the person has not chosen one.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// The longest retention the person may choose (the report keeps at most this many days).
pub const MAX_RETENTION_DAYS: u32 = crate::report::MAX_DAYS;

/// All of the person's choices. Absent entries mean "not overridden".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Always [`SETTINGS_VERSION`] once migrated.
    pub version: u32,
    /// Default action per class, over the built-in ones ([`super::builtin_action`]).
    #[serde(default, skip_serializing_if = "ClassActions::is_empty")]
    pub classes: ClassActions,
    /// Action per vendor (as the classifiers name it, e.g. `Hotjar`) on every site.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vendors: BTreeMap<String, Action>,
    /// Overrides per site key ([`crate::site::site_key`]); they also cover subdomains.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sites: BTreeMap<String, SiteSettings>,
    /// How many days of report history to keep.
    #[serde(default = "default_retention")]
    pub retention_days: u32,
    /// Once a typed value is proven to have gone to a recipient from a page, further sends of
    /// typed values to it are decided like a recorder's (fuzzed or blocked): on by default.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub stop_proven_leaks: bool,
}

fn default_retention() -> u32 {
    DEFAULT_RETENTION_DAYS
}

fn yes() -> bool {
    true
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_true(v: &bool) -> bool {
    *v
}

/// Overrides for one site.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSettings {
    /// `true`: KeyVeil allows everything here (and still reports). `false` on a subdomain
    /// undoes a pause of its parent; absent inherits it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    /// Action per class on this site.
    #[serde(default, skip_serializing_if = "ClassActions::is_empty")]
    pub classes: ClassActions,
    /// Action per vendor on this site.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vendors: BTreeMap<String, Action>,
}

impl SiteSettings {
    fn is_empty(&self) -> bool {
        self.paused.is_none() && self.classes.is_empty() && self.vendors.is_empty()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            version: SETTINGS_VERSION,
            classes: ClassActions::default(),
            vendors: BTreeMap::new(),
            sites: BTreeMap::new(),
            retention_days: DEFAULT_RETENTION_DAYS,
            stop_proven_leaks: true,
        }
    }
}

/// Reads stored settings of any known version and returns them at [`SETTINGS_VERSION`].
pub fn migrate(json: &str) -> Result<Settings, Error> {
    // Read the version alone first: what the rest must look like depends on it.
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        version: Option<u64>,
    }
    let probe: Probe = serde_json::from_str(json).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            Error::NotJson(e.to_string())
        } else if !json.trim_start().starts_with('{') {
            Error::NotAnObject
        } else {
            Error::BadVersion(e.to_string())
        }
    })?;
    // serde also reads a struct from an array; settings are an object.
    if !json.trim_start().starts_with('{') {
        return Err(Error::NotAnObject);
    }
    let settings: Settings = match probe.version {
        None => return Err(Error::MissingVersion),
        Some(1) => serde_json::from_str(json).map_err(|e| Error::Invalid(e.to_string()))?,
        Some(v) if v > u64::from(SETTINGS_VERSION) => {
            return Err(Error::FutureVersion {
                found: u32::try_from(v).unwrap_or(u32::MAX),
                supported: SETTINGS_VERSION,
            })
        }
        Some(v) => return Err(Error::BadVersion(v.to_string())),
    };
    settings.normalised()
}

impl Settings {
    /// Site keys normalised (`WWW.Example.com` → `example.com`), empty site entries dropped,
    /// retention within `1..=MAX_RETENTION_DAYS`.
    fn normalised(mut self) -> Result<Self, Error> {
        let mut sites = BTreeMap::new();
        for (k, v) in std::mem::take(&mut self.sites) {
            if !v.is_empty() {
                sites.insert(site_key(&k)?, v);
            }
        }
        self.sites = sites;
        if self.retention_days == 0 || self.retention_days > MAX_RETENTION_DAYS {
            return Err(Error::Invalid(format!(
                "retention_days must be 1 to {MAX_RETENTION_DAYS}, not {}",
                self.retention_days
            )));
        }
        self.version = SETTINGS_VERSION;
        Ok(self)
    }

    /// The settings as stored JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain maps and strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The entry for `site`, created if missing.
    pub(super) fn site_mut(&mut self, site: &str) -> Result<&mut SiteSettings, Error> {
        Ok(self.sites.entry(site_key(site)?).or_default())
    }

    /// Drops a site entry that no longer overrides anything.
    pub(super) fn tidy(&mut self, site: &str) {
        if let Ok(key) = site_key(site) {
            if self.sites.get(&key).is_some_and(SiteSettings::is_empty) {
                self.sites.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Class;

    #[test]
    fn v1_round_trips_and_normalises_sites() {
        let json = r#"{"version":1,
            "classes":{"keystroke-telemetry":"block"},
            "vendors":{"Hotjar":"fuzz"},
            "sites":{"WWW.Shop.Example":{"paused":true},"empty.example":{}},
            "retention_days":30,
            "some_future_minor_field":1}"#;
        let s = migrate(json).unwrap();
        assert_eq!(
            s.classes.get(Class::KeystrokeTelemetry),
            Some(Action::Block)
        );
        assert_eq!(s.vendors["Hotjar"], Action::Fuzz);
        assert_eq!(s.sites.keys().collect::<Vec<_>>(), ["shop.example"]);
        assert_eq!(s.retention_days, 30);
        assert_eq!(migrate(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn minimal_v1_gets_defaults() {
        assert_eq!(migrate(r#"{"version":1}"#).unwrap(), Settings::default());
    }

    #[test]
    fn versions_are_checked() {
        assert_eq!(
            migrate(r#"{"version":2,"whatever":[]}"#),
            Err(Error::FutureVersion {
                found: 2,
                supported: 1
            })
        );
        assert_eq!(migrate(r#"{"classes":{}}"#), Err(Error::MissingVersion));
        assert!(matches!(
            migrate(r#"{"version":"1"}"#),
            Err(Error::BadVersion(_))
        ));
        assert!(matches!(
            migrate(r#"{"version":0}"#),
            Err(Error::BadVersion(_))
        ));
        assert_eq!(migrate("[]"), Err(Error::NotAnObject));
        assert!(matches!(migrate("{"), Err(Error::NotJson(_))));
    }

    #[test]
    fn bad_contents_are_clear_errors() {
        let e = migrate(r#"{"version":1,"classes":{"session-replay":"explode"}}"#).unwrap_err();
        assert!(e.to_string().contains("explode"), "{e}");
        let e = migrate(r#"{"version":1,"classes":{"replay":"block"}}"#).unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{e}");
        let e = migrate(r#"{"version":1,"sites":{"a b":{"paused":true}}}"#).unwrap_err();
        assert!(matches!(e, Error::Site(_)), "{e}");
        let e = migrate(r#"{"version":1,"retention_days":0}"#).unwrap_err();
        assert!(e.to_string().contains("retention"), "{e}");
    }
}
