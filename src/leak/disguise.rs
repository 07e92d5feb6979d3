//! The same payload with a fake of the same shape in place of every typed value, in each encoding the leak probe knows.
//!
//! In `fuzz` mode a recorder keeps sending, and what it sends must carry nothing typed: a
//! recorder that read a field's value outside a fuzzed delivery (polling, its own observers)
//! or hashed an e-mail before the person pressed submit ships the truth. Each typed value is
//! paired with its fake (the page's key substitution: letters for letters, digits for digits,
//! the rest kept), each normalised form of the pair is encoded the same ways the probe looks
//! for (plain, percent-encoded, base64 at every alignment, MD5/SHA-1/SHA-256 hex), and every
//! occurrence of a true needle is replaced by its fake twin: same length, same alphabet, so the
//! payload keeps its shape and the recipient's parser its footing.

use super::needles::{for_form, Needle};
use super::{Normalisation, MIN_PHONE_DIGITS, MIN_VALUE_LEN};

/// Replaces every encoded form of each of `values` in `bytes` by the same form of its fake;
/// returns the new bytes and how many replacements were made.
pub fn disguise(
    bytes: &[u8],
    values: &[&str],
    substitute: &dyn Fn(&str) -> String,
) -> (Vec<u8>, usize) {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for v in values {
        let fake = substitute(v);
        if fake.len() != v.len() {
            continue; // a fake of another length cannot stand in place
        }
        for (t, f) in forms(v, &fake) {
            let (mut tn, mut fnd): (Vec<Needle>, Vec<Needle>) = (Vec::new(), Vec::new());
            for_form(&t, 0, Normalisation::AsTyped, &mut tn);
            for_form(&f, 0, Normalisation::AsTyped, &mut fnd);
            for (a, b) in tn.into_iter().zip(fnd) {
                if a.bytes.len() == b.bytes.len() && a.bytes != b.bytes {
                    pairs.push((a.bytes, b.bytes));
                }
            }
            for (a, b) in [
                (percent(&t, false), percent(&f, false)),
                (percent(&t, true), percent(&f, true)),
            ] {
                if a != t && a.len() == b.len() {
                    pairs.push((a.into_bytes(), b.into_bytes()));
                }
            }
        }
    }
    // Longest first, so a value's whole form goes before a shorter one inside it.
    pairs.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    pairs.dedup_by(|a, b| a.0 == b.0);
    let mut out = bytes.to_vec();
    let mut replaced = 0;
    for (from, to) in &pairs {
        let mut i = 0;
        while i + from.len() <= out.len() {
            if out[i..i + from.len()] == from[..] {
                out[i..i + from.len()].copy_from_slice(to);
                replaced += 1;
                i += from.len();
            } else {
                i += 1;
            }
        }
    }
    (out, replaced)
}

/// The normalised forms of a value and of its fake, in step (as the probe normalises).
fn forms(value: &str, fake: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |t: String, f: String| {
        if t.len() >= MIN_VALUE_LEN && t.len() == f.len() && !out.iter().any(|(x, _)| *x == t) {
            out.push((t, f));
        }
    };
    push(value.to_string(), fake.to_string());
    push(value.trim().to_string(), fake.trim().to_string());
    push(value.trim().to_lowercase(), fake.trim().to_lowercase());
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let phone_like = value
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
    if phone_like && digits(value).len() >= MIN_PHONE_DIGITS {
        push(digits(value), digits(fake));
    }
    out
}

/// `encodeURIComponent`'s form (`plus_for_space`: a form field's).
fn percent(s: &str, plus_for_space: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            b' ' if plus_for_space => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leak::hash::{hex, sha256};

    fn sub(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                'a'..='y' => (c as u8 + 1) as char,
                'z' => 'a',
                '0'..='8' => (c as u8 + 1) as char,
                '9' => '0',
                _ => c,
            })
            .collect()
    }

    #[test]
    fn every_encoding_of_a_typed_value_becomes_its_fake() {
        let email = "ada@example.org";
        let fake = sub(email);
        let hashed = hex(&sha256(email.as_bytes()));
        let body = format!(
            "em={hashed}&raw={email}&q=ada%40example.org&b64={}",
            String::from_utf8(crate::leak::encode::base64(
                email.as_bytes(),
                crate::leak::encode::BASE64_STD
            ))
            .unwrap()
        );
        let (out, n) = disguise(body.as_bytes(), &[email], &sub);
        let out = String::from_utf8(out).unwrap();
        assert!(n >= 4, "{n} replacements: {out}");
        assert!(
            !out.contains(email) && !out.contains(&hashed) && !out.contains("ada%40example.org"),
            "{out}"
        );
        assert!(
            out.contains(&hex(&sha256(fake.as_bytes()))),
            "the fake's digest in its place: {out}"
        );
        assert!(out.contains(&fake));
        assert_eq!(out.len(), body.len(), "same shape");
        // Nothing typed in it: unchanged.
        let (same, n) = disguise(b"item=42&qty=1", &[email], &sub);
        assert_eq!((same.as_slice(), n), (&b"item=42&qty=1"[..], 0));
    }
}
