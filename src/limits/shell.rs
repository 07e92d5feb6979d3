//! Every limit and rate the JavaScript shell applies, decided here so the shell holds none.
//!
//! The content scripts and the background bound what a page can make them hold, forward or
//! store. The numbers are the core's: `docs/limits.md` lists each with the place in the shell
//! that applies it, and `tests/limits.rs` checks the table against [`ALL`] and against the
//! shell's source. Each is a rate or a cap on page input; timings that only pace the UI or
//! storage writes (badge redraws, write debouncing, refresh alarms) are not here.

// --- the page hook (extension/content/hook/) ---

/// Milliseconds the hook batches observations before one message to the bridge: a page whose
/// 300 scripts each register in their own task is a few messages, not hundreds.
pub const OBSERVATION_FLUSH_MS: u64 = 100;
/// Observations in one hook message at most.
pub const MAX_OBSERVATIONS_PER_MESSAGE: u64 = 200;
/// Characters of one hook message, under [`MAX_PAGE_MESSAGE_CHARS`] with room for the counts.
pub const MAX_HOOK_MESSAGE_CHARS: u64 = 192 * 1024;
/// Characters of a held payload shown to the core (its signatures and leak proof read the
/// start; the request classifier reads 256 KiB of bytes).
pub const MAX_PAYLOAD_CHARS: u64 = 192 * 1024;
/// Stack frames captured to name the calling script (V8's default, enough to pass the hook's
/// own frames).
pub const STACK_FRAMES: u64 = 10;
/// Milliseconds a held payload waits for the core's word before it goes as the page sent it;
/// the page policy already carries it (`check_timeout_ms`), the shell's literal is a fallback.
pub use crate::sink::CHECK_TIMEOUT_MS;

// --- the bridge (extension/content/bridge/) ---

/// Characters of one payload check accepted from the page (a 192 KiB body in base64, and more).
pub const MAX_CHECK_CHARS: u64 = 320 * 1024;
/// Payload checks forwarded per second from one frame; the rest wait their turn, in order.
pub const CHECKS_PER_SECOND: u64 = 100;
/// Checks waiting beyond that rate; past this a page flooding the bridge has its sends stopped.
pub const MAX_CHECK_QUEUE: u64 = 1000;
/// Characters of one message accepted from the page.
pub const MAX_PAGE_MESSAGE_CHARS: u64 = 256 * 1024;
/// Messages forwarded per second from one frame; the rest are counted as dropped.
pub const MESSAGES_PER_SECOND: u64 = 20;
/// Fields whose latest typed value is kept for leak checks.
pub const MAX_TYPED_FIELDS: u64 = 16;
/// Milliseconds typed values wait at most before they go to the background.
pub const VALUES_DEBOUNCE_MS: u64 = 100;
/// Milliseconds after a drop or a forged message before the counts alone are sent, so a flood
/// that ends is still told.
pub const COUNTS_DELAY_MS: u64 = 1000;

// --- the background (extension/background/) ---

/// Observations one page message may carry into the background; more are counted and dropped.
pub const MAX_OBSERVATIONS_PER_BATCH: u64 = 256;
/// Evasion records kept per tab.
pub const MAX_EVASIONS_PER_TAB: u64 = 50;
/// Listener registrations kept per tab; the oldest go first.
pub const MAX_LISTENERS_PER_TAB: u64 = 1000;
/// Request verdicts kept per tab; older ones are counted, not kept.
pub const MAX_EVENTS_PER_TAB: u64 = 500;
/// Milliseconds a script waits for its verdict when the page never finishes loading.
pub const SCRIPT_WAIT_MAX_MS: u64 = 3000;
/// Script verdicts (by source hash) kept in storage; the oldest go first.
pub const MAX_CACHED_VERDICTS: u64 = 2000;
/// Bytes of a script source copied from the response (Firefox); larger ones are fetched.
pub const MAX_COPIED_SOURCE_BYTES: u64 = 8 * 1024 * 1024;
/// Script sources kept copied, in all.
pub const MAX_COPIED_SOURCES: u64 = 1024;
/// Bytes of script sources kept copied, in all.
pub const MAX_COPIED_SOURCES_BYTES: u64 = 32 * 1024 * 1024;
/// Milliseconds a copied source is kept.
pub const COPIED_SOURCE_MS: u64 = 60 * 1000;
/// Milliseconds a verdict waits for a response still streaming before it fetches instead.
pub const SOURCE_WAIT_MS: u64 = 5000;
/// Payloads kept per tab for a second look by the leak check.
pub const RECENT_PAYLOADS: u64 = 32;
/// Milliseconds those payloads are kept.
pub const RECENT_PAYLOAD_MS: u64 = 5000;
/// Noise samples sent to the hook per push; it cycles through them.
pub const NOISE_SAMPLES: u64 = 256;
/// Bytes of list text accepted from a subscription or an import.
pub const MAX_LIST_TEXT_BYTES: u64 = 8 * 1024 * 1024;
/// Filter-list subscriptions kept.
pub const MAX_SUBSCRIPTIONS: u64 = 32;
/// Problems kept per subscription for the dashboard.
pub const MAX_PROBLEMS_PER_LIST: u64 = 1000;
/// Milliseconds a list server has to send the whole list (the old text stays).
pub const LIST_FETCH_TIMEOUT_MS: u64 = 15000;
/// Filters DNR could not take kept by name in the status (the counts are all there).
pub const DNR_STATUS_SAMPLES: u64 = 1000;
/// Broken-site records kept; the oldest go first.
pub const MAX_BROKEN_REPORTS: u64 = 100;
/// Characters of a broken-site report's note.
pub const MAX_BROKEN_NOTE_CHARS: u64 = 500;

