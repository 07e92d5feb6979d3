//! Flat Wasm entry points for the per-request hot path: strings in, one small integer out.
//!
//! `Engine.classifyRequest` (src/wasm.rs) takes a request object and returns a verdict object;
//! converting both across the boundary costs more than the match itself, and a bad URL comes
//! back as a thrown `JsError`, which V8 makes expensive. Here the caller passes strings and gets
//! a `u32` code; the rule's text and vendor are fetched by a second call, only when the code says
//! something matched. Bad input is a code, never a throw; nothing here panics.
//!
//! ```js
//! const m = new FlatMatcher();                // the built-in list, read on first use
//! m.setExtraLists([userRules, easyPrivacy]);  // -> filters loaded
//! const code = m.matchRequest(url, initiatorUrl, type, method);
//! if ((code & 0xf) === FLAT_BLOCK) { ... m.matchedRule(), m.matchedVendor() ... }
//! ```
//!
//! The code of `matchRequest`:
//! - bits 0–3, the outcome: `0` allow (no blocking filter matched), `1` block, `2` a blocking
//!   filter matched but an exception lets the request through, `8` the URL does not parse,
//!   `9` a scheme other than http(s)/ws(s) (never blocked);
//! - bits 8–15, the class, as an index into `Class::ALL` (`0` session-replay, `1`
//!   keystroke-telemetry, `2` meta-pixel, `3` ad-pixel, `4` none): from the deciding filter's
//!   KeyVeil annotation or the Meta pixel's fields in the query, `4` when an exception applies.
//!
//! Arguments: `url` the request URL; `initiator` the URL of the page or frame that made it
//! (`""`, `null` or `undefined`: none, matched as third-party); `type` the browser's resource
//! type (`"script"`, `"xmlhttprequest"`, `sub_frame`…; empty: any); `method` the HTTP method
//! (empty: not known, so `$method=` filters do not apply). Each must be a string, `null` or
//! `undefined`: anything else is a bug in the caller, which wasm-bindgen's glue reports as a
//! `TypeError` before the core is reached.
//!
//! The decision is the one `classifyRequest` reaches from the same URL (list rules and the
//! URL's own signatures; a body is never looked at here). `matchedRule` / `exceptionRule` /
//! `matchedVendor` describe the last `matchRequest` call on the same object.
//!
//! This object holds its own engine: one that also answers `classifyRequest` would need
//! `wasm.rs`'s `Engine` to lend its inner engine to this file.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use wasm_bindgen::prelude::*;

use crate::request::flat::Outcome;
use crate::request::matcher::Hits;
use crate::request::Error;
use crate::Class;

/// Outcome: no blocking filter matched.
pub const FLAT_ALLOW: u32 = 0;
/// Outcome: blocked.
pub const FLAT_BLOCK: u32 = 1;
/// Outcome: a blocking filter matched, an exception lets the request through.
pub const FLAT_EXCEPTED: u32 = 2;
/// Outcome: the URL does not parse.
pub const FLAT_INVALID_URL: u32 = 8;
/// Outcome: not an http(s)/ws(s) URL.
pub const FLAT_UNSUPPORTED_SCHEME: u32 = 9;

/// The request matcher behind the flat entry points.
#[wasm_bindgen]
pub struct FlatMatcher {
    engine: crate::Engine,
    last: Cell<Hits>,
}

impl Default for FlatMatcher {
    fn default() -> Self {
        Self::new()
    }
}

/// An empty string means "not given", like `null`.
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// The code for an outcome and a class (see the module documentation).
pub fn code(outcome: Outcome, class: Class) -> u32 {
    let o = match outcome {
        Outcome::Allow => FLAT_ALLOW,
        Outcome::Block => FLAT_BLOCK,
        Outcome::Excepted => FLAT_EXCEPTED,
    };
    let c = Class::ALL
        .iter()
        .position(|c| *c == class)
        .unwrap_or(Class::ALL.len() - 1) as u32;
    o | (c << 8)
}

#[wasm_bindgen]
impl FlatMatcher {
    /// A matcher with the built-in list (read on first use).
    #[wasm_bindgen(constructor)]
    pub fn new() -> FlatMatcher {
        FlatMatcher {
            engine: crate::Engine::new(),
            last: Cell::new(Hits::default()),
        }
    }

    /// Replaces the extra lists (the person's rules, then each subscription); returns the
    /// number of filters now matched. Lines that do not read are left out, as on the Lists page.
    #[wasm_bindgen(js_name = setExtraLists)]
    pub fn set_extra_lists(&mut self, texts: Vec<String>) -> u32 {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        self.engine.set_extra_lists(&texts);
        self.last.set(Hits::default());
        u32::try_from(self.engine.rule_count()).unwrap_or(u32::MAX)
    }

    /// The decision on one request as a code (see the module documentation).
    #[wasm_bindgen(js_name = matchRequest)]
    pub fn match_request(
        &self,
        url: Option<String>,
        initiator: Option<String>,
        resource_type: Option<String>,
        method: Option<String>,
    ) -> u32 {
        self.last.set(Hits::default());
        let url = url.unwrap_or_default();
        match self.engine.match_request(
            &url,
            given(&initiator),
            given(&resource_type),
            given(&method),
        ) {
            Ok(q) => {
                self.last.set(q.hits);
                code(q.outcome, q.class)
            }
            Err(Error::InvalidUrl(_)) => FLAT_INVALID_URL | (4 << 8),
            Err(Error::UnsupportedScheme(_)) => FLAT_UNSUPPORTED_SCHEME | (4 << 8),
        }
    }

    /// The blocking filter the last `matchRequest` matched, in filter syntax.
    #[wasm_bindgen(js_name = matchedRule)]
    pub fn matched_rule(&self) -> Option<String> {
        let id = self.last.get().block?;
        self.engine.matched_rule(id).map(|(text, _)| text)
    }

    /// The exception the last `matchRequest` matched, in filter syntax.
    #[wasm_bindgen(js_name = exceptionRule)]
    pub fn exception_rule(&self) -> Option<String> {
        let id = self.last.get().exception?;
        self.engine.matched_rule(id).map(|(text, _)| text)
    }

    /// The vendor the last blocking filter matched is annotated with.
    #[wasm_bindgen(js_name = matchedVendor)]
    pub fn matched_vendor(&self) -> Option<String> {
        let id = self.last.get().block?;
        self.engine.matched_rule(id).and_then(|(_, vendor)| vendor)
    }

    /// Bytes of the module's linear memory (what the engine and everything else in it cost the
    /// process; it only grows).
    #[wasm_bindgen(js_name = wasmMemoryBytes)]
    pub fn wasm_memory_bytes() -> usize {
        core::arch::wasm32::memory_size(0) * 65536
    }

    /// Approximate heap bytes held by the rules.
    #[wasm_bindgen(js_name = heapBytes)]
    pub fn heap_bytes(&self) -> usize {
        self.engine.heap_bytes()
    }
}
