//! The one wasm-bindgen surface: an opaque [`Engine`] handle, plain objects in and out.
//!
//! JavaScript passes strings and plain objects; they are parsed into Rust types here and every
//! failure comes back as a `JsError` with a message. Nothing in this file decides anything.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    // Panics become readable console errors instead of `unreachable` traps.
    console_error_panic_hook::set_once();
}

/// A request as the extension describes it: the one input type the CLI and the tests read too.
use crate::request::RequestInput as RequestIn;

/// KeyVeil's engine, as the extension sees it.
///
/// ```js
/// import init, { Engine } from './keyveil.js';
/// await init();
/// const engine = new Engine();
/// engine.classifyRequest({ url: 'https://in.hotjar.com/api/v2/client', type: 'xmlhttprequest' });
/// // -> { class: 'session-replay', vendor: 'Hotjar', confidence, evidence: [...], first_party }
/// ```
#[wasm_bindgen]
pub struct Engine {
    inner: crate::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// Loads the built-in rules.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine {
            inner: crate::Engine::new(),
        }
    }

    /// The core's version.
    pub fn version(&self) -> String {
        crate::VERSION.to_string()
    }

    /// JS: `engine.bootPolicy() -> {input_events, timed_events, pending: 'hold',
    /// pending_targets, pending_inline, hold_ms}`: what the page hook knows before the
    /// background's first answer (built into the hook by `build.sh`).
    #[wasm_bindgen(js_name = bootPolicy)]
    pub fn boot_policy(&self) -> Result<JsValue, JsError> {
        json_to_js(&crate::policy::page::BootPolicy::new())
    }

    /// The verdict on one request: `{url, type?, initiator?, method?, body?}`, with an optional
    /// binary body (`Uint8Array`) that takes precedence over a text `body`.
    #[wasm_bindgen(js_name = classifyRequest)]
    pub fn classify_request(
        &self,
        request: JsValue,
        body_bytes: Option<Vec<u8>>,
    ) -> Result<JsValue, JsError> {
        let r: RequestIn = from_js(&request, "bad request object")?;
        let req = r.request(body_bytes.as_deref());
        let verdict = self
            .inner
            .classify_request(&req)
            .map_err(|e| JsError::new(&e.to_string()))?;
        json_to_js(&verdict)
    }

    /// JS: `engine.decideSend(settings, site: string, request: {url, type?, initiator?, method?,
    /// body?}, body: Uint8Array | undefined, context: {sender?: {class, vendor?}, heard?:
    /// InputKind[], typed?: string[]}, noise: Noise) -> {action, class, vendor, found_by,
    /// verdict, event, evidence, withhold, replacement}`: what the hook does with a payload it
    /// holds (`withhold`: send nothing; `replacement`: send this text instead).
    #[wasm_bindgen(js_name = decideSend)]
    pub fn decide_send(
        &self,
        settings: JsValue,
        site: &str,
        request: JsValue,
        body_bytes: Option<Vec<u8>>,
        context: JsValue,
        noise: &Noise,
    ) -> Result<JsValue, JsError> {
        let s = settings_from(&settings)?;
        let r: RequestIn = from_js(&request, "bad request object")?;
        let context: crate::sink::Context = if context.is_undefined() || context.is_null() {
            crate::sink::Context::default()
        } else {
            from_js(&context, "bad send context")?
        };
        let req = r.request(body_bytes.as_deref());
        let substitute = |t: &str| noise.inner.substitute(t);
        json_to_js(
            &self
                .inner
                .decide_send(&s, site, &req, &context, &substitute),
        )
    }

    /// The verdict on one script from its URL (may be empty for inline scripts) and source.
    #[wasm_bindgen(js_name = classifyScript)]
    pub fn classify_script(&self, url: Option<String>, source: &str) -> Result<JsValue, JsError> {
        let verdict = self
            .inner
            .classify_script(url.as_deref().filter(|u| !u.is_empty()), source.as_bytes());
        json_to_js(&verdict)
    }

    // ---- Leak proof, noise, policy, report ----

    /// JS: `engine.newNoise(seed: Uint8Array)` with at least 16 bytes from
    /// `crypto.getRandomValues`; returns a `Noise`, one per page, never reused.
    #[wasm_bindgen(js_name = newNoise)]
    pub fn new_noise(&self, seed: &[u8]) -> Result<Noise, JsError> {
        Ok(Noise {
            inner: crate::noise::Noise::new(seed).map_err(err)?,
        })
    }

    /// JS: `engine.scrubPixel(payload: string, kind: 'url' | 'form')
    /// -> {payload: string, stripped: string[]}`: identity fields removed, all else byte-identical.
    #[wasm_bindgen(js_name = scrubPixel)]
    pub fn scrub_pixel(&self, payload: &str, kind: &str) -> Result<JsValue, JsError> {
        let scrubbed = match kind {
            "url" => crate::noise::scrub_url(payload),
            "form" => crate::noise::scrub_form(payload),
            other => {
                return Err(JsError::new(&format!(
                    "unknown payload kind {other:?} (expected url or form)"
                )))
            }
        };
        json_to_js(&scrubbed)
    }

    /// JS: `engine.settingsDefault() -> Settings` (the v1 object to store).
    #[wasm_bindgen(js_name = settingsDefault)]
    pub fn settings_default(&self) -> Result<JsValue, JsError> {
        json_to_js(&crate::policy::Settings::default())
    }

    /// JS: `engine.settingsMigrate(stored: string | object) -> Settings`; throws on a newer
    /// version or a bad field (the message says which), so nothing newer is overwritten.
    #[wasm_bindgen(js_name = settingsMigrate)]
    pub fn settings_migrate(&self, stored: JsValue) -> Result<JsValue, JsError> {
        json_to_js(&settings_from(&stored)?)
    }

    /// JS: `engine.settingsRepair(stored: string | object) -> {settings, dropped: string[]}`:
    /// the stored settings with only the entries that do not read dropped (and named); throws
    /// for settings of a newer version or text that is not a JSON object.
    #[wasm_bindgen(js_name = settingsRepair)]
    pub fn settings_repair(&self, stored: JsValue) -> Result<JsValue, JsError> {
        json_to_js(&crate::policy::repair(&settings_text(&stored)?).map_err(err)?)
    }

    /// JS: `engine.settingsApply(settings, change: {op: 'site-vendor', site, vendor, action}
    /// | {op: 'site-class', site, class, action} | {op: 'vendor', vendor, action}
    /// | {op: 'class', class, action} | {op: 'pause', site, paused} | {op: 'retention', days})
    /// -> {settings: Settings, reload_needed: boolean}`; `action`/`paused` null removes the override.
    #[wasm_bindgen(js_name = settingsApply)]
    pub fn settings_apply(&self, settings: JsValue, change: JsValue) -> Result<JsValue, JsError> {
        let mut s = settings_from(&settings)?;
        let change: crate::policy::Change = from_js(&change, "bad settings change")?;
        let outcome = s.apply(change).map_err(err)?;
        #[derive(Serialize)]
        struct Applied {
            settings: crate::policy::Settings,
            reload_needed: bool,
        }
        json_to_js(&Applied {
            settings: s,
            reload_needed: outcome.reload_needed,
        })
    }

    /// JS: `engine.decide(settings, site: string, class: string, vendor?: string)
    /// -> {action: 'block'|'fuzz'|'allow', source: 'paused'|'site-vendor'|'site-class'|'vendor'|'class'|'builtin'|'list-rule'}`.
    pub fn decide(
        &self,
        settings: JsValue,
        site: &str,
        class: &str,
        vendor: Option<String>,
    ) -> Result<JsValue, JsError> {
        let s = settings_from(&settings)?;
        let class: crate::Class = class.parse().map_err(err)?;
        json_to_js(&s.decide(site, class, vendor.as_deref().filter(|v| !v.is_empty())))
    }

    /// JS: `engine.decideRequest(settings, site: string, verdict) -> {action, source}`: the
    /// action for a request from its verdict (`classifyRequest`): by class, or, for a request
    /// of no class a list's block filter names, `block` (source `list-rule`) unless paused.
    #[wasm_bindgen(js_name = decideRequest)]
    pub fn decide_request(
        &self,
        settings: JsValue,
        site: &str,
        verdict: JsValue,
    ) -> Result<JsValue, JsError> {
        let s = settings_from(&settings)?;
        let v: crate::request::Verdict = from_js(&verdict, "bad verdict")?;
        json_to_js(&s.decide_request(site, &v))
    }

    /// JS: `engine.policyFor(settings, site: string, scripts: {url, class, vendor?}[])
    /// -> {site, paused, scripts: {[url]: action}, unknown: action, classes: {[class]: action},
    /// strip_params: string[]}`. The hook does `scripts[url] ?? unknown`.
    #[wasm_bindgen(js_name = policyFor)]
    pub fn policy_for(
        &self,
        settings: JsValue,
        site: &str,
        scripts: JsValue,
    ) -> Result<JsValue, JsError> {
        let s = settings_from(&settings)?;
        let scripts: Vec<crate::policy::ScriptVerdict> =
            if scripts.is_undefined() || scripts.is_null() {
                Vec::new()
            } else {
                from_js(&scripts, "bad script verdicts")?
            };
        json_to_js(&self.inner.page_policy(&s, site, &scripts))
    }

    /// JS: `engine.reportLoad(stored?: string) -> Report` from `chrome.storage.local`; a corrupt
    /// site record is left out and listed by `report.dropped()`; throws only for a report of a
    /// newer version (do not overwrite it).
    #[wasm_bindgen(js_name = reportLoad)]
    pub fn report_load(&self, stored: Option<String>) -> Result<Report, JsError> {
        let Some(json) = stored.filter(|s| !s.is_empty()) else {
            return Ok(Report::from(crate::report::Loaded {
                report: crate::report::Report::new(),
                dropped: vec![],
            }));
        };
        Ok(Report::from(
            crate::report::Report::load(&json).map_err(err)?,
        ))
    }
}

