//! The one object the extension and the CLI talk to: loaded rules and the classifiers behind them.

use crate::{leak, lists, observe, policy, request, script};
use std::sync::OnceLock;

/// KeyVeil's engine: the built-in rules, loaded once, and every decision made from them.
///
/// ```
/// use keyveil::{Engine, request::Request};
/// let engine = Engine::new();
/// let v = engine
///     .classify_request(&Request { url: "https://in.hotjar.com/api/v2/client", ..Default::default() })
///     .unwrap();
/// assert!(v.class.records_input());
/// ```
///
/// The rules are read and indexed on first use, not when the engine is made: a woken service
/// worker makes an engine before its first message, and most messages (the popup's, the
/// dashboard's, `engine.version`) need no rule, while the extension replaces the rules with
/// [`Engine::set_extra_lists`] right after a wake anyway.
#[derive(Debug, Clone, Default)]
pub struct Engine {
    rules: OnceLock<Rules>,
}

/// The compiled form of the engine's list, and what it was read from.
///
/// The parsed [`lists::List`] (a `Filter` with its strings per line, comments kept) takes several
/// times the heap of the matcher's packed form, and only exporting and compiling DNR rules need
/// it: it is dropped after compiling and read again from the texts on first such use. Firefox,
/// which enforces through the matcher, never pays for it.
#[derive(Debug, Clone)]
struct Rules {
    requests: request::Classifier,
    /// The extra lists' texts (`set_extra_lists`); empty for the built-in list alone.
    extras: Vec<Box<str>>,
    list: OnceLock<lists::List>,
}

impl Rules {
    fn new(list: lists::List, extras: Vec<Box<str>>) -> Self {
        Self {
            requests: request::Classifier::from_list(&list),
            extras,
            list: OnceLock::new(),
        }
    }

    /// The parsed list, read again from the texts on first use.
    fn list(&self) -> &lists::List {
        self.list.get_or_init(|| {
            let texts: Vec<&str> = self.extras.iter().map(|t| &**t).collect();
            lists::user::extend(&lists::builtin::list(), &texts).0
        })
    }
}

impl Engine {
    /// An engine with KeyVeil's built-in rules (read on first use).
    pub fn new() -> Self {
        Self::default()
    }

    /// The rules in force: the built-in list unless extra lists were set.
    fn rules(&self) -> &Rules {
        self.rules
            .get_or_init(|| Rules::new(lists::builtin::list(), Vec::new()))
    }

    /// The verdict on one network request.
    pub fn classify_request(
        &self,
        req: &request::Request<'_>,
    ) -> Result<request::Verdict, request::Error> {
        self.rules().requests.classify(req)
    }

    /// The hot-path decision on one request: block or not and the class, no verdict built
    /// ([`request::flat`]); `initiator` is the page or frame URL.
    pub fn match_request(
        &self,
        url: &str,
        initiator: Option<&str>,
        resource_type: Option<&str>,
        method: Option<&str>,
    ) -> Result<request::flat::Quick, request::Error> {
        self.rules()
            .requests
            .quick(url, initiator, resource_type, method)
    }

    /// Filters the request matcher applies.
    pub fn rule_count(&self) -> usize {
        self.rules().requests.rules()
    }

    /// A filter [`Engine::match_request`] matched (an id from its hits), in filter syntax, with
    /// its vendor if the list names one.
    pub fn matched_rule(&self, id: u32) -> Option<(String, Option<String>)> {
        self.rules().requests.rule(id)
    }

    /// The one decision on a payload the page hook holds before it leaves ([`crate::sink`]).
    pub fn decide_send(
        &self,
        settings: &policy::Settings,
        site: &str,
        req: &request::Request<'_>,
        context: &crate::sink::Context,
        substitute: &dyn Fn(&str) -> String,
    ) -> crate::sink::SendDecision {
        crate::sink::decide_send(
            &self.rules().requests,
            settings,
            site,
            req,
            context,
            substitute,
        )
    }

    /// The verdict on one script, from its URL (if any) and source.
    pub fn classify_script(&self, url: Option<&str>, source: &[u8]) -> script::Verdict {
        script::classify(url, source)
    }

    /// Reads filter-list text and accounts for every line (accepted, ignored, rejected).
    pub fn parse_list(&self, text: &str) -> lists::Report {
        lists::parse(text)
    }

    /// The engine's list in canonical filter syntax: loads unchanged in uBlock Origin.
    pub fn export_list(&self) -> String {
        lists::print(self.rules().list())
    }

