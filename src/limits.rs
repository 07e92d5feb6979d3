//! Every limit the core enforces on its input, in one place, with how a hit shows.
//!
//! Each constant is defined next to the code it bounds and re-exported here under a name
//! that says what it limits. `docs/limits.md` is the same table for people; `tests/limits.rs`
//! checks that the two agree and that each limit, when hit, is said (in a verdict's evidence,
//! a list's summary, a scan's notes or a report's `pruned` counts), never applied silently.
//! The limits and rates the JavaScript shell applies are decided in [`shell`].

pub mod shell;

/// Bytes inflated from one compressed body (gzip, deflate, deflate-raw), by the request
/// classifier and the leak scanner alike; the verdict says `inflated body capped at …`, the
/// scan sets `truncated` and notes `inflated body cut at …`.
pub use crate::leak::inflate::MAX_INFLATED_BYTES;
/// Bytes of one URL, body or inflated body the leak scanner searches; the scan sets
/// `truncated` and says so in its `notes`.
pub use crate::leak::MAX_INSPECTED_BYTES as MAX_LEAK_SCAN_BYTES;
/// Typed values one leak probe takes; more is an error value (`too many typed values`).
pub use crate::leak::MAX_VALUES as MAX_TYPED_VALUES;
/// DNR rules compiled (Chrome's dynamic-rule limit); filters past it are listed in
/// `unsupported`.
pub use crate::lists::dnr::MAX_DYNAMIC_RULES;
/// Bytes of one filter-list line; a longer line is rejected (`line-too-long`).
pub use crate::lists::MAX_LINE_BYTES;
/// Lines read from one filter list; the rest are rejected as `list-too-long` and counted in
/// the summary's `unread`.
pub use crate::lists::MAX_LIST_LINES;
/// Per-day entries a report keeps per tracker (and the longest retention); counted in
/// `pruned.day_entries`.
pub use crate::report::MAX_DAYS;
/// Recent event ids a report remembers to drop replayed events.
pub use crate::report::MAX_EVENT_IDS;
/// Distinct leaks a report keeps per tracker; counted in `pruned.leaks`.
pub use crate::report::MAX_LEAKS_PER_TRACKER;
/// Sites a report keeps; the least recently seen go first, counted in `pruned.sites`.
pub use crate::report::MAX_SITES;
/// Characters kept of names, hosts and field attributes from pages.
pub use crate::report::MAX_TEXT_LEN;
/// Trackers a report keeps per site; counted in `pruned.trackers`.
pub use crate::report::MAX_TRACKERS_PER_SITE;
/// Request body bytes the request classifier reads; the verdict says `body capped at …`.
pub use crate::request::body::MAX_BODY_BYTES;
/// Items of a Sentry envelope read; the verdict says `only the first … items read`.
pub use crate::request::body::MAX_ENVELOPE_ITEMS;
/// URL bytes matched; the verdict says `URL cut at …`.
pub use crate::request::url::MAX_URL_BYTES;
/// Script source bytes classified; the verdict says `only the first … were read`.
pub use crate::script::MAX_BYTES as MAX_SCRIPT_BYTES;

/// A byte count for people: `512 B`, `256 KiB`, `1.5 MiB`.
pub fn human_bytes(n: usize) -> String {
    const KIB: f64 = 1024.0;
    let x = n as f64;
    let (v, unit) = if x >= KIB * KIB * KIB {
        (x / (KIB * KIB * KIB), "GiB")
    } else if x >= KIB * KIB {
        (x / (KIB * KIB), "MiB")
    } else if x >= KIB {
        (x / KIB, "KiB")
    } else {
        return format!("{n} B");
    };
    let s = format!("{v:.1}");
    format!("{} {unit}", s.strip_suffix(".0").unwrap_or(&s))
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn bytes_read_like_people_write_them() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(256 * 1024), "256 KiB");
        assert_eq!(human_bytes(50 * 1024 * 1024), "50 MiB");
        assert_eq!(human_bytes(1536 * 1024), "1.5 MiB");
        assert_eq!(human_bytes(3 << 30), "3 GiB");
    }
}