/// One tab's own small report (the events of its current page) and the popup's view of it.
#[wasm_bindgen]
impl Engine {
    /// JS: `engine.tabMerge(stored?: string, events: Event[]) -> string`: the tab's report
    /// (kept as JSON in `storage.session`, so a stopped worker loses nothing) with `events`
    /// merged in, idempotently by event id as in `report.merge`.
    #[wasm_bindgen(js_name = tabMerge)]
    pub fn tab_merge(&self, stored: Option<String>, events: JsValue) -> Result<String, JsError> {
        let events: Vec<crate::report::Event> = from_js(&events, "bad report events")?;
        let mut report = tab_report(stored)?;
        report.merge(&events);
        Ok(report.to_json())
    }

    /// JS: `engine.tabView(stored: string | undefined, site: string, settings) -> {site,
    /// paused, trackers: {key, vendor, host, class, first_party, inputs, found_by,
    /// blocked_requests, fuzzed_events, stripped_fields, allowed_requests, leaks,
    /// mode: {action, source}, switch: 'site-vendor'|'site-class'}[], recorders, worst_class,
    /// leaks, ai_optout: {owner, links: {kind: 'privacy-center'|'objection-form', url}[]} |
    /// null}`: what the popup draws and the badge counts.
    #[wasm_bindgen(js_name = tabView)]
    pub fn tab_view(
        &self,
        stored: Option<String>,
        site: &str,
        settings: JsValue,
    ) -> Result<JsValue, JsError> {
        let settings = settings_from(&settings)?;
        json_to_js(&crate::report::TabView::new(
            &tab_report(stored)?,
            site,
            &settings,
        ))
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

/// Results as plain objects (no `Map`, so they go straight into `chrome.storage` and
/// `postMessage`) through `serde_json` and `JSON.parse`: the boundary's one serialiser. The
/// report and settings types serialise through `serde_json` for storage and export anyway;
/// a second serialiser (`serde-wasm-bindgen`) for some results made the module 10 KB bigger,
/// and for all of them 28 KB bigger.
fn json_to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("cannot convert result: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("cannot convert result"))
}

/// Arguments through `JSON.stringify` and `serde_json`, for the reason given at
/// [`json_to_js`]: one deserialiser per type in the Wasm, not two.
fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| JsError::new(&format!("{what}: not JSON-compatible")))?;
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// Any typed error, as a `JsError` with its message.
fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Settings from what JavaScript holds: the stored JSON text or the object itself. Objects go
/// through `JSON.stringify` so numbers arrive as JSON numbers, exactly as stored.
fn settings_from(value: &JsValue) -> Result<crate::policy::Settings, JsError> {
    crate::policy::migrate(&settings_text(value)?).map_err(err)
}

/// The settings' JSON text, from the stored string or the object itself.
fn settings_text(value: &JsValue) -> Result<String, JsError> {
    match value.as_string() {
        Some(s) => Ok(s),
        None => js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| JsError::new("settings must be a JSON string or a plain object")),
    }
}