// The hook's message stays under what the bridge accepts, and a held payload's body under what
// a check may carry once in base64 (4 characters per 3 bytes): checked when the crate builds.
const _: () = assert!(MAX_HOOK_MESSAGE_CHARS < MAX_PAGE_MESSAGE_CHARS);
const _: () = assert!(MAX_PAYLOAD_CHARS * 4 / 3 < MAX_CHECK_CHARS);

/// Every shell limit by name, in the order of `docs/limits.md`: what a Wasm export hands the
/// background as one object, and what the table is checked against.
pub const ALL: [(&str, u64); 35] = [
    ("OBSERVATION_FLUSH_MS", OBSERVATION_FLUSH_MS),
    ("MAX_OBSERVATIONS_PER_MESSAGE", MAX_OBSERVATIONS_PER_MESSAGE),
    ("MAX_HOOK_MESSAGE_CHARS", MAX_HOOK_MESSAGE_CHARS),
    ("MAX_PAYLOAD_CHARS", MAX_PAYLOAD_CHARS),
    ("STACK_FRAMES", STACK_FRAMES),
    ("CHECK_TIMEOUT_MS", CHECK_TIMEOUT_MS as u64),
    ("MAX_CHECK_CHARS", MAX_CHECK_CHARS),
    ("CHECKS_PER_SECOND", CHECKS_PER_SECOND),
    ("MAX_CHECK_QUEUE", MAX_CHECK_QUEUE),
    ("MAX_PAGE_MESSAGE_CHARS", MAX_PAGE_MESSAGE_CHARS),
    ("MESSAGES_PER_SECOND", MESSAGES_PER_SECOND),
    ("MAX_TYPED_FIELDS", MAX_TYPED_FIELDS),
    ("VALUES_DEBOUNCE_MS", VALUES_DEBOUNCE_MS),
    ("COUNTS_DELAY_MS", COUNTS_DELAY_MS),
    ("MAX_OBSERVATIONS_PER_BATCH", MAX_OBSERVATIONS_PER_BATCH),
    ("MAX_EVASIONS_PER_TAB", MAX_EVASIONS_PER_TAB),
    ("MAX_LISTENERS_PER_TAB", MAX_LISTENERS_PER_TAB),
    ("MAX_EVENTS_PER_TAB", MAX_EVENTS_PER_TAB),
    ("SCRIPT_WAIT_MAX_MS", SCRIPT_WAIT_MAX_MS),
    ("MAX_CACHED_VERDICTS", MAX_CACHED_VERDICTS),
    ("MAX_COPIED_SOURCE_BYTES", MAX_COPIED_SOURCE_BYTES),
    ("MAX_COPIED_SOURCES", MAX_COPIED_SOURCES),
    ("MAX_COPIED_SOURCES_BYTES", MAX_COPIED_SOURCES_BYTES),
    ("COPIED_SOURCE_MS", COPIED_SOURCE_MS),
    ("SOURCE_WAIT_MS", SOURCE_WAIT_MS),
    ("RECENT_PAYLOADS", RECENT_PAYLOADS),
    ("RECENT_PAYLOAD_MS", RECENT_PAYLOAD_MS),
    ("NOISE_SAMPLES", NOISE_SAMPLES),
    ("MAX_LIST_TEXT_BYTES", MAX_LIST_TEXT_BYTES),
    ("MAX_SUBSCRIPTIONS", MAX_SUBSCRIPTIONS),
    ("MAX_PROBLEMS_PER_LIST", MAX_PROBLEMS_PER_LIST),
    ("LIST_FETCH_TIMEOUT_MS", LIST_FETCH_TIMEOUT_MS),
    ("DNR_STATUS_SAMPLES", DNR_STATUS_SAMPLES),
    ("MAX_BROKEN_REPORTS", MAX_BROKEN_REPORTS),
    ("MAX_BROKEN_NOTE_CHARS", MAX_BROKEN_NOTE_CHARS),
];

/// [`ALL`] as one JSON-ready map, `{"MESSAGES_PER_SECOND": 20, …}`, for the Wasm surface.
pub fn all() -> std::collections::BTreeMap<&'static str, u64> {
    ALL.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_distinct_and_values_positive() {
        let map = all();
        assert_eq!(map.len(), ALL.len(), "a name is listed twice");
        assert!(ALL.iter().all(|(_, v)| *v > 0));
        assert_eq!(map["MESSAGES_PER_SECOND"], 20);
    }
}
