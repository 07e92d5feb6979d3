//! The `report` fuzz target's checks: `Report::load`, `Report::import_json`, `Report::merge`, and back to JSON.

use super::*;
use keyveil::report;

/// Input: sections separated by a line `---`: a stored report (JSON); an export to import;
/// a JSON array of events to merge.
pub fn report(data: &[u8]) {
    let parts = sections(data);
    let text = |i: usize| String::from_utf8_lossy(parts.get(i).copied().unwrap_or_default());
    let mut r = match report::Report::load(&text(0)) {
        Ok(l) => l.report,
        Err(e) => {
            assert!(matches!(e, report::Error::FutureVersion { .. }));
            report::Report::new()
        }
    };
    check_caps(&r);
    if let Ok(l) = report::Report::import_json(&text(1)) {
        check_caps(&l.report);
    }
    if let Ok(events) = serde_json::from_str::<Vec<report::Event>>(&text(2)) {
        let out = r.merge(&events);
        assert_eq!(
            out.merged as usize
                + out.duplicates as usize
                + out.ignored as usize
                + out.rejected.len(),
            events.len()
        );
        check_caps(&r);
    }
    // Stored JSON and exports read back to the same report.
    let back = report::Report::load(&r.to_json()).expect("own JSON loads");
    assert!(back.dropped.is_empty(), "{:?}", back.dropped);
    assert_eq!(back.report, r, "to_json → load changed the report");
    let imported = report::Report::import_json(&r.export_json(1)).expect("own export imports");
    assert_eq!(imported.report.sites, r.sites);
    assert!(r.export_csv().lines().count() >= 1);
}

fn check_caps(r: &report::Report) {
    assert!(r.sites.len() <= report::MAX_SITES);
    for s in r.sites.values() {
        assert!(s.trackers.len() <= report::MAX_TRACKERS_PER_SITE);
        for t in s.trackers.values() {
            assert!(t.days.len() <= report::MAX_DAYS as usize);
            assert!(t.leaks.len() <= report::MAX_LEAKS_PER_TRACKER);
        }
    }
}
