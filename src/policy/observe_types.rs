//! Which requests the background's request observer asks the browser for, per browser: each observed request costs the page load a dispatch to the background.
//!
//! Firefox blocks in its `webRequest` listener, so it must see every request, body included.
//! Chrome blocks with the declarativeNetRequest rules the core compiles, and the page hook holds
//! every payload a page script sends with a body before it leaves (`sink::decide_send`); its
//! observer only has to see what can carry something off the page that nothing else sees:
//!
//! - every request of a type that is a send by nature (fetch/XHR, beacons, sockets, frames,
//!   forms, plugins, reports): its URL and body are checked for typed values, and a tracker's
//!   send is filed;
//! - a resource fetch (script, image, style sheet, font, media) only when its URL carries a
//!   query: that is where a pixel or a script tag puts what it ships. The same resources
//!   without a query (the bulk of a page: its own scripts and images) carry only what the page's
//!   markup or server named, and can be named by a list at most, which the rules then block;
//! - the rules' blocks of the resources it does not observe, from the browser's error event
//!   (`onErrorOccurred`, error `net::ERR_BLOCKED_BY_CLIENT`): no more dispatches than blocks,
//!   so every block the popup counts today is still counted.
//!
//! The background registers its listeners from [`plans`], written for it into
//! `extension/background/observe-plan.json` (a test keeps the file equal to this module).

use serde::Serialize;

/// The `webRequest` listeners one browser's background registers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObservePlan {
    /// Resource types observed on every request (`null`: every type).
    pub every: Option<&'static [&'static str]>,
    /// Resource types observed only when their URL matches one of `query_urls`.
    pub with_query: &'static [&'static str],
    /// The `webRequest` URL patterns of a URL with a query (Chrome's match patterns cover the
    /// query: `/*?*` is a path with one).
    pub query_urls: &'static [&'static str],
    /// Whether the observer asks for request bodies.
    pub bodies: bool,
    /// Whether the observer decides (Firefox's blocking listener) or only watches.
    pub blocking: bool,
    /// Resource types whose blocks by the rules are counted from the error event when the
    /// request was not observed before it.
    pub blocked: &'static [&'static str],
    /// The error the browser reports for a request its rules blocked.
    pub blocked_error: &'static str,
}

/// Types that are sends by nature: what they carry is the page's, or the person's. (Chrome's
/// filter refuses a type it does not know, failing the whole registration.)
const SENDS: &[&str] = &[
    "main_frame",
    "sub_frame",
    "xmlhttprequest",
    "ping",
    "websocket",
    "webbundle",
    "object",
    "csp_report",
    "other",
];

/// Resource fetches: what they carry is in their URL's query, when anything.
const RESOURCES: &[&str] = &["script", "image", "stylesheet", "font", "media"];

/// Chrome's plan: sends always, resources with a query, the rules' other blocks from the
/// error event. Bodies are still asked for: a send's body is checked for typed values (the
/// hook's question about it is answered before it leaves, not checked for a leak), and
/// workers send without the hook.
pub const CHROME: ObservePlan = ObservePlan {
    every: Some(SENDS),
    with_query: RESOURCES,
    query_urls: &["*://*/*?*"],
    bodies: true,
    blocking: false,
    blocked: RESOURCES,
    blocked_error: "net::ERR_BLOCKED_BY_CLIENT",
};

/// Firefox's plan: every request, with its body, decided in the listener.
pub const FIREFOX: ObservePlan = ObservePlan {
    every: None,
    with_query: &[],
    query_urls: &[],
    bodies: true,
    blocking: true,
    blocked: &[],
    blocked_error: "",
};

/// Both plans, by browser, as the background reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plans {
    /// [`CHROME`].
    pub chrome: ObservePlan,
    /// [`FIREFOX`].
    pub firefox: ObservePlan,
}

/// Both plans.
pub fn plans() -> Plans {
    Plans {
        chrome: CHROME,
        firefox: FIREFOX,
    }
}

/// The JSON the background imports (`extension/background/observe-plan.json`).
pub fn plans_json() -> String {
    // Plain data of static strings and booleans: serialising it cannot fail.
    let mut s = serde_json::to_string_pretty(&plans()).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "extension/background/observe-plan.json";

    /// The background's copy is this module's plan: regenerate it with
    /// `KEYVEIL_WRITE_OBSERVE_PLAN=1 cargo test --lib observe_types`.
    #[test]
    fn the_background_reads_this_plan() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
        if std::env::var_os("KEYVEIL_WRITE_OBSERVE_PLAN").is_some() {
            std::fs::write(&path, plans_json()).expect("write the plan");
        }
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            file,
            plans_json(),
            "{FILE} differs from src/policy/observe_types.rs: run KEYVEIL_WRITE_OBSERVE_PLAN=1 cargo test --lib observe_types"
        );
    }

    /// A type Chrome observes only with a query must be counted when the rules block it
    /// without one, and no type may be left out of both the sends and the resources.
    #[test]
    fn every_chrome_type_is_seen_or_its_blocks_counted() {
        for t in CHROME.with_query {
            assert!(
                CHROME.blocked.contains(t),
                "{t}: its blocks would go uncounted"
            );
        }
        let all = [
            "main_frame",
            "sub_frame",
            "stylesheet",
            "script",
            "image",
            "font",
            "object",
            "xmlhttprequest",
            "ping",
            "csp_report",
            "media",
            "websocket",
            "webbundle",
            "other",
        ];
        for t in all {
            let every = CHROME.every.unwrap_or(&[]).contains(&t);
            assert!(
                every != CHROME.with_query.contains(&t),
                "{t}: observed both ways or neither"
            );
        }
    }

    /// Firefox decides in its listener: it sees every request with its body.
    #[test]
    fn firefox_sees_everything() {
        let plan = plans().firefox;
        assert_eq!(plan.every, None);
        assert!(plan.bodies && plan.blocking);
        assert!(plan.with_query.is_empty());
    }
}
