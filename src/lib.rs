//! KeyVeil's core: decides which requests and scripts record a person's input, and what to do about them.
//!
//! The crate is platform-free except for [`wasm`], the one wasm-bindgen surface, built only for
//! `wasm32`. The native CLI (`src/bin/keyveil`) and the extension share everything else.
//!
//! Module map:
//! - [`class`]: the kinds of input recording KeyVeil knows ([`Class`]).
//! - [`request`]: verdicts on network requests (URL, type, initiator, body).
//! - [`script`]: verdicts on page scripts from their source.
//! - [`lists`]: filter lists in uBlock Origin syntax: parse, print, the built-in list, DNR rules.
//! - [`leak`]: proof that a typed value left the page, in any encoding it knows.
//! - [`noise`]: noise for `fuzz` mode (key substitution, timing, pointer) and pixel identity scrubbing.
//! - [`site`]: the normalised host that settings and reports are filed under.
//! - [`policy`]: settings + verdict → action (block, fuzz, allow), and the per-page policy for the hook.
//! - [`report`]: per-site records of recorders met and actions taken; merge, bounds, export.
//! - [`heard`]: what a payload carries of the input its sender listened to (recorders by behaviour).
//! - [`sink`]: the one decision on a payload the page hook holds before it leaves.
//! - [`observe`]: observations from the browser (listeners, requests, payloads) as report events.
//! - [`limits`]: every limit on input, in one place (`docs/limits.md`).
//! - [`engine`]: the one object the extension talks to; owns the loaded lists and classifiers.

pub mod class;
pub mod engine;
pub mod heard;
pub mod leak;
pub mod limits;
pub mod lists;
pub mod noise;
pub mod observe;
pub mod policy;
pub mod report;
pub mod request;
pub mod script;
pub mod sink;
pub mod site;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(target_arch = "wasm32")]
pub mod wasm_flat;

pub use class::Class;
pub use engine::Engine;

/// The crate version, as the extension and the CLI report it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
