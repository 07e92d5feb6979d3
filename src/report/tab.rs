//! What the popup and the toolbar badge show for one tab: its trackers, with the mode each is in now.
//!
//! The background keeps one small [`Report`] per tab (the same events it merges into the
//! lasting report, for that page only) and asks for this view whenever the popup opens or the
//! badge changes. The view joins each tracker's record with the person's settings, so the
//! popup's switches start where [`Settings::decide`] stands, and says why ("set by you on this
//! site", "default for session replay").

use super::{InputKind, LeakRecord, Report, TrackerRecord};
use crate::policy::{Decision, Settings};
use crate::Class;
use serde::Serialize;

/// One tracker of the tab, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TabTracker {
    /// The report's key for it (vendor, `host:<host>` or `unknown`): stable across redraws.
    pub key: String,
    /// Vendor name, when known.
    pub vendor: Option<String>,
    /// Script or collector host, when known.
    pub host: Option<String>,
    /// The most serious class it was seen as.
    pub class: Class,
    /// Served from the site's own domain.
    pub first_party: bool,
    /// What it was recording.
    pub inputs: Vec<InputKind>,
    /// How it was found.
    pub found_by: Vec<super::Detection>,
    /// Requests blocked on this page.
    pub blocked_requests: u64,
    /// Input events it received as noise on this page.
    pub fuzzed_events: u64,
    /// Input events withheld from it on this page.
    pub blocked_events: u64,
    /// Identity fields stripped from its payloads on this page.
    pub stripped_fields: u64,
    /// Requests let through.
    pub allowed_requests: u64,
    /// Proven leaks: which field went to it, in which encoding (never the value).
    pub leaks: Vec<LeakRecord>,
    /// The mode it is in now, and which setting decided it.
    pub mode: Decision,
    /// What a per-tracker switch on this site changes: `site-vendor` when the vendor is known,
    /// else `site-class` (a tracker without a name can only be set by its class).
    pub switch: SwitchKind,
}

/// Which settings change the popup's switch for a tracker makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SwitchKind {
    /// `{op: 'site-vendor', site, vendor, action}`.
    SiteVendor,
    /// `{op: 'site-class', site, class, action}`.
    SiteClass,
}

/// The whole tab: what the popup draws and what the badge counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TabView {
    /// The page's site key.
    pub site: String,
    /// KeyVeil is paused on this site (or a parent domain).
    pub paused: bool,
    /// Trackers that record input (and hosts that received a typed value), most serious class
    /// first, then by name.
    pub trackers: Vec<TabTracker>,
    /// How many of them record input: the badge's number.
    pub recorders: usize,
    /// The most serious class among them (`none` when there are none): the badge's colour.
    pub worst_class: Class,
    /// Proven leaks on this page, over all trackers.
    pub leaks: usize,
    /// Where the site's owner takes objections to AI training on people's data, when KeyVeil
    /// knows (`null` otherwise): the popup's note, decided here from the site key alone.
    pub ai_optout: Option<super::AiOptOut>,
}

impl TabView {
    /// The view of `report`'s record for `site` under `settings`; an empty view when the page
    /// met no tracker.
    pub fn new(report: &Report, site: &str, settings: &Settings) -> TabView {
        let site_key = crate::site::site_key(site).unwrap_or_default();
        let mut trackers: Vec<TabTracker> = report
            .site(&site_key)
            .map(|r| {
                r.trackers
                    .iter()
                    // A host that got a typed value is shown even when nothing else marks it.
                    .filter(|(_, t)| t.class != Class::None || !t.leaks.is_empty())
                    .map(|(k, t)| tracker(k, t, &site_key, settings))
                    .collect()
            })
            .unwrap_or_default();
        trackers.sort_by(|a, b| {
            (a.class, a.vendor.as_deref().or(a.host.as_deref()))
                .cmp(&(b.class, b.vendor.as_deref().or(b.host.as_deref())))
        });
        TabView {
            paused: settings.is_paused(&site_key),
            recorders: trackers.len(),
            worst_class: trackers.first().map_or(Class::None, |t| t.class),
            leaks: trackers.iter().map(|t| t.leaks.len()).sum(),
            ai_optout: super::ai_optout(&site_key),
            trackers,
            site: site_key,
        }
    }
}

