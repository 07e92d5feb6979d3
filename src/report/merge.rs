//! Merging observations into the report: idempotent by event id, bounded by the caps, pruned by age.

use super::day::{day_of, DAY_MS, MAX_TS_MS};
use super::{
    insert_sorted, Detection, InputKind, LeakRecord, Pruned, Report, SiteRecord, TrackerRecord,
    MAX_DAYS, MAX_EVENT_IDS, MAX_LEAKS_PER_TRACKER, MAX_SITES, MAX_TEXT_LEN, MAX_TRACKERS_PER_SITE,
};
use crate::leak::{Encoding, Field};
use crate::Class;
use serde::{Deserialize, Serialize};

/// One observation from the background: a tracker met on a site, and what happened to it.
/// Counts add up; sets (inputs, how found) are unions; everything but `ts` and `site` may be
/// left out (`class` then counts as `none`, merged only when it carries a leak).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    /// A unique id (e.g. `crypto.randomUUID()`); an event whose id was already merged is
    /// dropped, so replaying a batch after a service-worker restart counts nothing twice.
    pub id: Option<String>,
    /// When (Unix ms).
    pub ts: u64,
    /// The page's site (URL or host).
    pub site: String,
    /// The tracker's vendor, when known.
    pub vendor: Option<String>,
    /// The tracker's script or collector host, when known.
    pub host: Option<String>,
    /// The tracker's class (absent: `none`).
    pub class: Option<Class>,
    /// The tracker is served from the site's own domain.
    pub first_party: bool,
    /// Kinds of input seen recorded.
    pub inputs: Vec<InputKind>,
    /// How the tracker was found.
    pub found_by: Vec<Detection>,
    /// Requests blocked.
    pub blocked: u64,
    /// Input events fuzzed.
    pub fuzzed: u64,
    /// Input events withheld from it (its listeners were not called).
    pub blocked_events: u64,
    /// Identity fields stripped.
    pub stripped: u64,
    /// Requests allowed.
    pub allowed: u64,
    /// Proven leaks in this observation.
    pub leaks: Vec<LeakSeen>,
}

/// A proven leak as observed: the field and the encoding (from [`crate::leak::LeakMatch`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeakSeen {
    /// The field.
    pub field: Field,
    /// The encoding.
    pub encoding: Encoding,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeOutcome {
    /// Events merged.
    pub merged: u32,
    /// Events dropped because their id was already merged.
    pub duplicates: u32,
    /// Events about nothing that records input (class `none`, no leak).
    pub ignored: u32,
    /// Events that could not be merged, with the reason (bad site, bad time).
    pub rejected: Vec<String>,
    /// True when a cap removed something during this merge.
    pub pruned: bool,
}

/// What a retention pass removed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionOutcome {
    /// Sites with nothing left in the window.
    pub sites: u32,
    /// Trackers last seen before the window.
    pub trackers: u32,
    /// Per-day entries before the window.
    pub day_entries: u32,
    /// Leaks last seen before the window.
    pub leaks: u32,
}

fn cut(s: &str) -> String {
    s.chars().take(MAX_TEXT_LEN).collect()
}

fn cut_field(f: &Field) -> Field {
    let c = |o: &Option<String>| o.as_deref().map(cut);
    Field {
        name: c(&f.name),
        id: c(&f.id),
        input_type: c(&f.input_type),
        autocomplete: c(&f.autocomplete),
    }
}

/// The key a tracker is filed under: vendor, else `host:<host>`, else `unknown`.
pub(super) fn tracker_key(vendor: Option<&str>, host: Option<&str>) -> String {
    match (vendor, host) {
        (Some(v), _) if !v.is_empty() => cut(v),
        (_, Some(h)) if !h.is_empty() => format!("host:{}", cut(h)),
        _ => "unknown".to_string(),
    }
}

impl Report {
    /// Merges a batch of events, in order.
    pub fn merge(&mut self, events: &[Event]) -> MergeOutcome {
        let before = self.pruned.clone();
        let mut out = MergeOutcome::default();
        for e in events {
            match self.merge_one(e) {
                Ok(true) => out.merged += 1,
                Ok(false) => out.ignored += 1,
                Err(Skip::Duplicate) => out.duplicates += 1,
                Err(Skip::Rejected(why)) => out.rejected.push(why),
            }
        }
        let last = events.iter().map(|e| e.ts).max().unwrap_or(0);
        self.enforce_site_cap(last);
        out.pruned = self.pruned != before;
        out
    }

