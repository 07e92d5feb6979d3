//! What every fuzz target asserts, one function per core entry point.
//!
//! Shared by the libFuzzer targets (`fuzz/fuzz_targets/*.rs`, `cargo fuzz run <target>`) and by
//! `tests/fuzz_corpus.rs`, which runs every file of `fuzz/corpus/<target>/` through the same
//! function under `cargo test`. Each function takes raw bytes, calls the core, and panics when
//! something that must hold for any input does not: no panic inside the core, the limits of
//! `docs/limits.md` kept and said, round trips exact, proofs of a leak found.
//!
//! Input layouts are line-based so seeds stay readable (see `fuzz/README.md`).
#![allow(dead_code)]

use keyveil::leak::{self, encode, hash, Encoding, Field, LeakProbe, Location, TypedValue};
use keyveil::lists::{self, dnr};
use keyveil::policy::{Action, Change, Settings};
use keyveil::request::{self, body, signature, Request};
use keyveil::{report, Class, Engine};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(Engine::new)
}

/// The first line (without `\n` or a trailing `\r`) and the rest.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    let (l, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    (l.strip_suffix(b"\r").unwrap_or(l), rest)
}

/// A non-empty UTF-8 field, else `None`.
fn field(b: &[u8]) -> Option<&str> {
    std::str::from_utf8(b).ok().filter(|s| !s.is_empty())
}