fn tracker(key: &str, t: &TrackerRecord, site: &str, settings: &Settings) -> TabTracker {
    TabTracker {
        key: key.to_string(),
        vendor: t.vendor.clone(),
        host: t.host.clone(),
        class: t.class,
        first_party: t.first_party,
        inputs: t.inputs.clone(),
        found_by: t.found_by.clone(),
        blocked_requests: t.blocked_requests,
        fuzzed_events: t.fuzzed_events,
        blocked_events: t.blocked_events,
        stripped_fields: t.stripped_fields,
        allowed_requests: t.allowed_requests,
        leaks: t.leaks.clone(),
        mode: settings.decide(site, t.class, t.vendor.as_deref()),
        switch: if t.vendor.is_some() {
            SwitchKind::SiteVendor
        } else {
            SwitchKind::SiteClass
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Action, Change, Source};
    use crate::report::{Detection, Event};

    fn event(vendor: Option<&str>, class: Class) -> Event {
        Event {
            ts: 1_700_000_000_000,
            site: "https://shop.example/checkout".into(),
            vendor: vendor.map(str::to_string),
            host: Some("collector.example.net".into()),
            class: Some(class),
            inputs: vec![InputKind::Keys],
            found_by: vec![Detection::ScriptBehaviour],
            ..Event::default()
        }
    }

    #[test]
    fn trackers_carry_the_mode_settings_decide_and_the_badge_counts_them() {
        let mut report = Report::new();
        report.merge(&[
            event(Some("Meta"), Class::MetaPixel),
            event(Some("rrweb"), Class::SessionReplay),
            Event {
                blocked: 3,
                blocked_events: 5,
                ..event(Some("rrweb"), Class::SessionReplay)
            },
            event(None, Class::KeystrokeTelemetry),
        ]);
        let mut settings = Settings::default();
        settings
            .apply(Change::SiteVendor {
                site: "shop.example".into(),
                vendor: "rrweb".into(),
                action: Some(Action::Fuzz),
            })
            .unwrap();
        let view = TabView::new(&report, "shop.example", &settings);
        assert_eq!(view.recorders, 3);
        assert_eq!(view.worst_class, Class::SessionReplay);
        let names: Vec<_> = view.trackers.iter().map(|t| t.class).collect();
        assert_eq!(
            names,
            vec![
                Class::SessionReplay,
                Class::KeystrokeTelemetry,
                Class::MetaPixel
            ]
        );
        let rr = &view.trackers[0];
        assert_eq!(rr.blocked_requests, 3);
        assert_eq!(
            rr.blocked_events, 5,
            "withheld events are not blocked requests"
        );
        assert_eq!(rr.mode.action, Action::Fuzz);
        assert_eq!(rr.mode.source, Source::SiteVendor);
        assert_eq!(rr.switch, SwitchKind::SiteVendor);
        let unnamed = &view.trackers[1];
        assert_eq!(unnamed.mode.action, Action::Fuzz);
        assert_eq!(unnamed.mode.source, Source::Builtin);
        assert_eq!(unnamed.switch, SwitchKind::SiteClass);
        assert_eq!(view.trackers[2].mode.action, Action::Block);
    }

    #[test]
    fn a_paused_site_says_so_and_an_unknown_site_is_empty() {
        let mut report = Report::new();
        report.merge(&[event(Some("Hotjar"), Class::SessionReplay)]);
        let mut settings = Settings::default();
        settings
            .apply(Change::Pause {
                site: "www.shop.example".into(),
                paused: Some(true),
            })
            .unwrap();
        let view = TabView::new(&report, "https://shop.example/", &settings);
        assert!(view.paused, "the pause is filed under the site key");
        assert_eq!(view.trackers[0].mode.action, Action::Allow);
        let none = TabView::new(&report, "other.example.org", &Settings::default());
        assert_eq!(none.recorders, 0);
        assert_eq!(none.worst_class, Class::None);
        assert!(none.trackers.is_empty());
    }

    #[test]
    fn the_ai_optout_note_comes_with_the_owners_sites_only() {
        let report = Report::new();
        let view = TabView::new(
            &report,
            "https://www.instagram.com/p/x",
            &Settings::default(),
        );
        let note = view.ai_optout.expect("instagram.com gets the note");
        assert_eq!(note.owner, "Meta");
        assert!(note
            .links
            .iter()
            .any(|l| l.url.contains("help.instagram.com")));
        // Drawn as JSON: the popup reads `ai_optout.links[].kind` and `.url`.
        let json = serde_json::to_value(TabView::new(
            &report,
            "web.whatsapp.com",
            &Settings::default(),
        ))
        .unwrap();
        assert_eq!(json["ai_optout"]["owner"], "Meta");
        assert_eq!(json["ai_optout"]["links"][0]["kind"], "privacy-center");
        assert_eq!(json["ai_optout"]["links"][1]["kind"], "objection-form");
        let other = TabView::new(&report, "https://shop.example/", &Settings::default());
        assert_eq!(other.ai_optout, None);
        assert!(serde_json::to_value(other).unwrap()["ai_optout"].is_null());
    }
}
