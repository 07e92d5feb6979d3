//! What a payload carries of the input its sender listened to: keys in the order they were typed, key and pointer records.
//!
//! A script that listened to keys or the pointer and then sends what it heard is a recorder,
//! whatever its source looks like (a small in-house logger, an inline script, `eval`ed code).
//! The page hook knows which script registered which input listener and which script sends
//! each payload; this module reads the payload (through gzip/zlib, base64 inside JSON, form
//! fields) for what a logger ships: the characters of what was typed, in order, and runs of
//! records that pair a key or a position with numbers. For `fuzz` mode it also writes the same
//! payload with fakes in place of what was typed.

use crate::leak::encode::{base64, percent_decode};
use crate::leak::inflate;
use serde_json::Value;

/// Nesting of encodings followed (base64 in JSON in a form field…).
const MAX_DEPTH: usize = 4;
/// Shortest run of typed characters that counts as "what was typed, in order".
pub const MIN_TYPED_RUN: usize = 4;
/// Key records (a one-character string beside a number) that make a keystroke log.
pub const MIN_KEY_RECORDS: usize = 3;
/// Pointer records (two or more numbers and no text) that make a trajectory.
pub const MIN_POINTER_RECORDS: usize = 10;
/// Longest string decoded as base64 while looking (a payload's own cap bounds the rest).
const MAX_B64: usize = 1 << 20;

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// What kinds of input the sender listened to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heard {
    /// Key events.
    pub keys: bool,
    /// Pointer (mouse, touch) events.
    pub pointer: bool,
}

impl Heard {
    /// From the input kinds of the sender's listeners.
    pub fn from_kinds(kinds: &[crate::report::InputKind]) -> Self {
        use crate::report::InputKind as K;
        Heard {
            keys: kinds.iter().any(|k| matches!(k, K::Keys | K::KeyTiming)),
            pointer: kinds.contains(&K::Pointer),
        }
    }
}

/// What one payload carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carried {
    /// The one-character strings of the payload, in order (the keys a logger ships).
    pub keys: String,
    /// A typed value (or a run of at least [`MIN_TYPED_RUN`] characters of one) is found among
    /// [`Carried::keys`], in order.
    pub typed_in_order: bool,
    /// Records pairing a one-character string with a number.
    pub key_records: usize,
    /// Records of two or more numbers and no text.
    pub pointer_records: usize,
}

impl Carried {
    /// Why a sender that heard `heard` is a recorder for sending this, in words; `None` when
    /// the payload does not carry what it heard.
    pub fn evidence(&self, heard: Heard) -> Option<String> {
        if heard.keys && self.typed_in_order {
            return Some("listened to keys, then sent what was typed, key by key".into());
        }
        if heard.keys && self.key_records >= MIN_KEY_RECORDS {
            return Some(format!(
                "listened to keys, then sent {} key records with numbers (times)",
                self.key_records
            ));
        }
        if heard.pointer && self.pointer_records >= MIN_POINTER_RECORDS {
            return Some(format!(
                "listened to the pointer, then sent {} position records",
                self.pointer_records
            ));
        }
        None
    }
}

/// Reads `body` (and `url`'s query) for what it carries; `typed` are the values typed into
/// the page's fields, if known.
pub fn inspect(url: &str, body: &[u8], typed: &[&str]) -> Carried {
    let mut c = Carried::default();
    visit_bytes(body, 0, &mut c);
    if let Some((_, q)) = url.split_once('?') {
        visit_text(q.split('#').next().unwrap_or(""), 0, &mut c);
    }
    let keys: Vec<char> = c.keys.chars().collect();
    c.typed_in_order = typed.iter().any(|t| typed_run(&keys, t));
    c
}

