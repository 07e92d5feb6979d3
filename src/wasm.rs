//! The one wasm-bindgen surface: an opaque [`Engine`] handle, plain objects in and out.
//!
//! JavaScript passes strings and plain objects; they are parsed into Rust types here and every
//! failure comes back as a `JsError` with a message. Nothing in this file decides anything.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::request::Request;

#[wasm_bindgen(start)]
fn start() {
    // Panics become readable console errors instead of `unreachable` traps.
    console_error_panic_hook::set_once();
}

/// Serialises results as plain JSON-compatible objects (no `Map`), so they can go straight
/// into `chrome.storage` and `postMessage`.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert result: {e}")))
}

/// A request as the extension describes it; mirrors [`Request`].
#[derive(Deserialize)]
struct RequestIn {
    url: String,
    #[serde(rename = "type", default)]
    resource_type: Option<String>,
    #[serde(default)]
    initiator: Option<String>,
    #[serde(default)]
    method: Option<String>,
    /// A text body; binary bodies come through the separate `body` argument.
    #[serde(default)]
    body: Option<String>,
}

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

    /// The verdict on one request: `{url, type?, initiator?, method?, body?}`, with an optional
    /// binary body (`Uint8Array`) that takes precedence over a text `body`.
    #[wasm_bindgen(js_name = classifyRequest)]
    pub fn classify_request(
        &self,
        request: JsValue,
        body_bytes: Option<Vec<u8>>,
    ) -> Result<JsValue, JsError> {
        let r: RequestIn = serde_wasm_bindgen::from_value(request)
            .map_err(|e| JsError::new(&format!("bad request object: {e}")))?;
        let body = body_bytes
            .as_deref()
            .or_else(|| r.body.as_deref().map(str::as_bytes));
        let req = Request {
            url: &r.url,
            resource_type: r.resource_type.as_deref(),
            initiator: r.initiator.as_deref(),
            method: r.method.as_deref(),
            body,
        };
        let verdict = self
            .inner
            .classify_request(&req)
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&verdict)
    }

    /// The verdict on one script from its URL (may be empty for inline scripts) and source.
    #[wasm_bindgen(js_name = classifyScript)]
    pub fn classify_script(&self, url: Option<String>, source: &str) -> Result<JsValue, JsError> {
        let verdict = self
            .inner
            .classify_script(url.as_deref().filter(|u| !u.is_empty()), source.as_bytes());
        to_js(&verdict)
    }

    /// Reads filter-list text: `{list: {entries}, problems: [{line, text, fate, reason, detail}],
    /// summary: {lines, accepted, filters, ignored, rejected}}`. Never throws for bad lines:
    /// they are in `problems`.
    #[wasm_bindgen(js_name = parseList)]
    pub fn parse_list(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.parse_list(text))
    }

    /// The built-in list in canonical filter syntax (loads unchanged in uBlock Origin).
    #[wasm_bindgen(js_name = exportList)]
    pub fn export_list(&self) -> String {
        self.inner.export_list()
    }

    /// DNR rules for the built-in list under the user's overrides (JSON string, may be empty;
    /// shape in `lists::dnr`): `{rules: [...], unsupported: [{filter, reason}], skipped: [...]}`.
    #[wasm_bindgen(js_name = compileDnr)]
    pub fn compile_dnr(&self, overrides_json: &str) -> Result<JsValue, JsError> {
        let compiled = self
            .inner
            .compile_dnr(overrides_json)
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&compiled)
    }

    /// Approximate heap bytes of the compiled request rules.
    #[wasm_bindgen(js_name = heapBytes)]
    pub fn heap_bytes(&self) -> usize {
        self.inner.heap_bytes()
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}
