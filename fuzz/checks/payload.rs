//! The `payload` fuzz target's checks: inflate (the one bounded inflater), base64, percent-decoding, body signatures.

use keyveil::leak::{self, encode};
use keyveil::request::{body, signature};

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