/// A tab's own report from its stored JSON (`undefined` or empty: a new one).
fn tab_report(stored: Option<String>) -> Result<crate::report::Report, JsError> {
    match stored.filter(|s| !s.is_empty()) {
        Some(json) => Ok(crate::report::Report::load(&json).map_err(err)?.report),
        None => Ok(crate::report::Report::new()),
    }
}

/// Milliseconds from JavaScript (`Date.now()`) as the core's integer time.
fn ms(value: f64) -> Result<u64, JsError> {
    if value.is_finite() && value >= 0.0 && value <= crate::report::day::MAX_TS_MS as f64 {
        Ok(value as u64)
    } else {
        // No number in the message: formatting an f64 pulls kilobytes of code into the Wasm.
        Err(JsError::new("not a time in Unix milliseconds (Date.now())"))
    }
}

/// One page's noise.
#[wasm_bindgen]
pub struct Noise {
    inner: crate::noise::Noise,
}

#[wasm_bindgen]
impl Noise {
    /// JS: `noise.table() -> {from: string, to: string, codes: {[code]: {code, key_code}}}`.
    /// The hook's whole key logic: `i = from.indexOf(e.key)`; if `i < 0` deliver the event's
    /// key, code and keyCode unchanged; else `key = to[i]`, `{code, key_code} = codes[e.code]`
    /// (unchanged if absent), `charCode = key.codePointAt(0)`. A field value read by a fuzzed
    /// listener: each character `c` becomes `to[from.indexOf(c)]`, or stays if absent.
    pub fn table(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.table())
    }

    /// JS: `noise.cadence() -> {max_delay_ms: number, codes: string[], down_ms: number[],
    /// up_ms: number[]}`: the page's key-event release schedule (docs/keystroke-noise.md);
    /// the same on every call for this page.
    pub fn cadence(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.cadence_plan())
    }

    /// JS: `noise.pointer(n: number) -> Int32Array` of `[dx0, dy0, dx1, dy1, …]`.
    pub fn pointer(&mut self, n: usize) -> Result<Vec<i32>, JsError> {
        self.inner.pointer_batch(n).map_err(err)
    }
}

