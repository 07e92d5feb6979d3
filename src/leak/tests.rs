//! Tests of the leak probe: each encoding found, nothing found when nothing leaked.

use super::encode::{base64, BASE64_STD, BASE64_URL};
use super::hash::{hex, md5, sha1, sha256};
use super::*;
use proptest::prelude::*;

fn field(name: &str) -> Field {
    Field {
        name: Some(name.into()),
        ..Default::default()
    }
}

fn probe(values: &[(&str, &str)]) -> LeakProbe {
    let values: Vec<TypedValue> = values
        .iter()
        .map(|(f, v)| TypedValue {
            field: field(f),
            value: v.to_string(),
        })
        .collect();
    LeakProbe::new(&values).unwrap()
}

fn encodings(scan: &Scan) -> Vec<(String, Encoding)> {
    scan.matches
        .iter()
        .map(|m| (m.field.name.clone().unwrap_or_default(), m.encoding))
        .collect()
}

const EMAIL: &str = " Alice.Doe+news@Example.org ";
const NORM: &str = "alice.doe+news@example.org";

#[test]
fn finds_plain_in_body_and_names_the_field_only() {
    let p = probe(&[("email", EMAIL), ("city", "Springfield")]);
    let scan = p.scan(None, Some(br#"{"t":"Springfield","x":1}"#));
    assert_eq!(encodings(&scan), vec![("city".into(), Encoding::Plain)]);
    assert_eq!(scan.matches[0].location, Location::Body);
    let json = serde_json::to_string(&scan).unwrap();
    assert!(
        !json.contains("Springfield"),
        "value leaked into result: {json}"
    );
    assert!(!format!("{p:?}").contains("Springfield"));
}

#[test]
fn finds_url_encoded_with_percent_and_plus() {
    let p = probe(&[("email", EMAIL), ("full", "Jane Q Public")]);
    let url = "https://t.example/c?e=alice.doe%2Bnews%40example.org&n=Jane+Q+Public";
    let scan = p.scan(Some(url), None);
    let found = encodings(&scan);
    assert!(
        found.contains(&("email".into(), Encoding::UrlEncoded)),
        "{found:?}"
    );
    assert!(
        found.contains(&("full".into(), Encoding::UrlEncoded)),
        "{found:?}"
    );
    assert_eq!(scan.matches[0].location, Location::Url);
    assert_eq!(scan.matches[0].normalisation, Normalisation::LowerTrimmed);
}

#[test]
fn finds_base64_at_every_alignment_std_and_url_safe() {
    let p = probe(&[("email", NORM)]);
    for prefix in ["", "a", "ab", "abc", "{\"k\":\"", "xxxxx"] {
        let blob = format!("{prefix}{NORM}\"}}???>>>");
        let std = base64(blob.as_bytes(), BASE64_STD);
        let scan = p.scan(None, Some(&std));
        assert_eq!(
            encodings(&scan),
            vec![("email".into(), Encoding::Base64)],
            "prefix {prefix:?}"
        );
        let url = base64(blob.as_bytes(), BASE64_URL);
        let found = encodings(&p.scan(Some(std::str::from_utf8(&url).unwrap()), None));
        assert!(
            found.contains(&("email".into(), Encoding::Base64Url))
                || found.contains(&("email".into(), Encoding::Base64)),
            "prefix {prefix:?}: {found:?}"
        );
    }
}

#[test]
fn url_safe_base64_is_told_apart_when_it_differs() {
    // Bytes chosen so the encodings contain '+' / '/' in standard base64.
    let value = "ÿþýüûú~~~";
    let p = probe(&[("note", value)]);
    let url = base64(value.as_bytes(), BASE64_URL);
    assert_ne!(url, base64(value.as_bytes(), BASE64_STD));
    let scan = p.scan(None, Some(&url));
    assert_eq!(encodings(&scan), vec![("note".into(), Encoding::Base64Url)]);
}

#[test]
fn finds_hashes_of_the_normalised_value_in_either_case() {
    let p = probe(&[("email", EMAIL)]);
    let cases = [
        (hex(&sha256(NORM.as_bytes())), Encoding::Sha256Hex),
        (hex(&sha1(NORM.as_bytes())), Encoding::Sha1Hex),
        (hex(&md5(NORM.as_bytes())), Encoding::Md5Hex),
    ];
    for (digest, enc) in cases {
        for d in [digest.clone(), digest.to_ascii_uppercase()] {
            let body = format!("id=1&ev=Lead&ud%5Bem%5D={d}&v=2.9");
            let scan = p.scan(None, Some(body.as_bytes()));
            assert_eq!(encodings(&scan), vec![("email".into(), enc)], "{d}");
            assert_eq!(scan.matches[0].normalisation, Normalisation::LowerTrimmed);
        }
    }
}

#[test]
fn finds_phone_digits_hash_like_meta_advanced_matching() {
    let p = probe(&[("tel", "+1 (555) 010-9999")]);
    let d = hex(&sha256(b"15550109999"));
    let scan = p.scan(
        Some(&format!("https://www.facebook.com/tr/?ud[ph]={d}")),
        None,
    );
    assert_eq!(encodings(&scan), vec![("tel".into(), Encoding::Sha256Hex)]);
    assert_eq!(scan.matches[0].normalisation, Normalisation::PhoneDigits);
}

#[test]
fn finds_values_inside_compressed_bodies() {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let p = probe(&[("email", NORM)]);
    // Repetitive, like a real batch, so deflate codes it (a short unique text would be
    // sent as a stored block, with the value in clear).
    let events = format!(r#"[{{"type":3,"data":{{"source":5,"text":"{NORM}"}}}}]"#).repeat(20);
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(events.as_bytes()).unwrap();
    let gz = e.finish().unwrap();
    assert!(!gz.windows(NORM.len()).any(|w| w == NORM.as_bytes()));
    let scan = p.scan(None, Some(&gz));
    assert_eq!(scan.decompressed, Some(Compression::Gzip));
    assert_eq!(encodings(&scan), vec![("email".into(), Encoding::Plain)]);
    assert_eq!(scan.matches[0].compression, Some(Compression::Gzip));
}

#[test]
fn nothing_found_when_nothing_leaked() {
    let p = probe(&[("email", EMAIL), ("tel", "+1 (555) 010-9999")]);
    let body = br#"{"type":3,"data":{"source":1,"positions":[{"x":10,"y":20}]}}"#;
    let scan = p.scan(Some("https://in.hotjar.com/api/v2/client?x=1"), Some(body));
    assert!(scan.matches.is_empty(), "{:?}", scan.matches);
    assert!(!scan.truncated);
}

#[test]
fn short_values_are_skipped_not_matched() {
    let p = probe(&[("pin", "1234"), ("word", " yes ")]);
    assert!(p.is_empty());
    assert_eq!(p.skipped(), 2);
    assert!(p
        .scan(Some("https://x.example/?pin=1234&a=yes"), None)
        .matches
        .is_empty());
}

#[test]
fn one_match_per_field_encoding_and_location() {
    let p = probe(&[("email", NORM)]);
    let body = format!("{NORM} {NORM} {}", NORM.to_uppercase());
    let scan = p.scan(
        Some(&format!("https://x.example/?e={NORM}")),
        Some(body.as_bytes()),
    );
    assert_eq!(scan.matches.len(), 2, "{:?}", scan.matches);
    assert_eq!(scan.matches[0].location, Location::Url);
    assert_eq!(scan.matches[1].location, Location::Body);
}

#[test]
fn oversized_payload_is_cut_and_said() {
    let p = probe(&[("email", NORM)]);
    let mut body = vec![b'x'; MAX_INSPECTED_BYTES];
    body.extend_from_slice(NORM.as_bytes());
    let scan = p.scan(None, Some(&body));
    assert!(scan.truncated);
    assert!(scan.matches.is_empty());
}

#[test]
fn too_many_values_is_an_error() {
    let many: Vec<TypedValue> = (0..=MAX_VALUES)
        .map(|i| TypedValue {
            field: field("f"),
            value: format!("value-{i}"),
        })
        .collect();
    let err = LeakProbe::new(&many).unwrap_err();
    assert_eq!(
        err,
        Error::TooManyValues {
            got: MAX_VALUES + 1,
            max: MAX_VALUES
        }
    );
}

#[test]
fn field_descriptor_reads_from_json() {
    let tv: TypedValue = serde_json::from_str(
        r#"{"field":{"name":"email","type":"email","autocomplete":"email"},"value":"a@b.example"}"#,
    )
    .unwrap();
    assert_eq!(
        tv.field.to_string(),
        "email (type=email, autocomplete=email)"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scan_never_panics(
        values in proptest::collection::vec(".{0,40}", 0..6),
        url in ".{0,200}",
        body in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let values: Vec<TypedValue> = values
            .into_iter()
            .map(|v| TypedValue { field: Field::default(), value: v })
            .collect();
        let p = LeakProbe::new(&values).unwrap();
        let _ = p.scan(Some(&url), Some(&body));
    }

    #[test]
    fn a_value_embedded_anywhere_is_found(
        value in "[a-zA-Z0-9@._-]{6,30}",
        before in proptest::collection::vec(any::<u8>(), 0..50),
        after in proptest::collection::vec(any::<u8>(), 0..50),
    ) {
        let p = LeakProbe::new(&[TypedValue { field: Field::default(), value: value.clone() }]).unwrap();
        let mut body = before.clone();
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(&after);
        // Found plain, and found as base64 of the whole blob whatever the alignment.
        prop_assert!(!p.scan(None, Some(&body)).matches.is_empty());
        let b64 = base64(&body, BASE64_STD);
        prop_assert!(!p.scan(None, Some(&b64)).matches.is_empty());
    }
}
