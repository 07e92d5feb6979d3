//! The one object the extension and the CLI talk to: loaded rules and the classifiers behind them.

use crate::{leak, policy, request, script};

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
#[derive(Debug, Clone)]
pub struct Engine {
    requests: request::Classifier,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// An engine with KeyVeil's built-in rules.
    pub fn new() -> Self {
        Self {
            requests: request::Classifier::builtin(),
        }
    }

    /// The verdict on one network request.
    pub fn classify_request(
        &self,
        req: &request::Request<'_>,
    ) -> Result<request::Verdict, request::Error> {
        self.requests.classify(req)
    }

    /// The verdict on one script, from its URL (if any) and source.
    pub fn classify_script(&self, url: Option<&str>, source: &[u8]) -> script::Verdict {
        script::classify(url, source)
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
}