    fn merge_one(&mut self, e: &Event) -> Result<bool, Skip> {
        let site = crate::site::site_key(&e.site)
            .map_err(|err| Skip::Rejected(format!("site {:?}: {err}", cut(&e.site))))?;
        if e.ts == 0 || e.ts > MAX_TS_MS {
            return Err(Skip::Rejected(format!(
                "time {} is not a Unix ms time",
                e.ts
            )));
        }
        let class = e.class.unwrap_or(Class::None);
        if !class.records_input() && e.leaks.is_empty() {
            return Ok(false);
        }
        if let Some(id) = &e.id {
            if self.id_set.contains(id) {
                return Err(Skip::Duplicate);
            }
            self.remember(id.clone());
        }
        let key = tracker_key(e.vendor.as_deref(), e.host.as_deref());
        let record = self.sites.entry(site).or_insert_with(|| SiteRecord {
            first_seen: e.ts,
            last_seen: e.ts,
            trackers: Default::default(),
        });
        record.first_seen = record.first_seen.min(e.ts);
        record.last_seen = record.last_seen.max(e.ts);
        if !record.trackers.contains_key(&key) && record.trackers.len() >= MAX_TRACKERS_PER_SITE {
            let oldest = record
                .trackers
                .iter()
                .min_by_key(|(_, t)| t.last_seen)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                record.trackers.remove(&k);
                note(&mut self.pruned, e.ts, |p| p.trackers += 1);
            }
        }
        let t = record.trackers.entry(key).or_insert_with(|| TrackerRecord {
            vendor: e.vendor.as_deref().filter(|v| !v.is_empty()).map(cut),
            host: e.host.as_deref().filter(|h| !h.is_empty()).map(cut),
            class,
            first_party: false,
            inputs: Default::default(),
            found_by: Default::default(),
            blocked_requests: 0,
            fuzzed_events: 0,
            blocked_events: 0,
            stripped_fields: 0,
            allowed_requests: 0,
            leaks: vec![],
            first_seen: e.ts,
            last_seen: e.ts,
            days: Default::default(),
        });
        // Class::ALL lists the most serious first; `none` never replaces a real class.
        if class.records_input() && (t.class == Class::None || class < t.class) {
            t.class = class;
        }
        if t.host.is_none() {
            t.host = e.host.as_deref().filter(|h| !h.is_empty()).map(cut);
        }
        t.first_party |= e.first_party;
        for &i in &e.inputs {
            insert_sorted(&mut t.inputs, i);
        }
        for &d in &e.found_by {
            insert_sorted(&mut t.found_by, d);
        }
        if !e.leaks.is_empty() {
            insert_sorted(&mut t.found_by, Detection::ProvenLeak);
            insert_sorted(&mut t.inputs, InputKind::FormValues);
        }
        t.blocked_requests = t.blocked_requests.saturating_add(e.blocked);
        t.fuzzed_events = t.fuzzed_events.saturating_add(e.fuzzed);
        t.blocked_events = t.blocked_events.saturating_add(e.blocked_events);
        t.stripped_fields = t.stripped_fields.saturating_add(e.stripped);
        t.allowed_requests = t.allowed_requests.saturating_add(e.allowed);
        t.first_seen = t.first_seen.min(e.ts);
        t.last_seen = t.last_seen.max(e.ts);
        let day = t.day_mut(day_of(e.ts));
        day.blocked = day.blocked.saturating_add(e.blocked);
        day.fuzzed = day.fuzzed.saturating_add(e.fuzzed);
        day.blocked_events = day.blocked_events.saturating_add(e.blocked_events);
        day.stripped = day.stripped.saturating_add(e.stripped);
        while t.days.len() > MAX_DAYS as usize {
            t.days.remove(0);
            note(&mut self.pruned, e.ts, |p| p.day_entries += 1);
        }
        for leak in &e.leaks {
            let field = cut_field(&leak.field);
            match t
                .leaks
                .iter_mut()
                .find(|l| l.field == field && l.encoding == leak.encoding)
            {
                Some(l) => {
                    l.count = l.count.saturating_add(1);
                    l.first_seen = l.first_seen.min(e.ts);
                    l.last_seen = l.last_seen.max(e.ts);
                }
                None => t.leaks.push(LeakRecord {
                    field,
                    encoding: leak.encoding,
                    first_seen: e.ts,
                    last_seen: e.ts,
                    count: 1,
                }),
            }
        }
        // Over the cap by at most this event's few leaks: drop the least recently seen.
        while t.leaks.len() > MAX_LEAKS_PER_TRACKER {
            let oldest = (0..t.leaks.len()).min_by_key(|&i| t.leaks[i].last_seen);
            if let Some(i) = oldest {
                t.leaks.remove(i);
            }
            note(&mut self.pruned, e.ts, |p| p.leaks += 1);
        }
        Ok(true)
    }

    fn remember(&mut self, id: String) {
        self.id_set.insert(id.clone());
        self.recent_ids.push_back(id);
        while self.recent_ids.len() > MAX_EVENT_IDS {
            if let Some(old) = self.recent_ids.pop_front() {
                self.id_set.remove(&old);
            }
        }
    }

    /// Restores the id lookup after loading `recent_ids`.
    pub(super) fn set_recent_ids(&mut self, ids: Vec<String>) {
        self.recent_ids.clear();
        self.id_set.clear();
        for id in ids.into_iter().rev().take(MAX_EVENT_IDS).rev() {
            self.remember(id);
        }
    }

    pub(super) fn recent_ids(&self) -> impl Iterator<Item = &String> {
        self.recent_ids.iter()
    }

    /// Applies every cap to a report read from storage or an import, which may hold more than
    /// merging ever lets in (a hand-edited or foreign export): what goes is counted in
    /// [`Report::pruned`] as if merging had dropped it, least recently seen first.
    pub(super) fn enforce_caps(&mut self) {
        let now = self.sites.values().map(|s| s.last_seen).max().unwrap_or(0);
        for record in self.sites.values_mut() {
            while record.trackers.len() > MAX_TRACKERS_PER_SITE {
                let oldest = record
                    .trackers
                    .iter()
                    .min_by_key(|(_, t)| t.last_seen)
                    .map(|(k, _)| k.clone());
                let Some(k) = oldest else { break };
                record.trackers.remove(&k);
                note(&mut self.pruned, now, |p| p.trackers += 1);
            }
            for t in record.trackers.values_mut() {
                // Oldest first, as merging keeps them (a foreign file may not be).
                t.days.sort_by(|a, b| a.day.cmp(&b.day));
                if t.days.len() > MAX_DAYS as usize {
                    let extra = t.days.len() - MAX_DAYS as usize;
                    t.days.drain(..extra);
                    note(&mut self.pruned, now, |p| p.day_entries += extra as u64);
                }
                while t.leaks.len() > MAX_LEAKS_PER_TRACKER {
                    let oldest = (0..t.leaks.len()).min_by_key(|&i| t.leaks[i].last_seen);
                    let Some(i) = oldest else { break };
                    t.leaks.remove(i);
                    note(&mut self.pruned, now, |p| p.leaks += 1);
                }
            }
        }
        self.enforce_site_cap(now);
    }

    fn enforce_site_cap(&mut self, now: u64) {
        while self.sites.len() > MAX_SITES {
            let oldest = self
                .sites
                .iter()
                .min_by_key(|(_, s)| s.last_seen)
                .map(|(k, _)| k.clone());
            let Some(k) = oldest else { break };
            self.sites.remove(&k);
            note(&mut self.pruned, now, |p| p.sites += 1);
        }
    }

    /// Drops what is older than `days` days before `now_ms` (the person's retention setting).
    pub fn prune_older_than(&mut self, now_ms: u64, days: u32) -> RetentionOutcome {
        let cutoff = now_ms.saturating_sub(u64::from(days).saturating_mul(DAY_MS));
        let cutoff_day = day_of(cutoff);
        let mut out = RetentionOutcome::default();
        self.sites.retain(|_, site| {
            site.trackers.retain(|_, t| {
                let before = t.days.len();
                t.days.retain(|d| d.day >= cutoff_day);
                out.day_entries += (before - t.days.len()) as u32;
                let before = t.leaks.len();
                t.leaks.retain(|l| l.last_seen >= cutoff);
                out.leaks += (before - t.leaks.len()) as u32;
                let keep = t.last_seen >= cutoff;
                out.trackers += u32::from(!keep);
                keep
            });
            let keep = !site.trackers.is_empty();
            out.sites += u32::from(!keep);
            keep
        });
        out
    }
}

fn note(p: &mut Pruned, now: u64, f: impl FnOnce(&mut Pruned)) {
    f(p);
    p.last_at = Some(p.last_at.unwrap_or(0).max(now));
}

enum Skip {
    Duplicate,
    Rejected(String),
}
