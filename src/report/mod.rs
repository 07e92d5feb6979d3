//! Per-site records of who recorded input, how it was found and what KeyVeil did, kept bounded.
//!
//! The background merges [`Event`]s into one [`Report`], persists it as JSON in
//! `chrome.storage.local` ([`Report::to_json`], [`Report::load`]), and the popup and dashboard
//! draw from it ([`Report::chart`], [`Report::summaries`], [`Report::vendor_sites`]).
//! Exports ([`Report::export_json`], [`Report::export_csv`]) follow `docs/report-schema.md`.
//!
//! Bounded: at most [`MAX_SITES`] sites, [`MAX_TRACKERS_PER_SITE`] trackers per site,
//! [`MAX_DAYS`] per-day entries per tracker and [`MAX_LEAKS_PER_TRACKER`] leaks per tracker;
//! whatever a cap removes is counted in [`Report::pruned`] so the dashboard can say so.
//! No typed value is ever stored: a leak is a field descriptor and an encoding.

mod csv;
pub mod day;
mod merge;
mod optout;
mod store;
mod tab;
#[cfg(test)]
mod tests;
mod views;

pub use merge::{Event, LeakSeen, MergeOutcome, RetentionOutcome};
pub use optout::{ai_optout, AiOptOut, OptOutKind, OptOutLink};
pub use store::{Dropped, Loaded, EXPORT_FORMAT};
pub use tab::{SwitchKind, TabTracker, TabView};
pub use views::{DayPoint, SiteSummary, VendorSite};

use crate::leak::{Encoding, Field};
use crate::Class;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet, VecDeque};

/// The schema version of stored reports and exports.
pub const REPORT_VERSION: u32 = 1;
/// The most sites kept; past it the least recently seen site is dropped.
pub const MAX_SITES: usize = 2000;
/// The most trackers kept per site; past it the least recently seen one is dropped.
pub const MAX_TRACKERS_PER_SITE: usize = 64;
/// The most per-day entries kept per tracker (and the longest retention a person may set).
pub const MAX_DAYS: u32 = 400;
/// The most distinct leaks (field + encoding) kept per tracker.
pub const MAX_LEAKS_PER_TRACKER: usize = 32;
/// How many recent event ids are remembered to drop replays (a service worker that restarts
/// replays at most its unsaved tail, far fewer than this).
pub const MAX_EVENT_IDS: usize = 4096;
/// Names, hosts and field attributes from pages are cut to this many characters.
pub const MAX_TEXT_LEN: usize = 200;

/// A kind of input a tracker was seen recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// Which keys were pressed.
    Keys,
    /// When keys were pressed (dwell and flight times).
    KeyTiming,
    /// Pointer moves, clicks, touches.
    Pointer,
    /// Scrolling.
    Scroll,
    /// Values of form fields.
    FormValues,
    /// Identity for ads (hashed e-mail, phone, browser ids).
    Identity,
}

/// How a tracker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detection {
    /// A filter-list rule matched its request or script URL.
    ListRule,
    /// Its script's behaviour (listeners + serialisation + shipping).
    ScriptBehaviour,
    /// Its payload matched a known recorder signature.
    PayloadSignature,
    /// A value the person typed was found in what it sent.
    ProvenLeak,
}

/// One tracker's day: what was done to it that day. Its presence means it was met.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayTally {
    /// The UTC day, `YYYY-MM-DD`.
    pub day: String,
    /// Requests blocked.
    pub blocked: u64,
    /// Input events fuzzed.
    pub fuzzed: u64,
    /// Input events withheld from it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub blocked_events: u64,
    /// Identity fields stripped.
    pub stripped: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A proven leak: which field's value went to this tracker, in which encoding. Never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakRecord {
    /// The field.
    pub field: Field,
    /// How its value was encoded.
    pub encoding: Encoding,
    /// First time seen (Unix ms).
    pub first_seen: u64,
    /// Last time seen (Unix ms).
    pub last_seen: u64,
    /// How many payloads carried it.
    pub count: u64,
}