/// The report, held in Wasm memory between events; persisted with `toJson()`.
#[wasm_bindgen]
pub struct Report {
    inner: crate::report::Report,
    dropped: Vec<crate::report::Dropped>,
}

impl From<crate::report::Loaded> for Report {
    fn from(l: crate::report::Loaded) -> Self {
        Report {
            inner: l.report,
            dropped: l.dropped,
        }
    }
}

#[wasm_bindgen]
impl Report {
    /// JS: `report.dropped() -> {site: string | null, reason: string}[]` left out when loading.
    pub fn dropped(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.dropped)
    }

    /// JS: `report.merge(events: {id?, ts, site, vendor?, host?, class?, first_party?, inputs?,
    /// found_by?, blocked?, fuzzed?, stripped?, allowed?, leaks?: {field, encoding}[]}[])
    /// -> {merged, duplicates, ignored, rejected: string[], pruned: boolean}`.
    pub fn merge(&mut self, events: JsValue) -> Result<JsValue, JsError> {
        let events: Vec<crate::report::Event> = from_js(&events, "bad report events")?;
        json_to_js(&self.inner.merge(&events))
    }

    /// JS: `report.toJson() -> string` for `chrome.storage.local`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// JS: `report.export(format: 'json' | 'csv', nowMs: number) -> string` (docs/report-schema.md).
    pub fn export(&self, format: &str, now_ms: f64) -> Result<String, JsError> {
        match format {
            "json" => Ok(self.inner.export_json(ms(now_ms)?)),
            "csv" => Ok(self.inner.export_csv()),
            other => Err(err(crate::report::Error::UnknownFormat(other.to_string()))),
        }
    }

    /// JS: `report.clearAll()`.
    #[wasm_bindgen(js_name = clearAll)]
    pub fn clear_all(&mut self) {
        self.inner.clear_all();
    }

    /// JS: `report.clearSite(site: string) -> boolean` (true if it was there).
    #[wasm_bindgen(js_name = clearSite)]
    pub fn clear_site(&mut self, site: &str) -> bool {
        self.inner.clear_site(site)
    }

    /// JS: `report.pruneOlderThan(nowMs: number, days: number)
    /// -> {sites, trackers, day_entries, leaks}` removed.
    #[wasm_bindgen(js_name = pruneOlderThan)]
    pub fn prune_older_than(&mut self, now_ms: f64, days: u32) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.prune_older_than(ms(now_ms)?, days))
    }

    /// JS: `report.chart() -> {day, met, blocked, fuzzed, blocked_requests, fuzzed_events,
    /// stripped_fields}[]`, oldest day first.
    pub fn chart(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.chart())
    }

    /// JS: `report.summaries() -> {site, trackers, worst_class, inputs, first_seen, last_seen,
    /// blocked_requests, fuzzed_events, stripped_fields, leaks}[]`, most recent first.
    pub fn summaries(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.summaries())
    }

    /// JS: `report.site(site: string) -> SiteRecord | null` for the popup.
    pub fn site(&self, site: &str) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.site(site))
    }

    /// JS: `report.vendorSites(vendor: string) -> {site, tracker: TrackerRecord}[]`.
    #[wasm_bindgen(js_name = vendorSites)]
    pub fn vendor_sites(&self, vendor: &str) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.vendor_sites(vendor))
    }

    /// JS: `report.pruned() -> {sites, trackers, day_entries, leaks, last_at?}`; any non-zero
    /// count means the caps trimmed history.
    pub fn pruned(&self) -> Result<JsValue, JsError> {
        json_to_js(&self.inner.pruned)
    }
}