/// Splits at the first line that is exactly `---`.
fn sections(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at <= data.len() {
        let end = data[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(data.len(), |i| at + i);
        let l = &data[at..end];
        if l == b"---" || l == b"---\r" {
            out.push(&data[start..at]);
            start = (end + 1).min(data.len());
        }
        at = end + 1;
    }
    out.push(&data[start..]);
    out
}

// ---------------------------------------------------------------------------------------------
// request: `Engine::classify_request`

/// Input: line 1 URL, line 2 resource type, line 3 initiator, line 4 method, the rest the body
/// (raw bytes). An empty line means "not given". The whole input is also sent as the body of
/// a POST to a fixed collector URL, so bodies are explored even when the URL does not parse.
pub fn request(data: &[u8]) {
    let (url, rest) = line(data);
    let (rtype, rest) = line(rest);
    let (initiator, rest) = line(rest);
    let (method, body) = line(rest);
    let url = String::from_utf8_lossy(url);
    let req = Request {
        url: &url,
        resource_type: field(rtype),
        initiator: field(initiator),
        method: field(method),
        body: (!body.is_empty()).then_some(body),
    };
    check_request(&req);
    check_request(&Request {
        url: "https://collector.example.net/v1/batch",
        resource_type: Some("xmlhttprequest"),
        initiator: Some("https://shop.example.org/checkout"),
        method: Some("POST"),
        body: Some(data),
    });
}

fn check_request(req: &Request<'_>) {
    let v = match engine().classify_request(req) {
        Ok(v) => v,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(
        v.confidence.is_finite() && (0.0..=1.0).contains(&v.confidence),
        "confidence {}",
        v.confidence
    );
    assert!(v.class == Class::None || v.vendor.is_some(), "{v:?}");
    let body_len = req.body.map_or(0, <[u8]>::len);
    assert!(v.inspected_bytes <= body_len.min(body::MAX_BODY_BYTES));
    if body_len > body::MAX_BODY_BYTES {
        assert!(v.truncated, "a body over the cap must be marked truncated");
        assert!(
            v.evidence.iter().any(|e| e.starts_with("body capped")),
            "a body over the cap must say so: {:?}",
            v.evidence
        );
    }
    if req.url.trim().len() > request::url::MAX_URL_BYTES {
        assert!(v.truncated && v.evidence.iter().any(|e| e.starts_with("URL cut")));
    }
    assert!(serde_json::to_string(&v).is_ok());
}

// ---------------------------------------------------------------------------------------------
// script: `Engine::classify_script`

/// Input: the script source. When its first line starts with `http`, that line is also used
/// as the script's URL for a second verdict on the rest.
pub fn script(data: &[u8]) {
    check_script(&engine().classify_script(None, data), data.len());
    let (first, rest) = line(data);
    if first.starts_with(b"http") {
        if let Ok(url) = std::str::from_utf8(first) {
            check_script(&engine().classify_script(Some(url), rest), rest.len());
        }
    }
}

fn check_script(v: &keyveil::script::Verdict, len: usize) {
    assert!(v.score.is_finite() && v.score >= 0.0, "score {}", v.score);
    assert_eq!(v.records_input, v.class != Class::None, "{v:?}");
    assert_eq!(v.truncated, len > keyveil::script::MAX_BYTES);
    if v.records_input {
        assert!(
            !v.evidence.is_empty(),
            "a recorder verdict without evidence"
        );
    }
    assert!(serde_json::to_string(v).is_ok());
}

// ---------------------------------------------------------------------------------------------
// payload: inflate (the one bounded inflater), base64, percent-decoding, body signatures

/// Input: any payload bytes.
pub fn payload(data: &[u8]) {
    // The inflater both the leak scanner and the request classifier use: bounded output, or
    // an error that says why.
    match leak::inflate::try_inflate(data) {
        Ok(inf) => {
            assert!(!inf.bytes.is_empty() && inf.bytes.len() <= leak::inflate::MAX_INFLATED_BYTES);
            assert_eq!(Some(inf.compression), leak::inflate::sniff(data));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    // The request classifier's bounded look.
    let b = body::Body::open(data);
    assert_eq!(b.total, data.len());
    assert_eq!(b.inspected, data.len().min(body::MAX_BODY_BYTES));
    match b.encoding {
        Some(_) => assert!(b.bytes.len() <= body::MAX_INFLATED_BYTES && !b.bytes.is_empty()),
        None => assert_eq!(&b.bytes[..], &data[..b.inspected]),
    }
    assert_eq!(b.capped(), b.inspected < b.total || b.inflate_capped);
    if let Some(env) = body::sentry_envelope(&b.bytes) {
        assert!(!env.items.is_empty() && env.items.len() <= 64);
        assert!(env.items.iter().all(|t| t.chars().count() <= 40));
    }
    if let Some(r) = body::rrweb(&b.bytes) {
        assert!(
            r.input + r.pointer <= r.incremental && r.events() > 0,
            "{r:?}"
        );
    }
    if let Some(form) = signature::multipart_as_form(&b.bytes) {
        let _ = signature::meta_pixel(&form);
    }
    let _ = signature::meta_pixel(&b.bytes);
    let _ = signature::sensor_data(&b.bytes);
    let _ = signature::perimeterx(&b.bytes);

    // Percent-decoding never grows its input, and leaves text without escapes alone.
    for plus in [false, true] {
        let d = encode::percent_decode(data, plus);
        assert!(d.len() <= data.len());
        let escapes = data.contains(&b'%') || (plus && data.contains(&b'+'));
        if !escapes {
            assert_eq!(d, data);
        }
    }

    // base64 decodes back, and a value's alignment-independent core is found inside the
    // encoding of any blob that holds it, at any offset.
    for alphabet in [encode::BASE64_STD, encode::BASE64_URL] {
        let enc = encode::base64(data, alphabet);
        assert_eq!(enc.len(), (data.len() * 4).div_ceil(3));
        assert_eq!(unbase64(&enc, alphabet), data);
    }
    if data.len() >= 2 {
        let split = usize::from(data[0]) % data.len();
        let value = &data[split..];
        let enc = encode::base64(data, encode::BASE64_STD);
        let core = encode::base64_core(value, split % 3, encode::BASE64_STD);
        assert!(
            core.is_empty() || enc.windows(core.len()).any(|w| w == core.as_slice()),
            "base64 core of the value at offset {split} not in the blob's encoding"
        );
    }
}

/// A plain base64 decoder (no padding), to check the encoder against.
fn unbase64(text: &[u8], alphabet: &[u8; 64]) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text {
        let v = alphabet
            .iter()
            .position(|a| a == c)
            .expect("base64 character") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// leak: `LeakProbe::new` and `LeakProbe::scan`

/// Input: typed values one per line (`name=value`, or just `value`) up to the first empty
/// line; the rest is an outgoing payload, scanned as body and (when UTF-8) as URL.
///
/// Beyond "no panic": the scan result never contains a typed value, and the first searchable
/// value is found when the payload carries it plain, URL-encoded, base64-encoded, as the
/// SHA-256 of its trimmed lower-case form, or gzip-compressed.
pub fn leak(data: &[u8]) {
    let (head, payload) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &data[data.len()..]),
    };
    let values: Vec<TypedValue> = head
        .split(|&b| b == b'\n')
        .take(leak::MAX_VALUES + 1)
        .map(|l| {
            let l = String::from_utf8_lossy(l);
            let (name, value) = l.split_once('=').unwrap_or(("field", &l));
            TypedValue {
                field: Field {
                    name: Some(name.to_string()),
                    ..Field::default()
                },
                value: value.to_string(),
            }
        })
        .collect();
    let probe = match LeakProbe::new(&values) {
        Ok(p) => p,
        Err(leak::Error::TooManyValues { got, max }) => {
            assert!(got > max && max == leak::MAX_VALUES);
            return;
        }
    };
    assert!(values.len() <= leak::MAX_VALUES);
    let scan = probe.scan(std::str::from_utf8(payload).ok(), Some(payload));
    assert_no_value_in(&scan, &values);
    let known: Vec<&Field> = values.iter().map(|v| &v.field).collect();
    assert!(scan.matches.iter().all(|m| known.contains(&&m.field)));

    // Oracles on the first value the probe searches for: its needles come first in the index,
    // so a match of its bytes is reported under its own field.
    let Some(first) = values
        .iter()
        .find(|v| v.value.trim().len() >= leak::MIN_VALUE_LEN)
    else {
        assert!(probe.is_empty() && scan.matches.is_empty());
        return;
    };
    let prefix = &payload[..payload.len().min(512)];
    let wrap = |inner: &[u8]| -> Vec<u8> {
        let mut b = prefix.to_vec();
        b.extend_from_slice(inner);
        b.extend_from_slice(b"&end=1");
        b
    };
    let found = |body: &[u8], want: &[Encoding], what: &str| {
        let s = probe.scan(None, Some(body));
        assert_no_value_in(&s, &values);
        assert!(
            s.matches.iter().any(|m| m.field == first.field
                && m.location == Location::Body
                && (want.is_empty() || want.contains(&m.encoding))),
            "{what}: value of {:?} not found in {:?}",
            first.field,
            s.matches
        );
        s
    };
    found(&wrap(first.value.as_bytes()), &[Encoding::Plain], "plain");
    let pct: String = first.value.bytes().map(|b| format!("%{b:02X}")).collect();
    found(
        &wrap(pct.as_bytes()),
        &[Encoding::Plain, Encoding::UrlEncoded],
        "percent-encoded",
    );
    let mut blob = prefix.to_vec();
    blob.extend_from_slice(first.value.as_bytes());
    blob.extend_from_slice(b"\"}");
    found(
        &wrap(&encode::base64(&blob, encode::BASE64_STD)),
        &[],
        "base64",
    );
    let lower = first.value.trim().to_lowercase();
    if lower.len() >= leak::MIN_VALUE_LEN {
        let digest = hash::hex(&hash::sha256(lower.as_bytes()));
        found(
            &wrap(format!("ud[em]={digest}").as_bytes()),
            &[Encoding::Sha256Hex],
            "sha256",
        );
    }
    let gz = gzip(first.value.as_bytes());
    let s = found(&gz, &[], "gzip");
    assert_eq!(s.decompressed, Some(leak::Compression::Gzip));
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip to memory");
    e.finish().expect("gzip to memory")
}

/// A scan names fields and encodings, never a typed value. Checked on the scan with its field
/// descriptors blanked (a field may be named like its value): what is left is JSON keys and
/// kebab-case enum names, so a value with any other character must not occur in it.
fn assert_no_value_in(scan: &leak::Scan, values: &[TypedValue]) {
    let mut blank = scan.clone();
    for m in &mut blank.matches {
        m.field = Field::default();
    }
    let json = serde_json::to_string(&blank).expect("scan serialises");
    for v in values {
        let t = v.value.trim();
        let skeleton_only = t
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b"-_\"{}[],:".contains(&b));
        if t.len() >= leak::MIN_VALUE_LEN && !skeleton_only {
            assert!(!json.contains(t), "typed value in the scan result: {json}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// list: `lists::parse`, `lists::print`, the list check, and the matcher built from a list

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

// ---------------------------------------------------------------------------------------------
// dnr: `dnr::compile` and `dnr::compile_for`

/// Input: sections separated by a line `---`: the list text; overrides JSON (empty: none);
/// settings changes, one per line:
/// `pause SITE`, `resume SITE`, `inherit SITE`, `site-vendor SITE VENDOR ACTION`,
/// `site-class SITE CLASS ACTION`, `vendor VENDOR ACTION`, `class CLASS ACTION`
/// (ACTION `block`, `fuzz`, `allow` or `-` to remove the override).
pub fn dnr(data: &[u8]) {
    let parts = sections(data);
    let list = lists::parse(&String::from_utf8_lossy(parts[0])).list;
    let overrides = String::from_utf8_lossy(parts.get(1).copied().unwrap_or_default());
    if let Ok(o) = dnr::Overrides::from_json(&overrides) {
        let out = dnr::compile(&list, &o);
        check_compiled(&list, &out);
    }
    let mut settings = Settings::default();
    let changes = String::from_utf8_lossy(parts.get(2).copied().unwrap_or_default());
    for l in changes.lines().take(64) {
        if let Some(change) = change(l) {
            let _ = settings.apply(change);
        }
    }
    let out = dnr::compile_for(&list, &settings);
    check_compiled(&list, &out);
    let again = dnr::compile_for(&list, &settings);
    assert_eq!(out.rules, again.rules, "compiling twice gave other rules");
    // As the extension compiles it: after the built-in list, whose static rules are only ever
    // turned off (never one it does not hold), and whose rules no subscription changes.
    let builtin = lists::builtin::list();
    let (all, _) = lists::user::extend(&builtin, &[&String::from_utf8_lossy(parts[0])]);
    let split = lists::chrome::compile(&all, builtin.entries.len(), &settings);
    assert!(split.dynamic.rules.len() <= dnr::MAX_DYNAMIC_RULES);
    let statics: HashSet<u64> = lists::chrome::static_rules()
        .iter()
        .filter_map(|r| r["id"].as_u64())
        .collect();
    assert!(split
        .disable_static_rule_ids
        .iter()
        .all(|id| statics.contains(id)));
    if settings == Settings::default() {
        assert!(
            split.disable_static_rule_ids.is_empty(),
            "a subscription changed a static rule"
        );
    }
}

fn change(l: &str) -> Option<Change> {
    let w: Vec<&str> = l.split_whitespace().collect();
    let action = |s: &str| -> Option<Option<Action>> {
        match s {
            "block" => Some(Some(Action::Block)),
            "fuzz" => Some(Some(Action::Fuzz)),
            "allow" => Some(Some(Action::Allow)),
            "-" => Some(None),
            _ => None,
        }
    };
    let class = |s: &str| s.parse::<Class>().ok();
    Some(match w.as_slice() {
        ["pause", site] => Change::Pause {
            site: (*site).into(),
            paused: Some(true),
        },
        ["resume", site] => Change::Pause {
            site: (*site).into(),
            paused: Some(false),
        },
        ["inherit", site] => Change::Pause {
            site: (*site).into(),
            paused: None,
        },
        ["site-vendor", site, vendor, a] => Change::SiteVendor {
            site: (*site).into(),
            vendor: (*vendor).into(),
            action: action(a)?,
        },
        ["site-class", site, c, a] => Change::SiteClass {
            site: (*site).into(),
            class: class(c)?,
            action: action(a)?,
        },
        ["vendor", vendor, a] => Change::Vendor {
            vendor: (*vendor).into(),
            action: action(a)?,
        },
        ["class", c, a] => Change::Class {
            class: class(c)?,
            action: action(a)?,
        },
        _ => return None,
    })
}

/// What Chrome's `updateDynamicRules` would refuse, or what would block too much.
fn check_compiled(list: &lists::List, out: &dnr::Compiled) {
    assert!(out.rules.len() <= dnr::MAX_DYNAMIC_RULES);
    assert!(
        // A merged rule stands for each of its filters: `covered` counts them.
        list.in_force().count() <= out.covered + out.unsupported.len() + out.skipped.len(),
        "a filter vanished without a rule or a reason"
    );
    let mut ids = HashSet::new();
    for rule in &out.rules {
        let id = rule["id"].as_u64().expect("numeric id");
        assert!(
            (1..=2_000_000_000).contains(&id) && ids.insert(id),
            "id {id}"
        );
        assert!(matches!(rule["priority"].as_u64(), Some(1..=3)), "{rule}");
        let action = rule["action"]["type"].as_str().unwrap_or_default();
        assert!(matches!(action, "block" | "allow" | "redirect"), "{rule}");
        let c = &rule["condition"];
        let url_filter = c.get("urlFilter").and_then(Value::as_str);
        let initiators = c.get("initiatorDomains");
        let hosts = c.get("requestDomains");
        assert!(
            url_filter.is_some() || initiators.is_some() || hosts.is_some(),
            "a rule that matches every request: {rule}"
        );
        if let Some(u) = url_filter {
            assert!(
                !u.is_empty() && u.is_ascii() && !u.starts_with("||*"),
                "{rule}"
            );
            let inner = u.strip_prefix("||").or(u.strip_prefix('|')).unwrap_or(u);
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            assert!(!inner.contains('|'), "'|' inside a urlFilter: {rule}");
        }
        for key in [
            "initiatorDomains",
            "excludedInitiatorDomains",
            "requestDomains",
            "resourceTypes",
            "excludedResourceTypes",
        ] {
            if let Some(v) = c.get(key) {
                let items = v.as_array().expect("an array");
                assert!(!items.is_empty(), "empty {key}: {rule}");
                for d in items {
                    let d = d.as_str().expect("strings");
                    let ok = !d.is_empty()
                        && d.bytes().all(|b| {
                            b.is_ascii_lowercase()
                                || b.is_ascii_digit()
                                || matches!(b, b'.' | b'-' | b'_')
                        });
                    assert!(
                        ok,
                        "{key} entry {d:?} is not a lower-case ASCII name: {rule}"
                    );
                }
            }
        }
    }
    assert!(serde_json::to_string(&out.rules).is_ok());
}

// ---------------------------------------------------------------------------------------------
// report: `Report::load`, `Report::import_json`, `Report::merge`, and back to JSON

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
