//! The compact policy the page hook applies at dispatch time: lookups only, every decision made here.

use super::{Action, ClassActions, Settings};
use crate::noise::scrub;
use crate::Class;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A script the background has a verdict for, as passed to [`PagePolicy::new`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ScriptVerdict {
    /// The URL the hook attributes listeners to (the page URL for inline scripts).
    pub url: String,
    /// Its class.
    pub class: Class,
    /// Its vendor, when known.
    #[serde(default)]
    pub vendor: Option<String>,
}

/// What the hook in one page needs, resolved for that page's site.
///
/// The hook's whole logic for a listener registered by script `u` is
/// `policy.scripts[u] ?? policy.unknown`: `block` → do not call the listener, `fuzz` → call it
/// with a fuzzed event (and remove `strip_params` from what that script sends), `allow` → call
/// it untouched. The background pushes a fresh policy when a verdict or a setting changes;
/// the hook reads it at each dispatch, so a policy arriving after registration still applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PagePolicy {
    /// The site key the policy was resolved for.
    pub site: String,
    /// KeyVeil is paused here: every entry below is `allow` (shown, not to be re-checked).
    pub paused: bool,
    /// The action for each script with a verdict, by URL.
    pub scripts: BTreeMap<String, Action>,
    /// The action for listeners of scripts without a verdict yet: `allow`, because listening
    /// is not recording and the verdict arrives within moments.
    pub unknown: Action,
    /// The action, until their script's verdict arrives, for listeners with a recorder's shape
    /// (input on `pending_targets`, in the capture phase: they hear the whole page's input
    /// before the page does): `fuzz`, so that keys typed at page start reach no recorder the
    /// verdict has not caught up with yet; `allow` where KeyVeil is paused.
    pub pending: Action,
    /// Where a listener must be registered to have that shape.
    pub pending_targets: &'static [&'static str],
    /// Whether the page's own inline scripts get `pending` too: no, the page's own handlers
    /// must see the truth from the first key (an inline logger is still caught by what it
    /// sends, [`crate::heard`]).
    pub pending_inline: bool,
    /// The action for each class on this site when no vendor is known, for display and for
    /// verdicts the background reaches by class alone.
    pub classes: ClassActions,
    /// Parameter names (as `URLSearchParams`/`FormData` give them, decoded) that a `fuzz`-mode
    /// script's payloads lose: Meta pixel identity fields.
    pub strip_params: Vec<String>,
    /// The event types the hook polices ([`crate::observe::INPUT_EVENTS`]); a recorder's
    /// listeners for any other event run untouched.
    pub input_events: &'static [&'static str],
    /// The input events a `fuzz`-mode listener receives late, by the noise's timing jitter
    /// ([`crate::observe::TIMED_EVENTS`]).
    pub timed_events: &'static [&'static str],
    /// How long the hook holds a payload for the core's word before it lets it go
    /// ([`crate::sink::CHECK_TIMEOUT_MS`]).
    pub check_timeout_ms: u32,
}

impl PagePolicy {
    /// The policy for a page of `site` with the given script verdicts.
    pub fn new(settings: &Settings, site: &str, scripts: &[ScriptVerdict]) -> Self {
        let site_key = crate::site::site_key(site).unwrap_or_default();
        // Names as `URLSearchParams` decodes them: the DNR list without its encoded spellings.
        let strip_params = scrub::dnr_remove_params()
            .into_iter()
            .filter(|n| !n.contains('%'))
            .collect();
        // Inserted one by one: collecting into a map sorts first, which is more Wasm for nothing.
        let mut by_url = BTreeMap::new();
        for s in scripts {
            let d = settings.decide(&site_key, s.class, s.vendor.as_deref());
            by_url.insert(s.url.clone(), d.action);
        }
        let mut classes = ClassActions::default();
        for c in Class::ALL {
            classes.set(c, Some(settings.decide(&site_key, c, None).action));
        }
        Self {
            paused: settings.is_paused(&site_key),
            scripts: by_url,
            unknown: Action::Allow,
            pending: if settings.is_paused(&site_key) {
                Action::Allow
            } else {
                Action::Fuzz
            },
            pending_targets: PENDING_TARGETS,
            pending_inline: false,
            classes,
            strip_params,
            input_events: crate::observe::INPUT_EVENTS,
            timed_events: crate::observe::TIMED_EVENTS,
            check_timeout_ms: crate::sink::CHECK_TIMEOUT_MS,
            site: site_key,
        }
    }

    /// The action for a listener registered by `script_url`: the lookup the hook does.
    pub fn lookup(&self, script_url: &str) -> Action {
        self.scripts
            .get(script_url)
            .copied()
            .unwrap_or(self.unknown)
    }
}

/// How long the hook holds input for a not-yet-judged listener before the first page policy
/// arrives; past it the input is delivered as it is (a page whose extension background is gone
/// keeps working).
pub const BOOT_HOLD_MS: u32 = 1500;

/// What the hook knows before the background's first answer, built into it at build time
/// (`build.sh` asks the core for it): which events are input, and that input for a listener
/// with a recorder's shape waits (`hold`) until the first policy says what to do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BootPolicy {
    /// As in [`PagePolicy::input_events`].
    pub input_events: &'static [&'static str],
    /// As in [`PagePolicy::timed_events`].
    pub timed_events: &'static [&'static str],
    /// `hold`: queued, and delivered (late, as a fuzzed key is) once the policy decides.
    pub pending: &'static str,
    /// As in [`PagePolicy::pending_targets`].
    pub pending_targets: &'static [&'static str],
    /// As in [`PagePolicy::pending_inline`].
    pub pending_inline: bool,
    /// [`BOOT_HOLD_MS`].
    pub hold_ms: u32,
}

impl BootPolicy {
    /// The one boot policy.
    pub fn new() -> Self {
        Self {
            input_events: crate::observe::INPUT_EVENTS,
            timed_events: crate::observe::TIMED_EVENTS,
            pending: "hold",
            pending_targets: PENDING_TARGETS,
            pending_inline: false,
            hold_ms: BOOT_HOLD_MS,
        }
    }
}

impl Default for BootPolicy {
    fn default() -> Self {
        Self::new()
    }
}

/// Where a listener must be registered to hear the whole page's input before the page does.
const PENDING_TARGETS: &[&str] = &["window", "document"];