/// Observations from the browser turned into report events and rules: the decisions the
/// background would otherwise have to make itself.
#[wasm_bindgen]
impl Engine {
    /// JS: `engine.inputKinds(events: string[]) -> string[]`: the kinds of input
    /// (`keys`, `key-timing`, `pointer`, `scroll`, `form-values`) a script listening to these
    /// DOM events can record.
    #[wasm_bindgen(js_name = inputKinds)]
    pub fn input_kinds(&self, events: Vec<String>) -> Result<JsValue, JsError> {
        json_to_js(&crate::observe::input_kinds(
            events.iter().map(String::as_str),
        ))
    }

    /// JS: `engine.classifyNow(listeners: {event, target, capture}[]) -> boolean`: whether a
    /// script with these listeners is classified during the page's load, or after it
    /// ([`crate::observe::classify_now`]).
    #[wasm_bindgen(js_name = classifyNow)]
    pub fn classify_now(&self, listeners: JsValue) -> Result<bool, JsError> {
        let listeners: Vec<crate::observe::Listener> = from_js(&listeners, "bad listeners")?;
        Ok(crate::observe::classify_now(&listeners))
    }

    /// JS: `engine.requestEvent(verdict: Verdict (from classifyRequest), url: string, site: string,
    /// action: 'block'|'fuzz'|'allow') -> Event` for `report.merge`.
    #[wasm_bindgen(js_name = requestEvent)]
    pub fn request_event(
        &self,
        verdict: JsValue,
        url: &str,
        site: &str,
        action: &str,
    ) -> Result<JsValue, JsError> {
        let verdict: crate::request::Verdict = from_js(&verdict, "bad verdict")?;
        let action: crate::policy::Action = from_js(&JsValue::from_str(action), "bad action")?;
        json_to_js(&crate::observe::request_event(&verdict, url, site, action))
    }

    /// JS: `engine.enforcedByRules(verdict, decided: 'block'|'fuzz'|'allow') -> action`: what
    /// Chrome's DNR rules really do with the request (see `observe::enforced_by_rules`).
    #[wasm_bindgen(js_name = enforcedByRules)]
    pub fn enforced_by_rules(&self, verdict: JsValue, decided: &str) -> Result<String, JsError> {
        let verdict: crate::request::Verdict = from_js(&verdict, "bad verdict")?;
        let decided: crate::policy::Action = from_js(&JsValue::from_str(decided), "bad action")?;
        let action = crate::observe::enforced_by_rules(&verdict, decided);
        Ok(match action {
            crate::policy::Action::Block => "block",
            crate::policy::Action::Fuzz => "fuzz",
            crate::policy::Action::Allow => "allow",
        }
        .to_string())
    }

