//! The `list` fuzz target's checks: `lists::parse`, `lists::print`, the list check, and the matcher built from a list.

use keyveil::lists::{self};
use keyveil::request::{self, Request};

/// Input: filter-list text (lossy UTF-8).
pub fn list(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let r = lists::parse(&text);
    let s = r.summary;
    assert_eq!(s.lines, text.lines().count());
    assert_eq!(s.accepted + s.ignored + s.rejected, s.lines, "{s:?}");
    assert_eq!(s.filters, r.list.all_filters().count());
    assert!(r.problems.len() <= s.ignored + s.rejected);
    assert!(r.problems.windows(2).all(|w| w[0].line < w[1].line));
    assert!(r.problems.iter().all(|p| p.line >= 1 && p.line <= s.lines));

    // print → parse reads back every kept line, the same filters, and prints the same text.
    let printed = lists::print(&r.list);
    let again = lists::parse(&printed);
    assert_eq!(
        (again.summary.ignored, again.summary.rejected),
        (0, 0),
        "the canonical print has lines that do not read back: {:?}\n--- printed:\n{printed}",
        again.problems
    );
    let a: Vec<_> = r.list.all_filters().collect();
    let b: Vec<_> = again.list.all_filters().collect();
    assert_eq!(
        a, b,
        "filters changed in print → parse\n--- printed:\n{printed}"
    );
    assert_eq!(
        lists::print(&again.list),
        printed,
        "print is not a fixed point"
    );

    let info = lists::user::check(&text);
    assert_eq!(info.summary, s);
    assert!(info.problems.iter().all(|p| !p.reason.is_empty()));

    // The matcher on whatever patterns the list holds: no panic, and a plain `||host^` filter
    // matches its own host.
    let c = request::Classifier::from_list(&r.list);
    for url in [
        "https://example.com/",
        "https://a.b.example.co.uk:8443/p/a/t/h?q=1&x=%20#f",
        "wss://ws.example.net/socket",
        "http://[::1]:8080/",
    ] {
        let _ = c.classify(&Request {
            url,
            resource_type: Some("xmlhttprequest"),
            initiator: Some("https://shop.example.org/"),
            ..Request::default()
        });
    }
    for f in r.list.filters().take(64) {
        let Some(host) = f.anchored_host() else {
            continue;
        };
        let plain = f.pattern == host || f.pattern == format!("{host}^");
        let simple = plain
            && !f.exception
            && !f.end_anchor
            && f.types.is_empty()
            && f.not_types.is_empty()
            && f.party.is_none()
            && f.domains.is_empty()
            && f.not_domains.is_empty();
        let url = format!("https://{host}/");
        if !simple || request::url::UrlParts::parse(&url).is_err() {
            continue;
        }
        let v = c.classify(&Request {
            url: &url,
            ..Request::default()
        });
        assert!(
            v.as_ref().is_ok_and(|v| v.rule.is_some()),
            "{} does not match {url}: {v:?}",
            lists::print_filter(f)
        );
    }
}
