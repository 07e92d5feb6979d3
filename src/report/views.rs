//! What the popup and dashboard draw: the per-day chart, site summaries, a vendor's sites.

use super::{InputKind, Report, TrackerRecord};
use crate::Class;
use serde::Serialize;

/// One day of the dashboard chart, summed over all sites.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DayPoint {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Recorders met: distinct (site, tracker) pairs seen that day.
    pub met: u32,
    /// Of those, how many had requests or input events blocked.
    pub blocked: u32,
    /// Of those, how many had events fuzzed or identity fields stripped.
    pub fuzzed: u32,
    /// Requests blocked that day.
    pub blocked_requests: u64,
    /// Events fuzzed that day.
    pub fuzzed_events: u64,
    /// Identity fields stripped that day.
    pub stripped_fields: u64,
}

/// One row of the dashboard's site list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteSummary {
    /// Site key.
    pub site: String,
    /// Tracker display names (vendor, else host, else `unknown`).
    pub trackers: Vec<String>,
    /// The most serious class among them.
    pub worst_class: Class,
    /// Union of the kinds of input recorded, sorted.
    pub inputs: Vec<InputKind>,
    /// First seen (Unix ms).
    pub first_seen: u64,
    /// Last seen (Unix ms).
    pub last_seen: u64,
    /// Sums over trackers.
    pub blocked_requests: u64,
    /// Sums over trackers.
    pub fuzzed_events: u64,
    /// Sums over trackers.
    pub stripped_fields: u64,
    /// Number of distinct proven leaks.
    pub leaks: u32,
}

/// One site where a vendor was met, for the per-tracker view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorSite {
    /// Site key.
    pub site: String,
    /// The tracker's record there.
    pub tracker: TrackerRecord,
}

fn display_name(key: &str, t: &TrackerRecord) -> String {
    t.vendor
        .clone()
        .or_else(|| t.host.clone())
        .unwrap_or_else(|| key.to_string())
}

impl Report {
    /// The per-day chart, oldest day first; only days with at least one recorder met.
    pub fn chart(&self) -> Vec<DayPoint> {
        let mut days: Vec<DayPoint> = Vec::new();
        for site in self.sites.values() {
            for t in site.trackers.values() {
                for tally in &t.days {
                    let i = match days.binary_search_by(|p| p.day.cmp(&tally.day)) {
                        Ok(i) => i,
                        Err(i) => {
                            days.insert(
                                i,
                                DayPoint {
                                    day: tally.day.clone(),
                                    ..Default::default()
                                },
                            );
                            i
                        }
                    };
                    let p = &mut days[i];
                    p.met += 1;
                    p.blocked += u32::from(tally.blocked > 0 || tally.blocked_events > 0);
                    p.fuzzed += u32::from(tally.fuzzed > 0 || tally.stripped > 0);
                    p.blocked_requests += tally.blocked;
                    p.fuzzed_events += tally.fuzzed;
                    p.stripped_fields += tally.stripped;
                }
            }
        }
        days
    }

    /// One summary per site, in site order (the dashboard sorts by the column the person picks).
    pub fn summaries(&self) -> Vec<SiteSummary> {
        let rows: Vec<SiteSummary> = self
            .sites
            .iter()
            .map(|(site, r)| {
                let ts = r.trackers.values();
                let mut inputs = Vec::new();
                for t in ts.clone() {
                    for &i in &t.inputs {
                        super::insert_sorted(&mut inputs, i);
                    }
                }
                SiteSummary {
                    site: site.clone(),
                    trackers: r.trackers.iter().map(|(k, t)| display_name(k, t)).collect(),
                    worst_class: ts.clone().map(|t| t.class).min().unwrap_or(Class::None),
                    inputs,
                    first_seen: r.first_seen,
                    last_seen: r.last_seen,
                    blocked_requests: ts.clone().map(|t| t.blocked_requests).sum(),
                    fuzzed_events: ts.clone().map(|t| t.fuzzed_events).sum(),
                    stripped_fields: ts.clone().map(|t| t.stripped_fields).sum(),
                    leaks: ts.map(|t| t.leaks.len() as u32).sum(),
                }
            })
            .collect();
        rows
    }

    /// Every site where `vendor` was met (exact vendor name), in site order.
    pub fn vendor_sites(&self, vendor: &str) -> Vec<VendorSite> {
        let rows: Vec<VendorSite> = self
            .sites
            .iter()
            .filter_map(|(site, r)| {
                let t = r
                    .trackers
                    .values()
                    .find(|t| t.vendor.as_deref() == Some(vendor))?;
                Some(VendorSite {
                    site: site.clone(),
                    tracker: t.clone(),
                })
            })
            .collect();
        rows
    }
}
