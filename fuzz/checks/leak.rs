//! The `leak` fuzz target's checks: `LeakProbe::new` and `LeakProbe::scan`.

use keyveil::leak::{self, encode, hash, Encoding, Field, LeakProbe, Location, TypedValue};

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
