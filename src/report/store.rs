//! The report as JSON: stored in `chrome.storage.local`, exported, imported; a corrupt site costs only itself.

use super::{Error, Pruned, Report, SiteRecord, REPORT_VERSION};
use serde::Serialize;
use serde_json::{Map, Value};
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
        let value = match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(obj)) => obj,
            Ok(_) => return Ok(unreadable("not a JSON object".into())),
            Err(e) => return Ok(unreadable(format!("not JSON: {e}"))),
        };
        match version_of(&value) {
            Ok(()) => {}
            Err(VersionProblem::Future(e)) => return Err(e),
            Err(VersionProblem::Bad(why)) => return Ok(unreadable(why)),
        }
        let mut loaded = read_body(&value);
        let ids: Vec<String> = value
            .get("recent_ids")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
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
        let value: Map<String, Value> =
            serde_json::from_str(json).map_err(|e| Error::NotAnExport(e.to_string()))?;
        if value.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
            return Err(Error::NotAnExport(format!(
                "no \"format\": \"{EXPORT_FORMAT}\" field"
            )));
        }
        match version_of(&value) {
            Ok(()) => Ok(read_body(&value)),
            Err(VersionProblem::Future(e)) => Err(e),
            Err(VersionProblem::Bad(why)) => Err(Error::NotAnExport(why)),
        }
    }
}

enum VersionProblem {
    Future(Error),
    Bad(String),
}

fn version_of(obj: &Map<String, Value>) -> Result<(), VersionProblem> {
    match obj.get("version").and_then(Value::as_u64) {
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
fn read_body(obj: &Map<String, Value>) -> Loaded {
    let mut report = Report::new();
    let mut dropped = Vec::new();
    match obj.get("sites") {
        Some(Value::Object(sites)) => {
            for (key, v) in sites {
                let parsed = serde_json::from_value::<SiteRecord>(v.clone())
                    .map_err(|e| e.to_string())
                    .and_then(|r| {
                        let k = crate::site::site_key(key).map_err(|e| e.to_string())?;
                        Ok((k, r))
                    });
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
        }
        None => {}
        Some(_) => dropped.push(Dropped {
            site: None,
            reason: "\"sites\" is not an object".into(),
        }),
    }
    if let Some(p) = obj.get("pruned") {
        match serde_json::from_value::<Pruned>(p.clone()) {
            Ok(p) => report.pruned = p,
            Err(e) => dropped.push(Dropped {
                site: None,
                reason: format!("pruning counters unreadable: {e}"),
            }),
        }
    }
    Loaded { report, dropped }
}