    /// JS: `engine.proveLeak(values: {field, value}[], url: string, body: Uint8Array | undefined,
    /// pageUrl: string) -> Event | null`: the report event when the payload carries a typed
    /// value to a tracker or another site; never the value itself.
    #[wasm_bindgen(js_name = proveLeak)]
    pub fn prove_leak(
        &self,
        values: JsValue,
        url: &str,
        body: Option<Vec<u8>>,
        page_url: &str,
    ) -> Result<JsValue, JsError> {
        let values: Vec<crate::leak::TypedValue> = from_js(&values, "bad typed values")?;
        match self
            .inner
            .leak_event(&values, url, body.as_deref(), page_url)
        {
            Some(event) => json_to_js(&event),
            None => Ok(JsValue::NULL),
        }
    }

    /// JS: `engine.scriptRecord(scriptUrl, page, listVerdict, scan?) -> {class, vendor, foundBy,
    /// evidence, score?, firstParty} | null`: the verdict record on a page script, from the
    /// list verdict on its URL (`classifyRequest({url, type: 'script'})`) and, when no rule
    /// named it, from the scan of its source (`classifyScript`; `null` asks for it). `page` is
    /// the page's URL or site: first party is decided per page, never kept with the script.
    #[wasm_bindgen(js_name = scriptRecord)]
    pub fn script_record(
        &self,
        script_url: &str,
        page: &str,
        list: JsValue,
        scan: JsValue,
    ) -> Result<JsValue, JsError> {
        let list: crate::script::record::ListHit = from_js(&list, "bad list verdict")?;
        let scan: Option<crate::script::record::SourceScan> =
            if scan.is_undefined() || scan.is_null() {
                None
            } else {
                Some(from_js(&scan, "bad script verdict")?)
            };
        match crate::script::record::script_record(script_url, page, &list, scan.as_ref()) {
            Some(r) => json_to_js(&r),
            None => Ok(JsValue::NULL),
        }
    }

    /// JS: `engine.compileDnrFor(settings) -> {rules, unsupported: {filter, reason}[], skipped:
    /// {filter, reason}[], covered, staticRuleset, staticRules, disableStaticRuleIds,
    /// regexFilters: {[ruleId]: string[]}}`: Chrome's rules for the built-in list and the lists
    /// given to `setExtraLists`, under the person's settings. `rules` are the dynamic rules; the
    /// static ruleset's rules the settings no longer want are in `disableStaticRuleIds`
    /// (`lists::chrome::Split`).
    #[wasm_bindgen(js_name = compileDnrFor)]
    pub fn compile_dnr_for(&self, settings: JsValue) -> Result<JsValue, JsError> {
        let settings = settings_from(&settings)?;
        json_to_js(&self.inner.compile_dnr_for(&settings))
    }
}

/// The dashboard's Lists page: the built-in list's facts, line-by-line checks of the person's
/// rules and subscriptions, and the extra lists the engine decides with.
#[wasm_bindgen]
impl Engine {
    /// JS: `engine.listInfo(text: string) -> {title?, version?, expires_hours?, refresh_hours,
    /// summary: {lines, accepted, filters, ignored, rejected}, problems: {line, text,
    /// fate: 'ignored'|'rejected', reason, message}[]}`. Never throws for bad lines: they are
    /// in `problems`.
    #[wasm_bindgen(js_name = listInfo)]
    pub fn list_info(&self, text: &str) -> Result<JsValue, JsError> {
        json_to_js(&crate::lists::user::check(text))
    }

    /// JS: `engine.builtinList() -> string`: the built-in list exactly as shipped.
    #[wasm_bindgen(js_name = builtinList)]
    pub fn builtin_list(&self) -> String {
        crate::lists::builtin::TEXT.to_string()
    }

    /// JS: `engine.canonicalList(text: string) -> string`: the list in canonical filter syntax,
    /// unreadable lines left out, for sharing (uBlock Origin reads it).
    #[wasm_bindgen(js_name = canonicalList)]
    pub fn canonical_list(&self, text: &str) -> String {
        crate::lists::user::canonical(text)
    }

    /// JS: `engine.setExtraLists(texts: string[]) -> {lines, accepted, filters, ignored,
    /// rejected}[]`: the person's rules and subscribed lists, used from now on by
    /// `classifyRequest` and `compileDnrFor` besides the built-in list (`[]` removes them).
    #[wasm_bindgen(js_name = setExtraLists)]
    pub fn set_extra_lists(&mut self, texts: Vec<String>) -> Result<JsValue, JsError> {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        json_to_js(&self.inner.set_extra_lists(&texts))
    }
}
