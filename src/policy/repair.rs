//! Stored settings that do not read whole: keep every entry that does, drop and name the rest.
//!
//! [`super::migrate`] is strict: a backup being restored must be right or be refused. The
//! settings already in storage are another matter: one bad entry (written by a bug, edited by
//! hand, cut by a full disk) must not cost the person every other choice, nor stop KeyVeil from
//! protecting them. [`repair`] reads entry by entry.

use super::{migrate, Action, ClassActions, Error, Settings, SiteSettings, MAX_RETENTION_DAYS};
use crate::site::site_key;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Settings read entry by entry, and what had to go.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Repaired {
    /// Everything that could be read; defaults for the rest.
    pub settings: Settings,
    /// One sentence per dropped entry (`site "a b": …`); empty when the record read whole.
    pub dropped: Vec<String>,
}

#[derive(Deserialize)]
struct Loose<'a> {
    #[serde(default, borrow)]
    version: Option<&'a RawValue>,
    #[serde(default, borrow)]
    classes: Option<&'a RawValue>,
    #[serde(default, borrow)]
    vendors: Option<BTreeMap<String, &'a RawValue>>,
    #[serde(default, borrow)]
    sites: Option<BTreeMap<String, &'a RawValue>>,
    #[serde(default, borrow)]
    retention_days: Option<&'a RawValue>,
}

/// Reads stored settings, dropping only the entries that do not read. Refuses (as
/// [`migrate`] does) settings of a newer version, so they are not overwritten, and text that
/// is not a JSON object at all (nothing in it can be kept).
pub fn repair(json: &str) -> Result<Repaired, Error> {
    match migrate(json) {
        Ok(settings) => {
            return Ok(Repaired {
                settings,
                dropped: vec![],
            })
        }
        Err(e @ (Error::FutureVersion { .. } | Error::NotJson(_) | Error::NotAnObject)) => {
            return Err(e)
        }
        Err(_) => {}
    }
    let loose: Loose<'_> =
        serde_json::from_str(json).map_err(|e| Error::Invalid(format!("settings: {e}")))?;
    let mut dropped = Vec::new();
    let mut out = Settings::default();
    match loose.version.map(|v| v.get()) {
        Some("1") => {}
        Some(v) => dropped.push(format!("version {v}: read as version 1")),
        None => dropped.push("no version: read as version 1".into()),
    }
    if let Some(raw) = loose.classes {
        match serde_json::from_str::<ClassActions>(raw.get()) {
            Ok(c) => out.classes = c,
            Err(e) => dropped.push(format!("class defaults: {e}")),
        }
    }
    for (vendor, raw) in loose.vendors.unwrap_or_default() {
        match serde_json::from_str::<Action>(raw.get()) {
            Ok(a) => {
                out.vendors.insert(vendor, a);
            }
            Err(e) => dropped.push(format!("vendor {vendor:?}: {e}")),
        }
    }
    for (site, raw) in loose.sites.unwrap_or_default() {
        let key = match site_key(&site) {
            Ok(k) => k,
            Err(e) => {
                dropped.push(format!("site {site:?}: {e}"));
                continue;
            }
        };
        match serde_json::from_str::<SiteSettings>(raw.get()) {
            Ok(s) => {
                out.sites.insert(key, s);
            }
            Err(e) => dropped.push(format!("site {site:?}: {e}")),
        }
    }
    if let Some(raw) = loose.retention_days {
        match serde_json::from_str::<u32>(raw.get()) {
            Ok(d) if (1..=MAX_RETENTION_DAYS).contains(&d) => out.retention_days = d,
            _ => dropped.push(format!(
                "retention_days {}: must be 1 to {MAX_RETENTION_DAYS}",
                raw.get()
            )),
        }
    }
    // What is left must now read whole; if it does not, nothing here can be trusted.
    let settings = migrate(&out.to_json())?;
    Ok(Repaired { settings, dropped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Class;

    #[test]
    fn only_the_broken_entries_go() {
        let stored = r#"{"version":1,"classes":{"meta-pixel":"allow"},
            "vendors":{"Hotjar":"fuzz","Bad":"explode"},
            "sites":{"shop.example":{"paused":true},"a b":{"paused":true},"x.example":{"paused":"yes"}},
            "retention_days":0}"#;
        assert!(migrate(stored).is_err(), "the strict reader refuses it");
        let r = repair(stored).expect("repaired");
        assert_eq!(r.settings.vendors.get("Hotjar"), Some(&Action::Fuzz));
        assert!(!r.settings.vendors.contains_key("Bad"));
        assert_eq!(
            r.settings.classes.get(Class::MetaPixel),
            Some(Action::Allow)
        );
        assert!(r.settings.is_paused("shop.example"));
        assert_eq!(r.settings.sites.len(), 1);
        assert_eq!(
            r.settings.retention_days,
            Settings::default().retention_days
        );
        assert_eq!(r.dropped.len(), 4, "{:?}", r.dropped);
        for what in ["Bad", "a b", "x.example", "retention_days"] {
            assert!(
                r.dropped.iter().any(|d| d.contains(what)),
                "{what} named in {:?}",
                r.dropped
            );
        }
    }

    #[test]
    fn good_settings_pass_untouched_and_newer_or_unreadable_ones_are_refused() {
        let good = Settings::default().to_json();
        assert_eq!(repair(&good).unwrap().dropped, Vec::<String>::new());
        assert!(matches!(
            repair(r#"{"version":7}"#),
            Err(Error::FutureVersion { .. })
        ));
        assert!(repair("not json").is_err());
        assert!(repair("[1,2]").is_err());
    }
}