/// True when `keys` holds a run of at least [`MIN_TYPED_RUN`] consecutive characters of
/// `typed` (a batch carries part of what was typed).
fn typed_run(keys: &[char], typed: &str) -> bool {
    let t: Vec<char> = typed.chars().collect();
    if t.len() < MIN_TYPED_RUN || keys.len() < MIN_TYPED_RUN {
        return false;
    }
    t.windows(MIN_TYPED_RUN)
        .any(|w| keys.windows(MIN_TYPED_RUN).any(|k| k == w))
}

fn visit_bytes(bytes: &[u8], depth: usize, c: &mut Carried) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(inflated) = inflate::inflate(bytes) {
        visit_bytes(&inflated.bytes, depth + 1, c);
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        visit_text(text, depth, c);
    }
}

fn visit_text(text: &str, depth: usize, c: &mut Carried) {
    if depth > MAX_DEPTH {
        return;
    }
    let t = text.trim();
    if t.starts_with(['{', '[']) {
        if let Ok(v) = serde_json::from_str::<Value>(t) {
            walk(&v, depth, c);
            return;
        }
    }
    if let Some(bytes) = decode_base64(t) {
        visit_bytes(&bytes, depth + 1, c);
        return;
    }
    if t.contains('=') && !t.contains(char::is_whitespace) {
        for pair in t.split('&') {
            if let Some((_, v)) = pair.split_once('=') {
                let v = percent_decode(v.as_bytes(), true);
                if let Ok(v) = std::str::from_utf8(&v) {
                    visit_text(v, depth + 1, c);
                }
            }
        }
    }
}

fn one_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    let ch = it.next()?;
    it.next().is_none().then_some(ch)
}

fn walk(v: &Value, depth: usize, c: &mut Carried) {
    match v {
        Value::String(s) => {
            if let Some(ch) = one_char(s) {
                c.keys.push(ch);
            } else if s.len() >= 16 {
                if let Some(bytes) = decode_base64(s) {
                    visit_bytes(&bytes, depth + 1, c);
                } else if s.starts_with(['{', '[']) {
                    visit_text(s, depth + 1, c);
                }
            }
        }
        Value::Array(items) => {
            record(items.iter(), c);
            for i in items {
                walk(i, depth, c);
            }
        }
        Value::Object(map) => {
            record(map.values(), c);
            for i in map.values() {
                walk(i, depth, c);
            }
        }
        _ => {}
    }
}

/// Counts one record by the shape of its direct members.
fn record<'a>(members: impl Iterator<Item = &'a Value>, c: &mut Carried) {
    let (mut chars, mut numbers, mut other_text) = (0, 0, 0);
    for m in members {
        match m {
            Value::Number(_) => numbers += 1,
            Value::String(s) if one_char(s).is_some() => chars += 1,
            Value::String(_) => other_text += 1,
            _ => {}
        }
    }
    if chars >= 1 && numbers >= 1 {
        c.key_records += 1;
    } else if numbers >= 2 && chars == 0 && other_text == 0 && numbers <= 8 {
        c.pointer_records += 1;
    }
}

/// Standard or URL-safe base64 of at least 16 characters, padded or not; `None` otherwise.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    if s.len() < 16 || s.len() > MAX_B64 {
        return None;
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
    {
        return None;
    }
    let out = crate::leak::encode::base64_decode(s)?;
    // Decoded text that is mostly printable, or compressed data: not an id that happens to
    // be in the alphabet.
    let printable = out
        .iter()
        .filter(|&&b| b == b'\n' || b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80)
        .count();
    (printable * 10 >= out.len() * 9 || inflate::sniff(&out).is_some()).then_some(out)
}