    /// The engine's list compiled to declarativeNetRequest rules under the user's overrides
    /// (JSON as documented in [`lists::dnr`]; empty for none), `||host^` rules merged
    /// ([`lists::dnr::compile_merged`]).
    pub fn compile_dnr(
        &self,
        overrides_json: &str,
    ) -> Result<lists::dnr::Compiled, lists::dnr::Error> {
        let overrides = lists::dnr::Overrides::from_json(overrides_json)?;
        Ok(lists::dnr::compile_merged(self.rules().list(), &overrides))
    }

    /// Approximate heap bytes held by the rules: the compiled matcher and the extra lists' texts
    /// (kept to read the list again for export and DNR; the parsed list, once read, is not
    /// counted).
    pub fn heap_bytes(&self) -> usize {
        let r = self.rules();
        r.requests.heap_bytes() + r.extras.iter().map(|t| t.len()).sum::<usize>()
    }

    /// A leak probe for the values typed on one page (see [`leak::LeakProbe`]).
    pub fn leak_probe(&self, values: &[leak::TypedValue]) -> Result<leak::LeakProbe, leak::Error> {
        leak::LeakProbe::new(values)
    }

    /// What the hook on a page of `site` applies, given the scripts with a verdict there.
    pub fn page_policy(
        &self,
        settings: &policy::Settings,
        site: &str,
        scripts: &[policy::ScriptVerdict],
    ) -> policy::PagePolicy {
        policy::PagePolicy::new(settings, site, scripts)
    }

    /// Chrome's DNR rules under the person's settings, per site ([`lists::dnr::compile_for`]):
    /// the built-in list's static rules to turn off and the dynamic rules beside them
    /// ([`lists::chrome`]).
    pub fn compile_dnr_for(&self, settings: &policy::Settings) -> lists::chrome::Split {
        // The engine's list always starts with the built-in list (`set_extra_lists`).
        let builtin = lists::builtin::list().entries.len();
        lists::chrome::compile(self.rules().list(), builtin, settings)
    }

    /// The report event for a payload carrying a typed value, if it is a leak
    /// ([`observe::leak_event`]).
    pub fn leak_event(
        &self,
        values: &[leak::TypedValue],
        url: &str,
        body: Option<&[u8]>,
        page_url: &str,
    ) -> Option<crate::report::Event> {
        observe::leak_event(&self.rules().requests, values, url, body, page_url)
    }
}

/// The person's own rules and subscribed lists (the dashboard's Lists page).
impl Engine {
    /// Replaces the extra lists (the person's rules, then each subscription) that request
    /// verdicts and DNR rules use besides the built-in list; returns each one's line counts.
    pub fn set_extra_lists(&mut self, texts: &[&str]) -> Vec<lists::Summary> {
        let (list, summaries) = lists::user::extend(&lists::builtin::list(), texts);
        let extras = texts.iter().map(|t| Box::from(*t)).collect();
        self.rules = OnceLock::from(Rules::new(list, extras));
        summaries
    }
}

#[cfg(test)]
mod extra_list_tests {
    use super::*;

    #[test]
    fn rules_are_read_on_first_use_not_when_the_engine_is_made() {
        let engine = Engine::new();
        // What a woken worker pays before its first answer: no list read, no index built.
        assert!(engine.rules.get().is_none());
        let req = request::Request {
            url: "https://in.hotjar.com/api/v2/client",
            ..Default::default()
        };
        assert!(engine
            .classify_request(&req)
            .is_ok_and(|v| v.class.records_input()));
        assert!(engine.rules.get().is_some());
        assert!(engine.heap_bytes() > 0);
        assert_eq!(engine.export_list(), lists::print(&lists::builtin::list()));
    }

    #[test]
    fn extra_lists_change_verdicts_and_can_be_taken_back() {
        let mut engine = Engine::new();
        let req = request::Request {
            url: "https://rec.mine.example/collect",
            resource_type: Some("xmlhttprequest"),
            ..Default::default()
        };
        assert_eq!(
            engine.classify_request(&req).map(|v| v.class).ok(),
            Some(crate::Class::None)
        );
        let sums = engine.set_extra_lists(&[
            "! keyveil: class=session-replay; vendor=Mine\n||rec.mine.example^\nbad line here\n",
        ]);
        assert_eq!((sums[0].filters, sums[0].rejected), (1, 1));
        let v = engine.classify_request(&req).ok();
        assert_eq!(
            v.as_ref().map(|v| v.class),
            Some(crate::Class::SessionReplay)
        );
        assert_eq!(v.and_then(|v| v.vendor).as_deref(), Some("Mine"));
        let dnr = engine.compile_dnr_for(&policy::Settings::default());
        assert!(serde_json::to_string(&dnr.dynamic.rules)
            .unwrap_or_default()
            .contains("rec.mine.example"));
        engine.set_extra_lists(&[]);
        assert_eq!(
            engine.classify_request(&req).map(|v| v.class).ok(),
            Some(crate::Class::None)
        );
    }
}
