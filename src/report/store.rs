//! The report as JSON: stored in `chrome.storage.local`, exported, imported; a corrupt site costs only itself.

use super::{Error, Pruned, Report, SiteRecord, REPORT_VERSION};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// The `format` field of an export, so an import can tell a report from any other JSON.
pub const EXPORT_FORMAT: &str = "keyveil-report";

/// A part of a stored report that could not be read and was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// The site whose record was dropped; `None` when the whole report was unreadable.
    pub site: Option<String>,
    /// Why, for the console and the dashboard.
    pub reason: String,
}

/// A loaded report and what was left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// Everything that could be read.
    pub report: Report,
    /// Everything that could not.
    pub dropped: Vec<Dropped>,
}

/// The stored form (`to_json`): `version`, `sites`, `pruned`, `recent_ids`.
#[derive(Serialize)]
struct Stored<'a> {
    version: u32,
    sites: &'a BTreeMap<String, SiteRecord>,
    pruned: &'a Pruned,
    recent_ids: Vec<&'a String>,
}

/// The export form (`export_json`): `format`, `version`, `exported_at`, `sites`, `pruned`.
#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    exported_at: u64,
    sites: &'a BTreeMap<String, SiteRecord>,
    pruned: &'a Pruned,
}

impl Report {
    /// The report as stored in `chrome.storage.local`.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            version: REPORT_VERSION,
            sites: &self.sites,
            pruned: &self.pruned,
            recent_ids: self.recent_ids().collect(),
        };
        // Maps of plain data with string keys always serialise.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads a stored report. Each site record that does not parse is dropped and listed,
    /// the others kept; an unreadable whole gives an empty report and one `Dropped` with no
    /// site. Only a report from a newer KeyVeil is an error, so it is never overwritten.
    pub fn load(json: &str) -> Result<Loaded, Error> {
        let outer = match serde_json::from_str::<Outer<'_>>(json) {
            Ok(o) => o,
            Err(e) => return Ok(unreadable(format!("unreadable report: {e}"))),
        };
        match version_of(outer.version) {
            Ok(()) => {}
            Err(VersionProblem::Future(e)) => return Err(e),
            Err(VersionProblem::Bad(why)) => return Ok(unreadable(why)),
        }
        let ids: Vec<String> = outer
            .recent_ids
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or_default();
        let mut loaded = read_body(outer);
        loaded.report.set_recent_ids(ids);
        Ok(loaded)
    }

    /// The documented JSON export (`docs/report-schema.md`).
    pub fn export_json(&self, now_ms: u64) -> String {
        let export = Export {
            format: EXPORT_FORMAT,
            version: REPORT_VERSION,
            exported_at: now_ms,
            sites: &self.sites,
            pruned: &self.pruned,
        };
        serde_json::to_string_pretty(&export).unwrap_or_default()
    }

    /// Reads an export back into a report (which replaces the current one). Site records that
    /// do not parse are dropped and listed, as in [`Report::load`]; anything that is not an
    /// export is an error, so a wrong file never replaces the report.
    pub fn import_json(json: &str) -> Result<Loaded, Error> {
        let outer: Outer<'_> =
            serde_json::from_str(json).map_err(|e| Error::NotAnExport(e.to_string()))?;
        if outer.format != Some(EXPORT_FORMAT) {
            return Err(Error::NotAnExport(format!(
                "no \"format\": \"{EXPORT_FORMAT}\" field"
            )));
        }
        match version_of(outer.version) {
            Ok(()) => Ok(read_body(outer)),
            Err(VersionProblem::Future(e)) => Err(e),
            Err(VersionProblem::Bad(why)) => Err(Error::NotAnExport(why)),
        }
    }
}

/// The outside of a stored report or an export, with each site left as raw JSON text so one
/// bad record can be dropped alone (and without building a `serde_json::Value` tree, which
/// costs Wasm size and time).
#[derive(Deserialize)]
struct Outer<'a> {
    #[serde(default, borrow)]
    format: Option<&'a str>,
    #[serde(default)]
    version: Option<u64>,
    #[serde(default, borrow)]
    sites: BTreeMap<String, &'a RawValue>,
    #[serde(default, borrow)]
    pruned: Option<&'a RawValue>,
    #[serde(default, borrow)]
    recent_ids: Option<&'a RawValue>,
}

enum VersionProblem {
    Future(Error),
    Bad(String),
}

fn version_of(version: Option<u64>) -> Result<(), VersionProblem> {
    match version {
        Some(1) => Ok(()),
        Some(v) if v > u64::from(REPORT_VERSION) => {
            Err(VersionProblem::Future(Error::FutureVersion {
                found: u32::try_from(v).unwrap_or(u32::MAX),
                supported: REPORT_VERSION,
            }))
        }
        _ => Err(VersionProblem::Bad("missing or invalid version".into())),
    }
}

fn unreadable(reason: String) -> Loaded {
    Loaded {
        report: Report::new(),
        dropped: vec![Dropped { site: None, reason }],
    }
}

/// Sites one by one, so one bad record does not cost the others; then the pruning counters.
fn read_body(outer: Outer<'_>) -> Loaded {
    let mut report = Report::new();
    let mut dropped = Vec::new();
    for (key, raw) in outer.sites {
        let parsed = serde_json::from_str::<SiteRecord>(raw.get())
            .map_err(|e| e.to_string())
            .and_then(|r| Ok((crate::site::site_key(&key).map_err(|e| e.to_string())?, r)));
        match parsed {
            Ok((k, r)) => {
                report.sites.insert(k, r);
            }
            Err(reason) => dropped.push(Dropped {
                site: Some(key.chars().take(super::MAX_TEXT_LEN).collect()),
                reason,
            }),
        }
    }
    if let Some(raw) = outer.pruned {
        match serde_json::from_str::<Pruned>(raw.get()) {
            Ok(p) => report.pruned = p,
            Err(e) => dropped.push(Dropped {
                site: None,
                reason: format!("pruning counters unreadable: {e}"),
            }),
        }
    }
    report.enforce_caps();
    Loaded { report, dropped }
}