/// One tracker on one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerRecord {
    /// Vendor name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Host of its script or collector, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The most serious class it was seen as.
    pub class: Class,
    /// True once it was seen served from the site's own domain (a first-party proxy).
    #[serde(default)]
    pub first_party: bool,
    /// Kinds of input it was seen recording, sorted, each once.
    #[serde(default)]
    pub inputs: Vec<InputKind>,
    /// How it was found, sorted, each once.
    #[serde(default)]
    pub found_by: Vec<Detection>,
    /// Requests blocked, all time.
    #[serde(default)]
    pub blocked_requests: u64,
    /// Input events fuzzed, all time.
    #[serde(default)]
    pub fuzzed_events: u64,
    /// Input events withheld from it (block mode in the page), all time.
    #[serde(default)]
    pub blocked_events: u64,
    /// Identity fields stripped, all time.
    #[serde(default)]
    pub stripped_fields: u64,
    /// Requests let through (allow mode or paused), all time.
    #[serde(default)]
    pub allowed_requests: u64,
    /// Proven leaks.
    #[serde(default)]
    pub leaks: Vec<LeakRecord>,
    /// First seen (Unix ms).
    pub first_seen: u64,
    /// Last seen (Unix ms).
    pub last_seen: u64,
    /// One entry per UTC day it was met, oldest first. (Sorted vectors rather than maps and
    /// sets here: each distinct map type costs kilobytes of Wasm.)
    #[serde(default)]
    pub days: Vec<DayTally>,
}

/// One site: its trackers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteRecord {
    /// First time a tracker was seen here (Unix ms).
    pub first_seen: u64,
    /// Last time (Unix ms).
    pub last_seen: u64,
    /// By tracker key: the vendor name, else `host:<host>`, else `unknown`.
    #[serde(default)]
    pub trackers: BTreeMap<String, TrackerRecord>,
}

/// What the caps removed since the report began (not retention, which the person chose).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pruned {
    /// Sites dropped by [`MAX_SITES`].
    pub sites: u64,
    /// Trackers dropped by [`MAX_TRACKERS_PER_SITE`].
    pub trackers: u64,
    /// Per-day entries dropped by [`MAX_DAYS`].
    pub day_entries: u64,
    /// Leaks dropped by [`MAX_LEAKS_PER_TRACKER`].
    pub leaks: u64,
    /// When the last cap pruning happened (Unix ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_at: Option<u64>,
}

impl Pruned {
    /// True when a cap removed something: the dashboard shows "older history was trimmed".
    pub fn happened(&self) -> bool {
        self.sites + self.trackers + self.day_entries + self.leaks > 0
    }
}

/// Why a report could not be read or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Written by a newer KeyVeil: refused, so it is not overwritten with less.
    #[error("report version {found} is newer than this KeyVeil understands (up to {supported})")]
    FutureVersion {
        /// The stored version.
        found: u32,
        /// [`REPORT_VERSION`].
        supported: u32,
    },
    /// An import that is not a KeyVeil report export.
    #[error("not a KeyVeil report export: {0}")]
    NotAnExport(String),
    /// An export format that is not `json` or `csv`.
    #[error("unknown export format {0:?} (expected json or csv)")]
    UnknownFormat(String),
}

/// Every site's records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// By site key ([`crate::site::site_key`]).
    pub sites: BTreeMap<String, SiteRecord>,
    /// What the caps removed.
    pub pruned: Pruned,
    /// Recent event ids, oldest first, for idempotent merging.
    recent_ids: VecDeque<String>,
    /// The same ids, for lookup.
    id_set: HashSet<String>,
}

/// Adds `x` to a sorted vector of distinct values, keeping it sorted.
pub(crate) fn insert_sorted<T: Ord + Copy>(v: &mut Vec<T>, x: T) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

impl TrackerRecord {
    /// The entry for `day`, if the tracker was met that day.
    pub fn day(&self, day: &str) -> Option<&DayTally> {
        self.days
            .binary_search_by(|d| d.day.as_str().cmp(day))
            .ok()
            .and_then(|i| self.days.get(i))
    }

    /// The entry for `day`, created (in order) if missing.
    fn day_mut(&mut self, day: String) -> &mut DayTally {
        let i = match self.days.binary_search_by(|d| d.day.as_str().cmp(&day)) {
            Ok(i) => i,
            Err(i) => {
                self.days.insert(
                    i,
                    DayTally {
                        day,
                        ..Default::default()
                    },
                );
                i
            }
        };
        &mut self.days[i]
    }
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets everything, including the pruning flag.
    pub fn clear_all(&mut self) {
        *self = Self::new();
    }

    /// Forgets one site (URL or host); true if it was there.
    pub fn clear_site(&mut self, site: &str) -> bool {
        crate::site::site_key(site)
            .ok()
            .and_then(|k| self.sites.remove(&k))
            .is_some()
    }

    /// One site's record (URL or host), for the popup.
    pub fn site(&self, site: &str) -> Option<&SiteRecord> {
        self.sites.get(&crate::site::site_key(site).ok()?)
    }
}
