//! Calendar days and ISO 8601 times from Unix milliseconds (UTC), without a date library.

/// Milliseconds in a day.
pub const DAY_MS: u64 = 86_400_000;
/// The last millisecond of year 9999: later timestamps are rejected as nonsense.
pub const MAX_TS_MS: u64 = 253_402_300_799_999;

/// `(year, month, day)` of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
fn civil(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

/// The UTC day of a timestamp, `YYYY-MM-DD` (sorts as text in time order).
pub fn day_of(ts_ms: u64) -> String {
    let (y, m, d) = civil(ts_ms / DAY_MS);
    format!("{y:04}-{m:02}-{d:02}")
}

/// ISO 8601 UTC to the second: `2026-11-23T18:41:07Z`.
pub fn iso(ts_ms: u64) -> String {
    let secs = (ts_ms % DAY_MS) / 1000;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        day_of(ts_ms),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(day_of(0), "1970-01-01");
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        // 2026-11-23T18:41:07Z
        assert_eq!(iso(1_795_459_267_000), "2026-11-23T18:41:07Z");
        // Leap day and the turn of a century that is a leap year.
        assert_eq!(day_of(951_782_400_000), "2000-02-29");
        assert_eq!(day_of(MAX_TS_MS), "9999-12-31");
    }
}