/// The same payload with fakes in place of what was typed: each one-character string through
/// `substitute`, each typed value found in a string by its substitute, through base64, JSON
/// and form layers. `None` when the payload cannot be rewritten (compressed, not text): the
/// caller then withholds it.
pub fn rewrite(
    body: &[u8],
    typed: &[&str],
    substitute: &dyn Fn(&str) -> String,
) -> Option<Vec<u8>> {
    if inflate::sniff(body).is_some() {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    Some(rewrite_text(text, typed, substitute, 0)?.into_bytes())
}

fn rewrite_text(
    text: &str,
    typed: &[&str],
    substitute: &dyn Fn(&str) -> String,
    depth: usize,
) -> Option<String> {
    if depth > MAX_DEPTH {
        return Some(replace_typed(text, typed, substitute));
    }
    let t = text.trim();
    if t.starts_with(['{', '[']) {
        if let Ok(mut v) = serde_json::from_str::<Value>(t) {
            rewrite_value(&mut v, typed, substitute, depth)?;
            return serde_json::to_string(&v).ok();
        }
    }
    if let Some(bytes) = decode_base64(t) {
        if inflate::sniff(&bytes).is_some() {
            return None;
        }
        let inner = std::str::from_utf8(&bytes).ok()?;
        let done = rewrite_text(inner, typed, substitute, depth + 1)?;
        return String::from_utf8(base64(done.as_bytes(), STD)).ok();
    }
    Some(replace_typed(text, typed, substitute))
}

fn rewrite_value(
    v: &mut Value,
    typed: &[&str],
    substitute: &dyn Fn(&str) -> String,
    depth: usize,
) -> Option<()> {
    match v {
        Value::String(s) => {
            *s = if one_char(s).is_some() {
                substitute(s)
            } else if let Some(code) = fake_code(s, substitute) {
                code
            } else if s.len() >= 16 && (decode_base64(s).is_some() || s.starts_with(['{', '['])) {
                rewrite_text(s, typed, substitute, depth + 1)?
            } else {
                replace_typed(s, typed, substitute)
            };
        }
        Value::Array(items) => {
            for i in items {
                rewrite_value(i, typed, substitute, depth)?;
            }
        }
        Value::Object(map) => {
            for i in map.values_mut() {
                rewrite_value(i, typed, substitute, depth)?;
            }
        }
        _ => {}
    }
    Some(())
}

/// A physical key's code (`KeyA`, `Digit7`) for the fake of its character: a code names the
/// key as plainly as the key itself.
fn fake_code(s: &str, substitute: &dyn Fn(&str) -> String) -> Option<String> {
    let (prefix, rest) = if let Some(r) = s.strip_prefix("Key") {
        ("Key", r)
    } else {
        ("Digit", s.strip_prefix("Digit")?)
    };
    let c = one_char(rest)?;
    let ok = if prefix == "Key" {
        c.is_ascii_uppercase()
    } else {
        c.is_ascii_digit()
    };
    if !ok {
        return None;
    }
    let fake = substitute(&c.to_ascii_lowercase().to_string()).to_ascii_uppercase();
    Some(format!("{prefix}{fake}"))
}

fn replace_typed(text: &str, typed: &[&str], substitute: &dyn Fn(&str) -> String) -> String {
    let mut out = text.to_string();
    for t in typed.iter().filter(|t| t.chars().count() >= MIN_TYPED_RUN) {
        if out.contains(t) {
            out = out.replace(t, &substitute(t));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: Heard = Heard {
        keys: true,
        pointer: false,
    };

    fn b64(s: &str) -> String {
        String::from_utf8(base64(s.as_bytes(), STD)).unwrap()
    }

    #[test]
    fn a_timing_logger_in_base64_inside_json_is_seen() {
        let inner = r#"[{"k":"h","c":"KeyH","d":81,"f":0},{"k":"e","c":"KeyE","d":77,"f":132},{"k":"l","c":"KeyL","d":90,"f":120},{"k":"l","c":"KeyL","d":85,"f":99},{"k":"o","c":"KeyO","d":70,"f":143}]"#;
        let body = format!(r#"{{"v":1,"d":"{}"}}"#, b64(inner));
        let c = inspect("https://shop.example/t", body.as_bytes(), &["hello"]);
        assert_eq!(c.keys, "hello");
        assert!(c.typed_in_order);
        assert!(c.key_records >= 5);
        assert!(c.evidence(KEYS).is_some());
        // The same payload from a script that never listened to keys proves nothing.
        assert_eq!(c.evidence(Heard::default()), None);
    }

    #[test]
    fn keys_without_records_count_only_as_what_was_typed() {
        let body = br#"{"seq":["p","a","s","s","w"]}"#;
        assert!(inspect("", body, &["password1"]).evidence(KEYS).is_some());
        assert_eq!(inspect("", body, &["other"]).evidence(KEYS), None);
        assert_eq!(inspect("", body, &[]).evidence(KEYS), None);
    }

    #[test]
    fn gzip_and_form_fields_are_read() {
        use std::io::Write;
        let records: Vec<String> = (0..6).map(|i| format!(r#"["x",{i},{}]"#, i * 90)).collect();
        let json = format!("[{}]", records.join(","));
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(json.as_bytes()).unwrap();
        let gz = e.finish().unwrap();
        assert_eq!(inspect("", &gz, &[]).key_records, 6);
        let form = format!("a=1&data={}", b64(&json));
        assert_eq!(inspect("", form.as_bytes(), &[]).key_records, 6);
        let q = format!("https://t.example/p.gif?e={}", b64(&json));
        assert_eq!(inspect(&q, b"", &[]).key_records, 6);
    }

    #[test]
    fn pointer_trajectories_need_the_pointer_and_a_run() {
        let moves: Vec<String> = (0..12)
            .map(|i| format!("[{},{},{}]", 10 * i, 20 * i, 16 * i))
            .collect();
        let body = format!(r#"{{"m":[{}]}}"#, moves.join(","));
        let c = inspect("", body.as_bytes(), &[]);
        assert_eq!(c.pointer_records, 12);
        assert_eq!(c.evidence(KEYS), None);
        let pointer = Heard {
            keys: false,
            pointer: true,
        };
        assert!(c.evidence(pointer).is_some());
        let few = r#"{"m":[[1,2],[3,4]]}"#;
        assert_eq!(inspect("", few.as_bytes(), &[]).evidence(pointer), None);
    }

    #[test]
    fn ordinary_payloads_carry_nothing_heard() {
        for body in [
            r#"{"query":"shoes","page":2,"filters":{"size":42}}"#,
            r#"{"event":"pageview","url":"https://shop.example/","ts":1700000000000,"w":1280,"h":800}"#,
            "item=42&qty=1&note=gift",
            r#"{"id":"a","items":[{"sku":"b","n":1},{"sku":"c","n":2}]}"#,
        ] {
            let c = inspect("", body.as_bytes(), &["shoes"]);
            assert_eq!(c.evidence(KEYS), None, "{body}");
            assert_eq!(
                c.evidence(Heard {
                    keys: true,
                    pointer: true
                }),
                None,
                "{body}"
            );
        }
    }

    #[test]
    fn rewrite_puts_fakes_in_place_through_every_layer() {
        let sub = |s: &str| {
            s.chars()
                .map(|c| if c.is_alphabetic() { 'q' } else { c })
                .collect::<String>()
        };
        let inner = r#"[{"k":"h","c":"KeyH","t":1},{"k":"i","c":"KeyI","t":2}]"#;
        let body = format!(r#"{{"d":"{}","note":"my secret text"}}"#, b64(inner));
        let out = rewrite(body.as_bytes(), &["secret"], &sub).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("my qqqqqq text"), "{out}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let d = decode_base64(v["d"].as_str().unwrap()).unwrap();
        assert_eq!(
            std::str::from_utf8(&d).unwrap(),
            r#"[{"c":"KeyQ","k":"q","t":1},{"c":"KeyQ","k":"q","t":2}]"#
        );
        // Compressed: cannot be rewritten; the caller withholds it.
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut e, b"{}").unwrap();
        assert_eq!(rewrite(&e.finish().unwrap(), &[], &sub), None);
    }
}
